import { expect, type BrowserContext, type Page } from '@playwright/test';

export const SESSION_COOKIE = 'intastellar_demo_session';

/**
 * Waits until the page is interactive: the app marks <body> once Leptos has hydrated its
 * islands, and a page without an island (which loads no script) comes marked already.
 */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('body[data-hydrated="true"]')).toBeAttached();
}

/** Opens a page of the site and waits for it to become interactive. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await hydrated(page);
}

/**
 * On the development IdP's sign-in page: picks a test user and continues, then allows. Its
 * fields and buttons are found by name, not by their words: the IdP speaks the person's
 * language too.
 */
export async function signInAtIdp(page: Page, user = 'ada', simulate = ''): Promise<void> {
  await page.locator(`#user-${user}`).check();
  if (simulate) await page.locator('#simulate').selectOption(simulate);
  await page.locator(`form:has(#user-${user}) button[type="submit"]`).click();
  if (!simulate.startsWith('authorize:')) {
    await page.locator('button[name="decision"][value="allow"]').click();
  }
}

/** The whole sign-in from the home page, ending on the profile. */
export async function signIn(page: Page, user = 'ada'): Promise<void> {
  await open(page, '/');
  await page.getByRole('main').getByTestId('sign-in').click();
  await signInAtIdp(page, user);
  await page.waitForURL('**/profile');
  await hydrated(page);
}

/** Our session cookie as the browser holds it. */
export async function sessionCookie(context: BrowserContext, baseURL: string) {
  const cookies = await context.cookies(baseURL);
  return cookies.find((cookie) => cookie.name === SESSION_COOKIE);
}
