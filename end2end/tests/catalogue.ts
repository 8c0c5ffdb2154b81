import { readFileSync } from 'node:fs';
import path from 'node:path';
import { t } from './locales';

/**
 * The error catalogue: each code's action and whose fault it is, as the sign-in core declares
 * them (`sign_in/src/errors/catalogue.rs`; `global-setup.ts` writes them here before the tests
 * run), with its words in a language from `app/locales/<language>.json`.
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

type Facts = Pick<Entry, 'action' | 'operator_fault'>;
let catalogue: Record<string, Facts> | undefined;

/** The entry for `code`, in `language`; a code the catalogue does not have fails the test. */
export function entry(code: string, language = 'en'): Entry {
  // Read on first use, inside a test: listing the tests does not run the global setup.
  catalogue ??= JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')) as Record<string, Facts>;
  const found = catalogue[code];
  if (!found) throw new Error(`the catalogue has no code ${code}`);
  return {
    ...found,
    title: t(language, `errors.${code}.title`),
    what_happened: t(language, `errors.${code}.what_happened`),
    what_to_do: t(language, `errors.${code}.what_to_do`),
  };
}
