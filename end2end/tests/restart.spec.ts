import { expect, test } from './fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signInAtIdp } from './helpers';
import { startSite, stopSite } from './own-site';

test('the session survives a server restart', async ({ page }) => {
  const data = mkdtempSync(path.join(tmpdir(), 'restart-'));
  const databaseUrl = `sqlite://${data}/site.db`;
  let site = await startSite(3010, 3910, databaseUrl);
  try {
    await page.goto(`${site.origin}/`);
    await page.getByRole('main').getByRole('button', { name: 'Sign in with Intastellar' }).click();
    await signInAtIdp(page, 'grace');
    await expect(page).toHaveURL(`${site.origin}/profile`);

    await stopSite(site);
    site = await startSite(3010, 3910, databaseUrl);

    await page.goto(`${site.origin}/profile`);
    await expect(page).toHaveURL(`${site.origin}/profile`);
    await expect(page.getByTestId('claims')).toContainText('user-grace');
  } finally {
    await stopSite(site);
    rmSync(data, { recursive: true, force: true });
  }
});
