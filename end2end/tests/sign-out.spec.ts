import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { hydrated, signIn, signInAtIdp } from './helpers';

/** Counts the IdP sign-in pages the browser is shown from now on. */
function countIdpPages(page: Page): () => number {
  let shown = 0;
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname === '/authorize' && response.status() === 200) shown += 1;
  });
  return () => shown;
}

test('signing out of this site only: the header updates, and the next sign-in is silent', async ({ page }) => {
  await signIn(page, 'ada');
  await page.getByRole('button', { name: 'Sign out of this site' }).click();
  await expect(page).toHaveURL(/\/signed-out$/);
  await expect(page.getByTestId('signed-out-message')).toContainText('Intastellar may still remember you');
  // The header changed without a reload.
  await expect(page.getByTestId('whoami')).toHaveCount(0);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in/);

  const idpPages = countIdpPages(page);
  await hydrated(page);
  await page.getByRole('main').getByRole('button', { name: 'Sign in with Intastellar' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('claims')).toContainText('user-ada');
  expect(idpPages(), 'the IdP remembered Ada and asked nothing').toBe(0);
});

test('signing out everywhere: the IdP forgets you and asks again', async ({ page }) => {
  await signIn(page, 'ada');
  await page.getByRole('button', { name: 'Sign out of Intastellar too' }).click();
  await expect(page).toHaveURL(/\/signed-out\?state=/);
  await expect(page.getByTestId('signed-out-message')).toContainText('Intastellar has signed you out too');
  await expect(page.getByTestId('whoami')).toHaveCount(0);

  await hydrated(page);
  await page.getByRole('main').getByRole('button', { name: 'Sign in again' }).click();
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  await signInAtIdp(page, 'grace');
  await expect(page.getByTestId('claims')).toContainText('user-grace');
});
