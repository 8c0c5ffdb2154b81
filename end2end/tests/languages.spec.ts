import { expect, test } from './fixtures';
import { open, signIn } from './helpers';
import { languages, otherLanguages, t } from './locales';

// The languages feature: a link per language in the header, `?lang=` on any page, remembered
// in a cookie; and the `hreflang` alternates that are the same links.

const [other] = otherLanguages;

test('every page links to itself in every language, and search engines see the same links', async ({
  page,
  baseURL,
}) => {
  await open(page, '/auth/error?code=access_denied&ref=ABCD-2345');
  for (const language of languages) {
    const link = page.getByTestId(`language-${language}`);
    await expect(link).toHaveText(t(language, 'language_name'));
    await expect(link).toHaveAttribute('lang', language);
    await expect(link).toHaveAttribute('href', `/auth/error?code=access_denied&ref=ABCD-2345&lang=${language}`);
    await expect(page.locator(`link[rel="alternate"][hreflang="${language}"]`)).toHaveAttribute(
      'href',
      `${baseURL}/auth/error?code=access_denied&ref=ABCD-2345&lang=${language}`,
    );
  }
  await expect(page.locator('link[rel="alternate"][hreflang="x-default"]')).toHaveAttribute(
    'href',
    `${baseURL}/auth/error?code=access_denied&ref=ABCD-2345`,
  );
  await expect(page.getByTestId('language-en')).toHaveAttribute('aria-current', 'true');
});

test('a language picked in the header is remembered on the pages that follow', async ({ page }) => {
  await open(page, '/');
  await page.getByTestId(`language-${other}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', other);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(other, 'home.heading'));
  await expect(page.getByTestId(`language-${other}`)).toHaveAttribute('aria-current', 'true');

  // No `?lang=` from here on: the cookie remembers, whatever the browser prefers.
  await open(page, '/sign-in?return_to=%2Fprofile');
  await expect(page.locator('html')).toHaveAttribute('lang', other);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(other, 'sign_in.heading'));

  await page.getByTestId('language-en').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'sign_in.heading'));
  await open(page, '/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('switching language keeps a signed-in person signed in', async ({ page }) => {
  await signIn(page, 'ada');
  await page.getByTestId(`language-${other}`).click();
  await expect(page).toHaveURL(new RegExp(`/profile\\?lang=${other}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(other, 'profile.heading', { name: 'Ada Lovelace' }));
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
  await expect(page.getByTestId('claims')).toContainText('user-ada');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the switcher is plain links, and a signed-in person stays signed in', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId(`language-${other}`).click();
    await expect(page.locator('html')).toHaveAttribute('lang', other);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(other, 'home.heading'));

    await page.getByRole('main').getByTestId('sign-in').click();
    await page.locator('#user-ada').check();
    await page.locator('form:has(#user-ada) button[type="submit"]').click();
    await page.locator('button[name="decision"][value="allow"]').click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.locator('html')).toHaveAttribute('lang', other);

    await page.getByTestId('language-en').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'profile.heading', { name: 'Ada Lovelace' }));
    await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');
  });
});
