import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The error catalogue, as the sign-in core declares it (`sign_in/src/errors/catalogue.rs`):
 * `global-setup.ts` writes it here before the tests run, so no spec copies its words.
 */
export const CATALOGUE_FILE = path.resolve(__dirname, '../catalogue.json');

/** One code's entry: what the site tells the person. */
export interface Entry {
  title: string;
  what_happened: string;
  what_to_do: string;
  action: 'TryAgain' | 'GoHome' | 'ContactSite';
  /** The fault lies with the site's setup; the page says the team has been told. */
  operator_fault: boolean;
}

let catalogue: Record<string, Entry> | undefined;

/** The entry for `code`; a code the catalogue does not have fails the test. */
export function entry(code: string): Entry {
  // Read on first use, inside a test: listing the tests does not run the global setup.
  catalogue ??= JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')) as Record<string, Entry>;
  const found = catalogue[code];
  if (!found) throw new Error(`the catalogue has no code ${code}`);
  return found;
}
