import { expect, test as base } from '@playwright/test';

/** How the page reports a Content-Security-Policy violation to the console. */
const CSP_VIOLATION = 'CSP violation:';

/**
 * Playwright's `test`, plus a check that runs around every test: no uncaught error, no Rust
 * panic (hydration mismatches panic in debug builds) and no Content-Security-Policy violation
 * may reach the browser console.
 */
export const test = base.extend<{ browserErrors: void }>({
  browserErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      // Blocked scripts, styles or connections fail silently otherwise: report each one.
      await page.addInitScript((prefix) => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const blocked = event.blockedURI || 'inline code';
          console.error(`${prefix} ${event.effectiveDirective} blocked ${blocked} on ${event.documentURI}`);
        });
      }, CSP_VIOLATION);
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        const text = message.text();
        if (message.type() === 'error' && (text.startsWith(CSP_VIOLATION) || /panicked|hydrat/i.test(text))) {
          errors.push(text);
        }
      });
      await use();
      expect(errors, 'errors in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
