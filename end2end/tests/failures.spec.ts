import { type Page } from '@playwright/test';
import { entry } from './catalogue';
import { expect, test } from './fixtures';
import { hydrated, open, signInAtIdp } from './helpers';

// Each failure the development IdP can simulate and the code it must end on; the page shows
// the catalogue's entry for that code.
const failures: Array<{ simulate: string; code: string; describedByIdp?: boolean }> = [
  { simulate: 'authorize:invalid_request', code: 'invalid_request', describedByIdp: true },
  { simulate: 'authorize:unauthorized_client', code: 'unauthorized_client', describedByIdp: true },
  { simulate: 'authorize:access_denied', code: 'access_denied', describedByIdp: true },
  { simulate: 'authorize:invalid_scope', code: 'invalid_scope', describedByIdp: true },
  { simulate: 'authorize:server_error', code: 'server_error', describedByIdp: true },
  { simulate: 'authorize:temporarily_unavailable', code: 'temporarily_unavailable', describedByIdp: true },
  { simulate: 'authorize:login_required', code: 'login_required', describedByIdp: true },
  { simulate: 'authorize:consent_required', code: 'consent_required', describedByIdp: true },
  { simulate: 'authorize:interaction_required', code: 'interaction_required', describedByIdp: true },
  { simulate: 'authorize:wrong_iss', code: 'iss_mismatch' },
  { simulate: 'token:invalid_grant', code: 'invalid_grant', describedByIdp: true },
  { simulate: 'token:invalid_client', code: 'invalid_client', describedByIdp: true },
  { simulate: 'token:server_error', code: 'server_error' },
  { simulate: 'token:slow', code: 'idp_unreachable' },
  { simulate: 'id_token:wrong_nonce', code: 'id_token_rejected' },
  { simulate: 'id_token:wrong_audience', code: 'id_token_rejected' },
  { simulate: 'id_token:expired', code: 'id_token_rejected' },
  { simulate: 'id_token:bad_signature', code: 'id_token_rejected' },
  { simulate: 'id_token:hs256', code: 'id_token_rejected' },
  { simulate: 'id_token:extra_audience', code: 'id_token_rejected' },
  { simulate: 'userinfo:wrong_sub', code: 'userinfo_mismatch' },
];

/** After "Try again": answers the IdP's pages if it shows any (single sign-on may skip them). */
async function finishAtIdpIfAsked(page: Page, user: string): Promise<void> {
  const continueButton = page.getByRole('button', { name: 'Continue' });
  const allowButton = page.getByRole('button', { name: 'Allow' });
  const signedIn = page.getByTestId('whoami');
  await expect(continueButton.or(allowButton).or(signedIn)).toBeVisible();
  if (await continueButton.isVisible()) {
    await page.locator(`#user-${user}`).check();
    await continueButton.click();
  }
  if (await allowButton.isVisible()) await allowButton.click();
}

for (const failure of failures) {
  test(`${failure.simulate} ends on a friendly page the team can trace`, async ({ page }) => {
    let alerted = false;
    page.on('dialog', (dialog) => {
      alerted = true;
      void dialog.dismiss();
    });
    await open(page, '/');
    await page.getByRole('main').getByRole('button', { name: 'Sign in with Intastellar' }).click();
    await signInAtIdp(page, 'ada', failure.simulate);

    await expect(page).toHaveURL(new RegExp(`/auth/error\\?code=${failure.code}&ref=[A-Z0-9-]{9}$`));
    await hydrated(page);
    const expected = entry(failure.code);
    await expect(page.getByTestId('error-title')).toHaveText(expected.title);
    // Codes may share a title; what happened tells them apart.
    await expect(page.getByRole('main')).toContainText(expected.what_happened);
    const reference = (await page.getByTestId('error-reference').textContent()) ?? '';
    expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    if (expected.operator_fault) {
      await expect(page.getByRole('main')).toContainText(/the team has been told/i);
    }
    // The IdP's error_description carries markup on purpose: none of it reaches the page.
    await expect(page.locator('#idp-markup')).toHaveCount(0);
    expect(await page.content()).not.toContain('idp-markup');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(alerted).toBe(false);

    // "Try again" starts a fresh sign-in that works.
    await page.getByRole('button', { name: 'Try again' }).click();
    await finishAtIdpIfAsked(page, 'ada');
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByTestId('whoami')).toHaveText('Ada Lovelace');

    // Ada is on the team: the reference finds the failure, the description shown as text.
    await open(page, `/team/errors?ref=${reference}`);
    const row = page.locator(`tr[data-reference="${reference}"]`);
    await expect(row).toContainText(failure.code);
    if (failure.describedByIdp) {
      await expect(row.locator('.description')).toContainText('<b id="idp-markup">Simulated</b>');
    }
    await expect(page.locator('#idp-markup')).toHaveCount(0);
  });
}
