import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The site's catalogue, `app/locales/<language>.json`: the specs read every word they expect
 * from it, in every language, so they test the real translations and copy none.
 */
const LOCALES_DIR = path.resolve(__dirname, '../../app/locales');

type Words = { [key: string]: string | Words };

/** Every language the site speaks, English (the default) first: one file each. */
export const languages: string[] = readdirSync(LOCALES_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length))
  .sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));

/** The languages besides English. */
export const otherLanguages = languages.filter((language) => language !== 'en');

const files = new Map<string, Words>();

function file(language: string): Words {
  let words = files.get(language);
  if (!words) {
    words = JSON.parse(readFileSync(path.join(LOCALES_DIR, `${language}.json`), 'utf8')) as Words;
    files.set(language, words);
  }
  return words;
}

function lookup(words: Words, key: string): string | undefined {
  let value: string | Words | undefined = words;
  for (const part of key.split('.')) {
    if (typeof value !== 'object') return undefined;
    value = value[part];
  }
  return typeof value === 'string' ? value : undefined;
}

/**
 * The text of `key` (`home.heading`) as a page in `language` shows it: a key the language
 * lacks falls back to English, as the site does; `{{ name }}` takes `values.name`, and the
 * markup of interpolated components (`<profile>…</profile>`) is left out.
 */
export function t(language: string, key: string, values: Record<string, string> = {}): string {
  const text = lookup(file(language), key) ?? lookup(file('en'), key);
  if (text === undefined) throw new Error(`app/locales/en.json has no key ${key}`);
  return text
    .replace(/\{\{\s*(\w+)[^}]*\}\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`${key} needs a value for ${name}`);
      return value;
    })
    .replace(/<\/?\w+\s*\/?>/g, '');
}
