import { expect, test } from './fixtures';
import { hydrated, open, signIn, signInAtIdp } from './helpers';

// scripts/test sets TEAM_EMAILS=ada@example.com.

test('the team page sends signed-out visitors to sign in first', async ({ page }) => {
  await page.goto('/team/errors');
  await expect(page).toHaveURL(/\/sign-in\?return_to=%2Fteam%2Ferrors$/);
});

test('someone off the team gets a friendly 403', async ({ page }) => {
  await signIn(page, 'grace');
  const response = await page.goto('/team/errors');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toContainText("This page is for the site's team");
});

test('the chart and the filters show what failed', async ({ page }) => {
  // Two failures of different codes, so the filters have something to tell apart.
  for (const simulate of ['authorize:temporarily_unavailable', 'id_token:expired']) {
    await page.context().clearCookies();
    await open(page, '/');
    await page.getByRole('main').getByRole('button', { name: 'Sign in with Intastellar' }).click();
    await signInAtIdp(page, 'ada', simulate);
    await expect(page).toHaveURL(/\/auth\/error/);
  }
  await page.context().clearCookies();
  await signIn(page, 'ada');
  await open(page, '/team/errors');

  const chart = page.getByTestId('error-chart');
  await expect(chart.locator('g[data-code="temporarily_unavailable"]')).toHaveCount(1);
  await expect(chart.locator('g[data-code="id_token_rejected"]')).toHaveCount(1);

  await page.getByTestId('filters').getByLabel('Code').selectOption('id_token_rejected');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/code=id_token_rejected/);
  await hydrated(page);
  const codes = page.locator('table.errors tbody tr td:nth-child(4)');
  await expect(codes.first()).toHaveText('id_token_rejected');
  expect(new Set(await codes.allTextContents())).toEqual(new Set(['id_token_rejected']));

  await page.getByTestId('filters').getByLabel('Code').selectOption('');
  await page.getByTestId('filters').getByLabel('Stage').selectOption('authorize');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/stage=authorize/);
  const stages = page.locator('table.errors tbody tr td:nth-child(3)');
  await expect(stages.first()).toHaveText('authorize');
  expect(new Set(await stages.allTextContents())).toEqual(new Set(['authorize']));
});

test('a callback replayed in the same browser just continues', async ({ page }) => {
  let callback = '';
  page.on('request', (request) => {
    if (request.url().includes('/auth/callback?')) callback = request.url();
  });
  await signIn(page, 'ada');
  expect(callback).not.toBe('');
  await page.goto(callback);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('claims')).toContainText('user-ada');
});
