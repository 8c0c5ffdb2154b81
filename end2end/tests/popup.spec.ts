import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { entry } from './catalogue';
import { open, signInAtIdp } from './helpers';

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

/** A failure report, shaped exactly as our popup sends it. */
const FORGED_REPORT = { type: 'intastellar-sign-in', outcome: 'failed', code: 'access_denied', reference: 'ABCD-2345' };

test('a popup sign-in updates the opening page without a reload, and the popup closes', async ({ page, baseURL }) => {
  await open(page, '/');
  await page.evaluate(() => ((window as unknown as { beforeSignIn: string }).beforeSignIn = 'kept'));
  const popup = await openPopup(page);
  await expect(page.getByTestId('popup-waiting')).toBeVisible();
  const closed = popup.waitForEvent('close');
  await signInAtIdp(popup, 'ada');
  await closed;

  await expect(page.getByTestId('greeting')).toContainText('Welcome back, Ada Lovelace');
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
  await expect(page.getByTestId('popup-blocked')).toContainText('allow pop-ups for this site');
  await page.getByTestId('sign-in-redirect-instead').click();
  await signInAtIdp(page, 'ada');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
});

test('closing the popup says so and leaves the page usable', async ({ page }) => {
  const popup = await openPopupAtIdp(page);
  await popup.close();
  await expect(page.getByTestId('popup-closed')).toContainText('The sign-in window was closed');

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
  }, FORGED_REPORT);
  await fromIdp;
  const fromPage = markerArrives('page-done');
  await page.evaluate((report) => {
    window.postMessage(report, window.location.origin);
    window.postMessage('page-done', window.location.origin);
  }, FORGED_REPORT);
  await fromPage;
  await expect(page.getByTestId('popup-failed')).toHaveCount(0);
  await expect(page.getByTestId('popup-waiting')).toBeVisible();

  // The real report still counts.
  await signInAtIdp(popup, 'ada');
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
});

test('without an opener the popup page goes on by itself', async ({ page }) => {
  // Opened directly (no window.opener), the page continues to where the sign-in was going.
  await page.goto('/auth/popup?return_to=%2Fsigned-out');
  await expect(page).toHaveURL(/\/signed-out$/);
});
