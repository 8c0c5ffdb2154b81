import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { hydrated, signInAtIdp } from './helpers';
import { t } from './locales';
import { startSite, stopSite, type OwnSite } from './own-site';

// The userinfo feature on a copy of the site whose development IdP issues access tokens that
// live one second: below the clock leeway, so every visit of /account/userinfo refreshes first.

const PAGE = '/account/userinfo';
let site: OwnSite;
let data: string;

test.beforeAll(async () => {
  data = mkdtempSync(path.join(tmpdir(), 'userinfo-'));
  site = await startSite(3011, 3911, `sqlite://${data}/site.db`, { DEV_IDP_ACCESS_TOKEN_SECONDS: '1' });
});

test.afterAll(async () => {
  await stopSite(site);
  rmSync(data, { recursive: true, force: true });
});

async function signInThere(page: Page, simulate = ''): Promise<void> {
  await page.goto(`${site.origin}/`);
  await hydrated(page);
  await page.getByRole('main').getByTestId('sign-in').click();
  await signInAtIdp(page, 'ada', simulate);
  await expect(page).toHaveURL(`${site.origin}/profile`);
}

async function tokenExpiry(page: Page): Promise<number> {
  return Number(await page.getByTestId('token-expires').getAttribute('data-expires-at'));
}

test('after the access token expired, the page shows fresh claims', async ({ page }) => {
  await signInThere(page);
  await page.getByRole('link', { name: t('en', 'userinfo.link') }).click();
  await expect(page).toHaveURL(`${site.origin}${PAGE}`);
  await expect(page.getByRole('heading', { name: t('en', 'userinfo.heading') })).toBeVisible();
  const claims = page.getByTestId('userinfo-claims');
  await expect(claims).toContainText('user-ada');
  await expect(claims).toContainText('Ada Lovelace');
  const first = await tokenExpiry(page);

  // Each visit finds the one-second token expired and refreshes it: a later expiry, the same person.
  await expect
    .poll(async () => {
      await page.reload();
      return tokenExpiry(page);
    })
    .toBeGreaterThan(first);
  await expect(claims).toContainText('Ada Lovelace');
});

test('a refused refresh ends on the sign-in page with its reason', async ({ page }) => {
  await signInThere(page, 'refresh:invalid_grant');
  await page.goto(`${site.origin}${PAGE}`);
  await expect(page).toHaveURL(/\/sign-in\?return_to=%2Faccount%2Fuserinfo&reason=refresh_refused$/);
  await expect(page.getByTestId('refresh-refused')).toHaveText(t('en', 'tokens.refresh_refused'));
  await page.goto(`${site.origin}/profile`);
  await expect(page).toHaveURL(/\/sign-in\?return_to=%2Fprofile$/);
});
