import { expect, test } from './fixtures';
import { hydrated, open, sessionCookie, signIn, signInAtIdp } from './helpers';

test('signing in shows the profile and the header knows who you are', async ({ page }) => {
  await signIn(page, 'ada');
  const claims = page.getByTestId('claims');
  await expect(claims).toContainText('user-ada');
  await expect(claims).toContainText('Ada Lovelace');
  await expect(claims).toContainText('ada@example.com');
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
  // Tokens stay on the server: nothing that looks like a JWT reaches the page.
  expect(await page.content()).not.toMatch(/eyJ[\w-]+\.eyJ/);
});

test('a protected page sends you to sign in, then back to it', async ({ page }) => {
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in\?return_to=%2Fprofile$/);
  await hydrated(page);
  await page.getByRole('main').getByRole('button', { name: 'Sign in with Intastellar' }).click();
  await signInAtIdp(page, 'grace');
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('claims')).toContainText('user-grace');
});

test('the session cookie is HttpOnly and SameSite=Lax, and its id changes at sign-in', async ({ page, context, baseURL }) => {
  await open(page, '/');
  await page.getByRole('button', { name: 'Sign in with Intastellar' }).click();
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  const before = await sessionCookie(context, baseURL!);
  expect(before, 'the pending sign-in lives in a session').toBeDefined();

  await signInAtIdp(page, 'ada');
  await page.waitForURL('**/profile');
  const after = await sessionCookie(context, baseURL!);
  expect(after).toBeDefined();
  expect(after!.value).not.toBe(before!.value);
  expect(after!.httpOnly).toBe(true);
  expect(after!.sameSite).toBe('Lax');
  expect(after!.secure).toBe(false); // plain http here; https sets Secure
  // The page's scripts cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain('intastellar_demo_session');
});

test('a user without a name is greeted by email', async ({ page }) => {
  await signIn(page, 'nameless');
  await expect(page.getByTestId('whoami')).toHaveText('nameless@example.com');
});

test('"Use another account" shows the IdP\'s account choice even while signed in there', async ({ page }) => {
  await signIn(page, 'ada');
  await page.getByTestId('use-another-account').click();
  await expect(page.getByRole('heading', { name: 'Choose an account' })).toBeVisible();
  await signInAtIdp(page, 'grace');
  await page.waitForURL('**/profile');
  await hydrated(page);
  await expect(page.getByTestId('claims')).toContainText('user-grace');
});
