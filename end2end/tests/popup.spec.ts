import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { entry } from './catalogue';
import { t } from './locales';
import { hydrated, open, signInAtIdp } from './helpers';

/** Clicks "Sign in in a popup" and returns the window it opens. */
async function openPopup(page: Page): Promise<Page> {
  const popup = page.waitForEvent('popup');
  await page.getByTestId('sign-in-popup').click();
  return popup;
}

/** Opens `/`, clicks "Sign in in a popup" and waits until the popup shows the IdP's page. */
async function openPopupAtIdp(page: Page): Promise<Page> {
  await open(page, '/');
  const popup = await openPopup(page);
  await expect(popup.getByText('Development identity provider').first()).toBeVisible();
  return popup;
}

/** A failure report, shaped exactly as our popup sends it (but for no attempt yet). */
const FORGED_REPORT = { type: 'intastellar-sign-in', outcome: 'failed', code: 'access_denied', reference: 'ABCD-2345' };

test('a popup sign-in updates the opening page without a reload, and the popup closes', async ({ page, baseURL }) => {
  await open(page, '/');
  await page.evaluate(() => ((window as unknown as { beforeSignIn: string }).beforeSignIn = 'kept'));
  const popup = await openPopup(page);
  await expect(page.getByTestId('popup-waiting')).toBeVisible();
  const closed = popup.waitForEvent('close');
  await signInAtIdp(popup, 'ada');
  await closed;

  await expect(page.getByTestId('greeting')).toHaveText(t('en', 'home.greeting', { name: 'Ada Lovelace' }));
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
  expect(page.url()).toBe(`${baseURL}/`);
  // The same document: what the page held before the click is still there.
  expect(await page.evaluate(() => (window as unknown as { beforeSignIn?: string }).beforeSignIn)).toBe('kept');
  // And the server agrees: a real session.
  await open(page, '/profile');
  await expect(page.getByTestId('claims')).toContainText('user-ada');
});

test('a blocked popup explains itself and offers a redirect that signs in', async ({ page }) => {
  await open(page, '/');
  await page.evaluate(() => (window.open = () => null));
  await page.getByTestId('sign-in-popup').click();
  await expect(page.getByTestId('popup-blocked')).toContainText(t('en', 'popup.blocked'));
  await page.getByTestId('sign-in-redirect-instead').click();
  await signInAtIdp(page, 'ada');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
});

test('closing the popup says so and leaves the page usable', async ({ page }) => {
  const popup = await openPopupAtIdp(page);
  await popup.close();
  await expect(page.getByTestId('popup-closed')).toHaveText(t('en', 'popup.closed'));

  const again = await openPopup(page);
  await signInAtIdp(again, 'grace');
  await expect(page.getByTestId('whoami')).toHaveText('Grace Hopper');
});

test('a denied consent in the popup shows the friendly error and its reference, and Try again works', async ({ page }) => {
  const popup = await openPopupAtIdp(page);
  await popup.locator('#user-ada').check();
  await popup.getByRole('button', { name: 'Continue' }).click();
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Deny' }).click();
  await closed;

  const failure = page.getByTestId('popup-failed');
  await expect(failure).toHaveAttribute('data-code', 'access_denied');
  await expect(failure.getByRole('heading')).toHaveText(entry('access_denied').title);
  await expect(failure.getByTestId('error-reference')).toHaveText(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);

  const retry = page.waitForEvent('popup');
  await page.getByTestId('popup-try-again').click();
  const second = await retry;
  await signInAtIdp(second, 'ada');
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
});

test('messages from another origin or another window are ignored', async ({ page }) => {
  const popup = await openPopupAtIdp(page);
  // Forged reports name this click's attempt (the form posted it): only where they come from gives them away.
  const report = { ...FORGED_REPORT, attempt: await page.locator('input[name="attempt"]').inputValue() };

  // The popup's window, while it shows the IdP (another origin), and this page itself (our
  // origin, but not the popup) both post a well-formed report. Each then posts a marker
  // behind it, so once the marker arrives the report has been handled.
  const markerArrives = (marker: string) =>
    page.evaluate(
      (marker) =>
        new Promise<void>((resolve) =>
          window.addEventListener('message', (event) => event.data === marker && resolve()),
        ),
      marker,
    );
  const fromIdp = markerArrives('idp-done');
  await popup.evaluate((report) => {
    window.opener.postMessage(report, '*');
    window.opener.postMessage('idp-done', '*');
  }, report);
  await fromIdp;
  const fromPage = markerArrives('page-done');
  await page.evaluate((report) => {
    window.postMessage(report, window.location.origin);
    window.postMessage('page-done', window.location.origin);
  }, report);
  await fromPage;
  await expect(page.getByTestId('popup-failed')).toBeHidden();
  await expect(page.getByTestId('popup-waiting')).toBeVisible();

  // The real report still counts.
  await signInAtIdp(popup, 'ada');
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
});

