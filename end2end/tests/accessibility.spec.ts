import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { entry } from './catalogue';
import { expect, test } from './fixtures';
import { hydrated, open, signIn } from './helpers';

// Every page passes axe-core's WCAG 2.1 A/AA and best-practice rules, and reads on a
// 390 px wide phone without sideways scrolling, in English and in German (long words, and
// the language the browser asks for rather than the default). scripts/test sets
// TEAM_EMAILS=ada@example.com.

/** The languages every page is checked in. */
const LANGUAGES = ['en', 'de'];

const PHONE_WIDTH = 390;

async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const problems = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(problems, `axe violations on ${what}`).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${what} is wider than the phone`).toBeLessThanOrEqual(PHONE_WIDTH);
}

async function check(page: Page, what: string): Promise<void> {
  await expectAccessible(page, what);
  await page.setViewportSize({ width: PHONE_WIDTH, height: 844 });
  await expectNoSidewaysScroll(page, what);
  await page.setViewportSize({ width: 1280, height: 720 });
}

const publicPages = [
  '/',
  '/sign-in?return_to=%2Fprofile',
  '/sign-in?return_to=%2Fprofile&reason=session_ended',
  '/sign-in?return_to=%2Faccount%2Fuserinfo&reason=refresh_refused',
  '/signed-out',
  '/auth/error?code=access_denied&ref=ABCD-2345',
  '/auth/error?code=invalid_client&ref=ABCD-2345',
  '/auth/popup?return_to=%2F', // feature: popup (opened by hand, it finishes in its own window)
  '/auth/popup?code=access_denied&ref=ABCD-2345', // feature: popup
  '/troubleshooting',
  '/no/such/page',
];

for (const language of LANGUAGES) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: language });

    for (const path of publicPages) {
      test(`${path} is accessible and fits a phone`, async ({ page }) => {
        await open(page, path);
        await check(page, path);
      });
    }

    test("the development IdP's pages are accessible and fit a phone", async ({ page }) => {
      await open(page, '/');
      await page.getByRole('main').getByTestId('sign-in').click();
      await expect(page.locator('#user-ada')).toBeVisible();
      await check(page, 'the IdP sign-in page');
      await page.locator('#user-ada').check();
      await page.locator('form:has(#user-ada) button[type="submit"]').click();
      await expect(page.locator('button[name="decision"][value="allow"]')).toBeVisible();
      await check(page, 'the IdP consent page');
      await page.locator('button[name="decision"][value="allow"]').click();
      await page.waitForURL('**/profile');
      await page.goto('http://127.0.0.1:3900/session');
      await check(page, "the IdP's session page");
  });

  test('signed-in pages are accessible and fit a phone', async ({ page }) => {
    await signIn(page, 'ada');
    await check(page, '/profile');
    for (const path of ['/', '/team/errors', '/account/userinfo', '/account/sessions' /* feature: devices */]) {
      await open(page, path);
      await hydrated(page);
      await check(page, `${path} signed in`);
    }
  });

  test("the refusal of another site's form is accessible and fits a phone", async ({ page, baseURL }) => {
    // A page that is not ours posts to the sign-in form: the browser sends its own Origin.
    await page.setContent(
      `<form method="post" action="${baseURL}/auth/login"><button type="submit">Post</button></form>`,
    );
    await page.getByRole('button', { name: 'Post' }).click();
    await expect(page.getByRole('heading', { name: entry('cross_site_request', language).title })).toBeVisible();
    await check(page, 'the 403 page');
  });
  });
}
