import { expect, test } from './fixtures';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signInAtIdp } from './helpers';

// A second copy of the site, on its own ports and database, that this test may stop and start.
const port = 3010;
const origin = `http://127.0.0.1:${port}`;
const repo = path.resolve(__dirname, '../..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repo, 'target');
const binary = path.join(targetDir, 'debug', 'server');

async function startServer(databaseUrl: string): Promise<ChildProcess> {
  const server = spawn(binary, [], {
    cwd: repo,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(repo, 'target', 'site'),
      APP_BASE_URL: origin,
      DEV_IDP_ADDR: '127.0.0.1:3910',
      DATABASE_URL: databaseUrl,
      DOTENV_DISABLED: '1',
    },
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not start');
}

async function stopServer(server: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

test('the session survives a server restart', async ({ page }) => {
  const data = mkdtempSync(path.join(tmpdir(), 'restart-'));
  const databaseUrl = `sqlite://${data}/site.db`;
  let server = await startServer(databaseUrl);
  try {
    await page.goto(`${origin}/`);
    await page.getByRole('main').getByRole('button', { name: 'Sign in with Intastellar' }).click();
    await signInAtIdp(page, 'grace');
    await expect(page).toHaveURL(`${origin}/profile`);

    await stopServer(server);
    server = await startServer(databaseUrl);

    await page.goto(`${origin}/profile`);
    await expect(page).toHaveURL(`${origin}/profile`);
    await expect(page.getByTestId('claims')).toContainText('user-grace');
  } finally {
    await stopServer(server);
    rmSync(data, { recursive: true, force: true });
  }
});
