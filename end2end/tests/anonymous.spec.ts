import { type Page } from '@playwright/test';
import { entry } from './catalogue';
import { expect, test } from './fixtures';
import { open, signIn } from './helpers';

// scripts/test sets TEAM_EMAILS=ada@example.com.

const site = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
// Another site: another origin as far as the browser knows (127.0.0.2 is loopback too), whose
// one page the test serves itself.
const otherSite = 'http://127.0.0.2:3999';

/** What the team page shows: the logged failures and the anonymous callbacks counted. */
async function teamView(page: Page): Promise<{ logged: string; stateMissing: string }> {
  await open(page, '/team/errors');
  const logged = (await page.getByTestId('error-total').textContent()) ?? '';
  const row = page.getByTestId('anonymous-counts').locator('tr[data-code="state_missing"] td:nth-child(2)');
  const stateMissing = (await row.count()) > 0 ? ((await row.textContent()) ?? '') : '0';
  return { logged, stateMissing };
}

test("another site's <img> of the callback is refused and stores nothing", async ({ page }) => {
  await signIn(page, 'ada');
  const before = await teamView(page);

  await page.route(`${otherSite}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><title>Elsewhere</title><img alt="" src="${site}/auth/callback?i=1"></html>`,
    }),
  );
  const answer = page.waitForResponse((response) => response.url().startsWith(`${site}/auth/callback`));
  await page.goto(`${otherSite}/`);
  const refused = await answer;

  // The browser said it was loading an image: refused with the friendly page, and a reference.
  expect(refused.status()).toBe(403);
  const body = await refused.text();
  expect(body).toContain(entry('embedded_request').title);
  expect(body).toMatch(/data-testid="error-reference">[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}</);

  // It reached nothing: no row for the team, not even a count.
  expect(await teamView(page)).toEqual(before);
});

test('a callback that matches no sign-in is counted for the team, never logged', async ({ page }) => {
  await signIn(page, 'ada');
  const before = await teamView(page);

  await page.goto('/auth/callback?i=1');
  await expect(page).toHaveURL(/\/auth\/error\?code=state_missing&ref=[A-Z0-9-]{9}$/);
  await expect(page.getByTestId('error-title')).toHaveText(entry('state_missing').title);
  const reference = (await page.getByTestId('error-reference').textContent()) ?? '';

  const after = await teamView(page);
  expect(after.logged).toBe(before.logged);
  expect(Number(after.stateMissing)).toBe(Number(before.stateMissing) + 1);
  await open(page, `/team/errors?ref=${reference}`);
  await expect(page.getByTestId('no-row')).toContainText('Nothing is logged under this reference');
});
