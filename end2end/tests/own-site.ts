import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

// A second copy of the site, with its own ports and database, that a test may stop, start,
// or take the database from. It runs the debug server that `scripts/site` built.
const repo = path.resolve(__dirname, '../..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repo, 'target');
const binary = path.join(targetDir, 'debug', 'server');

export interface OwnSite {
  origin: string;
  process: ChildProcess;
}

export async function startSite(
  port: number,
  idpPort: number,
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<OwnSite> {
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(binary, [], {
    cwd: repo,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(repo, 'target', 'site'),
      APP_BASE_URL: origin,
      DEV_IDP_ADDR: `127.0.0.1:${idpPort}`,
      DATABASE_URL: databaseUrl,
      DOTENV_DISABLED: '1',
      ...env,
    },
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return { origin, process: server };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not start');
}

export async function stopSite(site: OwnSite): Promise<void> {
  if (site.process.exitCode !== null) return;
  const exited = new Promise((resolve) => site.process.once('exit', resolve));
  site.process.kill('SIGTERM');
  await exited;
}
