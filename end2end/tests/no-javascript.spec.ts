import { expect, test } from './fixtures';
import { signInAtIdp } from './helpers';

// Every flow is plain HTML forms and redirects underneath; JavaScript only enhances it.
test.use({ javaScriptEnabled: false });

test('signing in and out works without JavaScript', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('main').getByRole('button', { name: 'Sign in with Intastellar' }).click();
  await signInAtIdp(page, 'ada');
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('claims')).toContainText('user-ada');
  await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');

  await page.getByRole('button', { name: 'Sign out of Intastellar too' }).click();
  await expect(page).toHaveURL(/\/signed-out\?state=/);
  await expect(page.getByTestId('signed-out-message')).toContainText('Intastellar has signed you out too');
});

test('without JavaScript the popup choice is an ordinary redirect sign-in', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('sign-in-popup').click();
  await signInAtIdp(page, 'grace');
  // Back on the page it started from, in the same window, signed in.
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('whoami')).toHaveText('Grace Hopper');
});
