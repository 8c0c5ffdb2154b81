import { expect, test } from './fixtures';
import { open, signIn } from './helpers';

// The development IdP that scripts/test's site starts (DEV_IDP_ADDR's default).
const IDP = 'http://127.0.0.1:3900';

test('the troubleshooting page shows the URIs to register and passing live checks', async ({ page, baseURL }) => {
  await signIn(page, 'ada');
  await open(page, '/troubleshooting');
  await expect(page.getByTestId('redirect-uri')).toHaveText(`${baseURL}/auth/callback`);
  await expect(page.getByTestId('post-logout-uri')).toHaveText(`${baseURL}/signed-out`);
  const checks = page.getByTestId('live-checks').locator('[data-check]');
  await expect(checks).toHaveCount(10);
  await expect(page.locator('[data-check][data-status="warn"]')).toHaveCount(0);
});

test("an IdP whose clock is off shows a clock warning", async ({ page, request }) => {
  const shifted = await request.post(`${IDP}/dev/clock`, { form: { offset_seconds: '900' } });
  expect(shifted.ok()).toBe(true);
  try {
    // The page reuses what it learnt about the IdP for a few seconds: reload until it asks again.
    await expect(async () => {
      await open(page, '/troubleshooting');
      await expect(page.locator('[data-check="clock"]')).toHaveAttribute('data-status', 'warn', { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.locator('[data-check="clock"]')).toContainText('OIDC_CLOCK_LEEWAY_SECONDS');
  } finally {
    await request.post(`${IDP}/dev/clock`, { form: { offset_seconds: '0' } });
  }
});
