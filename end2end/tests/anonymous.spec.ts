import { type Page } from '@playwright/test';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { entry } from './catalogue';
import { expect, test } from './fixtures';
import { open, signIn } from './helpers';

// scripts/test sets TEAM_EMAILS=ada@example.com.

const site = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
/** Another site, on another origin (127.0.0.2 is loopback too), served by the test itself:
 * one page with an image that points at our callback. Returns its URL and how to stop it. */
async function otherSite(): Promise<{ url: string; close: () => void }> {
  // The image's answer is HTML, which the browser keeps from the page (ORB); the script's
  // fetch is refused alike, and its answer reaches the test.
  const html = `<!doctype html><html lang="en"><title>Elsewhere</title><img alt="" src="${site}/auth/callback?i=1">
    <script>fetch(${JSON.stringify(site)} + '/auth/callback?i=2').catch(() => {});</script></html>`;
  const server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.2:${port}/`, close: () => server.close() };
}

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

  const elsewhere = await otherSite();
  const ours = (url: string, n: number) => url === `${site}/auth/callback?i=${n}`;
  const sent = Promise.all([1, 2].map((n) => page.waitForRequest((request) => ours(request.url(), n))));
  // `load` waits for the image to end, one way or the other.
  await page.goto(elsewhere.url, { waitUntil: 'load' });
  await sent;
  await page.waitForLoadState('networkidle');
  elsewhere.close();
  // The browser keeps the answers from the other site's page (ORB, CORS): the server's refusal
  // with the friendly page is checked over HTTP in server/tests/api/anonymous.rs.

  // Both were refused before the sign-in saw them: no row for the team, not even a count.
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
