import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { hydrated, open, signInAtIdp } from './helpers';

// Each failure the development IdP can simulate, the code it must end on, and the title
// the error catalogue gives it.
const failures: Array<{ simulate: string; code: string; title: string; describedByIdp?: boolean }> = [
  { simulate: 'authorize:invalid_request', code: 'invalid_request', title: "This sign-in request wasn't accepted", describedByIdp: true },
  { simulate: 'authorize:unauthorized_client', code: 'unauthorized_client', title: "This site's sign-in is misconfigured", describedByIdp: true },
  { simulate: 'authorize:access_denied', code: 'access_denied', title: 'Sign-in cancelled', describedByIdp: true },
  { simulate: 'authorize:invalid_scope', code: 'invalid_scope', title: 'This site asked for the wrong permissions', describedByIdp: true },
  { simulate: 'authorize:server_error', code: 'server_error', title: 'Intastellar had a problem', describedByIdp: true },
  { simulate: 'authorize:temporarily_unavailable', code: 'temporarily_unavailable', title: 'Intastellar is busy right now', describedByIdp: true },
  { simulate: 'authorize:login_required', code: 'login_required', title: 'Please sign in at Intastellar', describedByIdp: true },
  { simulate: 'authorize:consent_required', code: 'consent_required', title: 'Your permission is needed', describedByIdp: true },
  { simulate: 'authorize:interaction_required', code: 'interaction_required', title: 'Intastellar needs your input', describedByIdp: true },
  { simulate: 'authorize:wrong_iss', code: 'iss_mismatch', title: "We couldn't verify where this sign-in came from" },
  { simulate: 'token:invalid_grant', code: 'invalid_grant', title: 'That sign-in link was already used or has expired', describedByIdp: true },
  { simulate: 'token:invalid_client', code: 'invalid_client', title: "This site's sign-in is misconfigured", describedByIdp: true },
  { simulate: 'token:server_error', code: 'server_error', title: 'Intastellar had a problem' },
  { simulate: 'token:slow', code: 'idp_unreachable', title: "We couldn't reach Intastellar" },
  { simulate: 'id_token:wrong_nonce', code: 'id_token_rejected', title: "We couldn't verify your sign-in" },
  { simulate: 'id_token:wrong_audience', code: 'id_token_rejected', title: "We couldn't verify your sign-in" },
  { simulate: 'id_token:expired', code: 'id_token_rejected', title: "We couldn't verify your sign-in" },
  { simulate: 'id_token:bad_signature', code: 'id_token_rejected', title: "We couldn't verify your sign-in" },
  { simulate: 'id_token:hs256', code: 'id_token_rejected', title: "We couldn't verify your sign-in" },
  { simulate: 'id_token:extra_audience', code: 'id_token_rejected', title: "We couldn't verify your sign-in" },
  { simulate: 'userinfo:wrong_sub', code: 'userinfo_mismatch', title: "We couldn't verify your sign-in" },
];

const operatorFaults = new Set(['unauthorized_client', 'invalid_scope', 'invalid_client']);

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
    await expect(page.getByTestId('error-title')).toHaveText(failure.title);
    const reference = (await page.getByTestId('error-reference').textContent()) ?? '';
    expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    if (operatorFaults.has(failure.code)) {
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
