import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOGUE_FILE } from './tests/catalogue';

/**
 * Writes the error catalogue for the specs, from the sign-in core itself, whether the suite
 * runs under `scripts/test`, `cargo leptos end-to-end` or by hand with `npx playwright test`.
 */
export default function globalSetup(): void {
  const json = execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'sign_in', '--example', 'catalogue'], {
    cwd: path.resolve(__dirname, '..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  writeFileSync(CATALOGUE_FILE, json);
}
