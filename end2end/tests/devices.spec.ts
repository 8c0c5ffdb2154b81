import { type Browser, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { hydrated, open, signIn } from './helpers';

// The devices page, /account/sessions, with one person in two browsers (two contexts: two
// cookie jars, two sessions here and two at the IdP). scripts/test's site starts the
// development IdP on its default address, and registers this site's back channel there.

const IDP = 'http://127.0.0.1:3900';

/** A new browser (its own cookies), signed in as `user`, on the profile. */
async function signedInBrowser(browser: Browser, baseURL: string | undefined, user = 'ada'): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

/** Ends this person's other sessions here, left by earlier specs (the suite shares one site),
 * so that the test counts only its own browsers. Just signed in: no fresh sign-in is asked. */
async function onlyThisBrowser(page: Page): Promise<void> {
  await open(page, '/account/sessions');
  if ((await page.getByTestId('device').count()) > 1) {
    await page.getByTestId('sign-out-others').click();
    await expect(page.getByTestId('device')).toHaveCount(1);
  }
}

async function expectSignedOut(page: Page): Promise<void> {
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in\?return_to=%2Fprofile/);
}

async function expectSignedIn(page: Page): Promise<void> {
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/profile$/);
}

test('the sessions page lists both browsers, and "sign out all other devices" ends the other', async ({
  browser,
  baseURL,
}) => {
  const laptop = await signedInBrowser(browser, baseURL);
  await onlyThisBrowser(laptop);
  const phone = await signedInBrowser(browser, baseURL);

  // From the profile, by its link.
  await open(laptop, '/profile');
  await laptop.getByTestId('devices-link').click();
  await expect(laptop).toHaveURL(/\/account\/sessions$/);
  await hydrated(laptop);
  await expect(laptop.getByTestId('device')).toHaveCount(2);
  await expect(laptop.locator('[data-testid="device"][data-this-browser="true"]')).toHaveCount(1);
  await expect(laptop.locator('[data-this-browser="true"]')).toContainText('This browser');

  // Signed in moments ago: a fresh sign-in, so it happens at once.
  await laptop.getByTestId('sign-out-others').click();
  await expect(laptop.getByTestId('devices-done')).toHaveText('Signed out of your other devices (1).');
  await expect(laptop.getByTestId('device')).toHaveCount(1);
  await expectSignedOut(phone);
  await expectSignedIn(laptop);
});

test('"sign out this device" ends the session of the row it is on', async ({ browser, baseURL }) => {
  const laptop = await signedInBrowser(browser, baseURL);
  await onlyThisBrowser(laptop);
  const phone = await signedInBrowser(browser, baseURL);
  await open(laptop, '/account/sessions');
  await laptop.locator('[data-testid="device"][data-this-browser="false"]').getByTestId('sign-out-device').click();
  await expect(laptop.getByTestId('devices-done')).toHaveText('That device is signed out.');
  await expect(laptop.getByTestId('device')).toHaveCount(1);
  await expectSignedOut(phone);
});

test('signing out at the development IdP ends the sessions here through the back channel', async ({
  browser,
  baseURL,
}) => {
  const phone = await signedInBrowser(browser, baseURL);
  const laptop = await signedInBrowser(browser, baseURL);
  const tablet = await signedInBrowser(browser, baseURL);

  // This browser's IdP session: its session here ends, though it never comes back here.
  await phone.goto(`${IDP}/session`);
  await phone.locator('form[action="/end-session"] button').click();
  await expect(phone).toHaveURL(/\/end-session/);
  await expectSignedOut(phone);
  await expectSignedIn(laptop);

  // Every IdP session of the person: the other browsers' sessions here end too.
  await laptop.goto(`${IDP}/session`);
  await laptop.locator('form[action="/session/sign-out-everywhere"] button').click();
  await expectSignedOut(tablet);
  await expectSignedOut(laptop);
});
