import { expect, test } from './fixtures';
import { spawnSync } from 'node:child_process';
import { entry } from './catalogue';
import { hydrated, signInAtIdp } from './helpers';
import { startSite, stopSite } from './own-site';

// A copy of the site on a PostgreSQL database of its own, which the test takes away and
// gives back, as a database restart would. The database lives on the server the Rust tests
// use (TEST_DATABASE_URL), under a name their clean-up recognises if this run is killed.
const server = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `intastellar_test_${process.pid}_e2e`;

function psql(sql: string): { ok: boolean; output: string } {
  const run = spawnSync('psql', [server, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? run.error ?? ''}` };
}

function databaseUrl(): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

test('while the database is down, the profile says so with a 503 and public pages still work', async ({ page }) => {
  // scripts/test leaves this file out, with one line saying so, where no PostgreSQL answers.
  const reachable = psql('SELECT 1');
  expect(reachable.ok, `PostgreSQL at ${server}: ${reachable.output}`).toBe(true);

  expect(psql(`CREATE DATABASE "${database}"`).ok).toBe(true);
  const site = await startSite(3011, 3911, databaseUrl(), { DATABASE_ACQUIRE_TIMEOUT_SECONDS: '1' });
  try {
    await page.goto(`${site.origin}/`);
    await page.getByRole('main').getByRole('button', { name: 'Sign in with Intastellar' }).click();
    await signInAtIdp(page, 'grace');
    await expect(page).toHaveURL(`${site.origin}/profile`);

    // The database stops taking connections, and the site's open ones are cut.
    expect(psql(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`).ok).toBe(true);
    psql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`);

    const profile = await page.goto(`${site.origin}/profile`);
    expect(profile?.status()).toBe(503);
    await hydrated(page);
    await expect(page.getByTestId('load-error')).toContainText(entry('database_unavailable').title);
    await expect(page.getByTestId('error-reference')).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const home = await page.goto(`${site.origin}/`);
    expect(home?.status()).toBe(200);
    await hydrated(page);
    await expect(page.getByRole('main').getByRole('button', { name: 'Sign in with Intastellar' })).toBeVisible();

    // Back again: Grace is still signed in, without a restart.
    expect(psql(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`).ok).toBe(true);
    await page.goto(`${site.origin}/profile`);
    await expect(page.getByTestId('claims')).toContainText('user-grace');
  } finally {
    await stopSite(site);
    psql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
});
