import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

// Playwright's own browser downloads are optional: Debian's Chromium works, and
// PLAYWRIGHT_CHROMIUM_PATH points at any other. Unset and absent, Playwright's default applies.
const chromiumPath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// One host everywhere: 127.0.0.1 and localhost keep separate cookies.
export const baseURL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './tests',
  // Writes the error catalogue the specs read (catalogue.json).
  globalSetup: './global-setup.ts',
  // scripts/test sets this, with one line saying so, when no PostgreSQL answers outside CI.
  testIgnore: process.env.E2E_WITHOUT_POSTGRES ? ['**/database-outage.spec.ts'] : [],
  // The tests share one site and one development IdP; running them one by one keeps the
  // machine quiet and failures easy to read.
  workers: 1,
  fullyParallel: false,
  // No retries: a flaky test is a bug to fix, not to hide.
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
          ],
        },
      },
    },
  ],
});