test('a popup the IdP cuts off from its opener finishes in its own window, and the page still updates', async ({
  page,
}) => {
  const popup = await openPopupAtIdp(page);
  await page.evaluate(() => ((window as unknown as { beforeSignIn: string }).beforeSignIn = 'kept'));
  // The IdP's consent page sends `Cross-Origin-Opener-Policy: same-origin`: from there on the
  // popup has no opener, and this page cannot see the popup.
  await signInAtIdp(popup, 'ada', 'consent:coop_same_origin');
  await expect(popup.getByTestId('popup-finished-here')).toBeVisible();
  expect(await popup.evaluate(() => window.opener)).toBeNull();
  await expect(popup.getByRole('heading', { name: t('en', 'popup.signed_in') })).toBeVisible();
  await expect(popup.getByRole('link', { name: t('en', 'popup.continue_here') })).toHaveAttribute('href', '/');

  // The report came on the site's BroadcastChannel: the page updated in place.
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
  await expect(page.getByTestId('greeting')).toHaveText(t('en', 'home.greeting', { name: 'Ada Lovelace' }));
  expect(await page.evaluate(() => (window as unknown as { beforeSignIn?: string }).beforeSignIn)).toBe('kept');

  // The button closes the window, which can win the race with the click's own bookkeeping:
  // the window's close event is the proof, and any other click failure still fails the test.
  const closed = popup.waitForEvent('close');
  await popup
    .getByTestId('popup-close')
    .click()
    .catch((error: unknown) => {
      if (!popup.isClosed()) throw error;
    });
  await closed;
});

test('a failure in a popup cut off from its opener is shown in both windows', async ({ page }) => {
  const popup = await openPopupAtIdp(page);
  await popup.locator('#user-ada').check();
  await popup.locator('#simulate').selectOption('consent:coop_same_origin');
  await popup.getByRole('button', { name: 'Continue' }).click();
  await popup.getByRole('button', { name: 'Deny' }).click();

  await expect(popup.getByTestId('popup-finished-here')).toBeVisible();
  await expect(popup.getByTestId('error-title')).toHaveText(entry('access_denied').title);
  const reference = await popup.getByTestId('error-reference').textContent();
  const failure = page.getByTestId('popup-failed');
  await expect(failure).toHaveAttribute('data-code', 'access_denied');
  await expect(failure.getByTestId('error-reference')).toHaveText(reference ?? 'a reference');
});

test('opened by hand, the popup page tells nobody and shows how it ended', async ({ page }) => {
  await page.goto('/auth/popup?return_to=%2Fsigned-out');
  await hydrated(page);
  await expect(page.getByTestId('popup-finished-here')).toBeVisible();
  await expect(page.getByRole('link', { name: t('en', 'popup.continue_here') })).toHaveAttribute('href', '/signed-out');
  await expect(page).toHaveURL(/\/auth\/popup/);
});

test('each click names a new window, and a report for another attempt is ignored', async ({ page }) => {
  await open(page, '/');
  const names: string[] = [];
  await page.exposeFunction('recordName', (name: string) => names.push(name));
  await page.evaluate(() => {
    const open = window.open.bind(window);
    window.open = (url, name, features) => {
      (window as unknown as { recordName: (name: string) => void }).recordName(String(name));
      return open(url, name, features);
    };
  });
  const first = await openPopup(page);
  await expect(first.getByText('Development identity provider').first()).toBeVisible();
  const second = await openPopup(page);
  await expect(second.getByText('Development identity provider').first()).toBeVisible();
  expect(names).toHaveLength(2);
  for (const name of names) expect(name).toMatch(/^intastellar-sign-in-[0-9a-f]{32}$/);
  expect(names[0]).not.toBe(names[1]);
  await expect.poll(() => first.isClosed()).toBe(true);

  // A well-formed report on the site's channel, for an attempt of no click of this page.
  await page.evaluate(async (report) => {
    const heard = new Promise<void>((resolve) => {
      const listener = new BroadcastChannel('intastellar-sign-in');
      listener.onmessage = (event) => event.data === 'done' && resolve();
    });
    const channel = new BroadcastChannel('intastellar-sign-in');
    channel.postMessage({ ...report, attempt: '0'.repeat(32) });
    channel.postMessage('done');
    await heard;
  }, FORGED_REPORT);
  await expect(page.getByTestId('popup-failed')).toBeHidden();
  await expect(page.getByTestId('popup-waiting')).toBeVisible();

  await signInAtIdp(second, 'ada');
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
});
