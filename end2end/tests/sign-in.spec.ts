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

test('a sign-in in progress stores nothing but a sealed cookie; the session comes at sign-in', async ({ page, context, baseURL }) => {
  await open(page, '/');
  await page.getByRole('button', { name: 'Sign in with Intastellar' }).click();
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  expect(await sessionCookie(context, baseURL!), 'no session before the sign-in finishes').toBeUndefined();
  const pendingCookies = async () =>
    (await context.cookies(baseURL!)).filter((cookie) => cookie.name.startsWith('intastellar_demo_sign_in.'));
  const [pending] = await pendingCookies();
  expect(pending.httpOnly).toBe(true);
  expect(pending.sameSite).toBe('Lax');

  await signInAtIdp(page, 'ada');
  await page.waitForURL('**/profile');
  expect(await pendingCookies(), 'used up').toEqual([]);
  const after = await sessionCookie(context, baseURL!);
  expect(after).toBeDefined();
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
