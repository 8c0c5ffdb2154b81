import { expect, test as base } from '@playwright/test';

/**
 * Playwright's `test`, plus a check that runs around every test: no uncaught error and no
 * Rust panic (hydration mismatches panic in debug builds) may reach the browser console.
 */
export const test = base.extend<{ browserErrors: void }>({
  browserErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && /panicked|hydrat/i.test(message.text())) errors.push(message.text());
      });
      await use();
      expect(errors, 'errors in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
