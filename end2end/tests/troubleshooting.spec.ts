import { expect, test } from './fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { open, signIn } from './helpers';
import { startSite, stopSite } from './own-site';

// The development IdP that scripts/test's site starts (DEV_IDP_ADDR's default).
const IDP = 'http://127.0.0.1:3900';

test('the troubleshooting page shows the URIs to register and passing live checks', async ({ page, baseURL }) => {
  await signIn(page, 'ada');
  await open(page, '/troubleshooting');
  await expect(page.getByTestId('redirect-uri')).toHaveText(`${baseURL}/auth/callback`);
  await expect(page.getByTestId('post-logout-uri')).toHaveText(`${baseURL}/signed-out`);
  const checks = page.getByTestId('live-checks').locator('[data-check]');
  await expect(checks).toHaveCount(11);
  await expect(page.locator('[data-check][data-status="warn"]')).toHaveCount(0);
});

test("an IdP whose clock is off shows a clock warning; only the team sees by how much", async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  await signIn(page, 'ada'); // on the team (TEAM_EMAILS), and before the clocks disagree
  const shifted = await request.post(`${IDP}/dev/clock`, { form: { offset_seconds: '900' } });
  expect(shifted.ok()).toBe(true);
  const clock = page.locator('[data-check="clock"]');
  try {
    // The page reuses what it learnt about the IdP for a few seconds: reload until it asks again.
    await expect(async () => {
      await open(page, '/troubleshooting');
      await expect(clock).toHaveAttribute('data-status', 'warn', { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(clock).toContainText('OIDC_CLOCK_LEEWAY_SECONDS');
    await expect(clock.getByTestId('check-detail')).toContainText(/s behind the IdP/);

    // A stranger gets the warning and what to do, not the figure.
    const strangers = await browser.newContext();
    const stranger = await strangers.newPage();
    await open(stranger, `${baseURL}/troubleshooting`);
    const theirs = stranger.locator('[data-check="clock"]');
    await expect(theirs).toHaveAttribute('data-status', 'warn');
    await expect(theirs).toContainText('OIDC_CLOCK_LEEWAY_SECONDS');
    await expect(stranger.getByTestId('check-detail')).toHaveCount(0);
    await expect(stranger.getByTestId('details-for-the-team')).toBeVisible();
    await strangers.close();
  } finally {
    await request.post(`${IDP}/dev/clock`, { form: { offset_seconds: '0' } });
  }
});

test('a stopped IdP fails the discovery check', async ({ page }) => {
  // Site A runs the development IdP; site B signs in with A's IdP as its real one. Stopping A
  // stops B's IdP.
  const data = mkdtempSync(path.join(tmpdir(), 'idp-stopped-'));
  const idpSite = await startSite(3010, 3910, `sqlite://${data}/a.db`);
  let site;
  try {
    site = await startSite(3011, 3911, `sqlite://${data}/b.db`, {
      OIDC_ISSUER_URL: 'http://127.0.0.1:3910',
      OIDC_CLIENT_ID: 'dev-client',
      OIDC_CLIENT_SECRET: 'dev-secret',
    });
    const discovery = page.locator('[data-check="discovery"]');
    await page.goto(`${site.origin}/troubleshooting`);
    await expect(discovery).toHaveAttribute('data-status', 'pass');

    await stopSite(idpSite);
    // The page reuses what it learnt about the IdP for a few seconds: reload until it asks again.
    await expect(async () => {
      await page.goto(`${site.origin}/troubleshooting`);
      await expect(discovery).toHaveAttribute('data-status', 'warn', { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(discovery).toContainText(/could not/i);
  } finally {
    if (site) await stopSite(site);
    await stopSite(idpSite);
    rmSync(data, { recursive: true, force: true });
  }
});
