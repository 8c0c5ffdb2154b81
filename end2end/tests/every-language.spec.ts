import type { Page } from '@playwright/test';
import { entry } from './catalogue';
import { expect, test } from './fixtures';
import { hydrated, open } from './helpers';
import { languages, t } from './locales';

// For each language the site speaks (one file each in app/locales/), a browser set to it
// (Playwright's `locale`, which Chromium sends as `Accept-Language`) gets the pages in it, and
// so does the IdP: the authorization request names the language first in `ui_locales`.
// Every expected word is read from that language's file. (Regions falling back to their
// language, and weights, are the negotiation's unit tests, in app/src/locale.rs.)

/** The development IdP, in whatever language it speaks: its fields and buttons by name. */
async function answerAtIdp(page: Page, decision: 'allow' | 'deny'): Promise<void> {
  await page.locator('#user-ada').check();
  await page.locator('form:has(#user-ada) button[type="submit"]').click();
  await page.locator(`button[name="decision"][value="${decision}"]`).click();
}

for (const language of languages) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: language });

    test('the home page speaks it', async ({ page }) => {
      await open(page, '/');
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(language, 'home.heading'));
      await expect(page.getByRole('main').getByTestId('sign-in')).toHaveText(t(language, 'buttons.sign_in'));
      await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', t(language, 'home.description'));
      const site = t(language, 'site.name');
      await expect(page).toHaveTitle(t(language, 'site.title', { page: t(language, 'home.title'), site }));
    });

    test('the sign-in page speaks it', async ({ page }) => {
      await open(page, '/sign-in?return_to=%2Fprofile');
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(language, 'sign_in.heading'));
      await expect(page.getByRole('main')).toContainText(t(language, 'sign_in.why'));
    });

    test('an error page speaks it', async ({ page }) => {
      await open(page, '/auth/error?code=invalid_grant&ref=ABCD-2345');
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      const expected = entry('invalid_grant', language);
      await expect(page.getByTestId('error-title')).toHaveText(expected.title);
      await expect(page.getByRole('main')).toContainText(expected.what_happened);
      await expect(page.getByRole('main')).toContainText(t(language, 'failure.reference', { reference: 'ABCD-2345' }));
      await expect(page.getByRole('button', { name: t(language, 'buttons.try_again') })).toBeVisible();
    });

    test('the IdP is asked to speak it, and a failure in the popup is told in it', async ({ page, context }) => {
      await open(page, '/');
      // The authorization request goes from the popup's window.
      const asked = context.waitForEvent('request', (request) =>
        new URL(request.url()).searchParams.has('code_challenge'),
      );
      const popupOpens = page.waitForEvent('popup');
      await page.getByTestId('sign-in-popup').click();
      const authorization = new URL((await asked).url());
      expect(authorization.searchParams.get('ui_locales')?.split(' ')[0]).toBe(language);

      const popup = await popupOpens;
      const closed = popup.waitForEvent('close');
      await answerAtIdp(popup, 'deny');
      await closed;
      const failure = page.getByTestId('popup-failed');
      await expect(failure).toHaveAttribute('data-code', 'access_denied');
      await expect(failure.getByRole('heading')).toHaveText(entry('access_denied', language).title);
      await expect(failure).toContainText(entry('access_denied', language).what_to_do);
      await expect(failure.getByTestId('popup-try-again')).toHaveText(t(language, 'buttons.try_again'));
      await hydrated(page);
    });
  });
}
