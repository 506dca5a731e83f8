import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { JOURNAL_PROMPTS } from '@commonplace/shared';

const SHARED_API = new URL('../../../../packages/shared/src/api/', import.meta.url);
const LOCALES = new URL('./locales/', import.meta.url);

/** Every sentence the shared schemas may show a person: quoted, capitalised, ending in . or ?. */
function schemaMessages(): Set<string> {
  const found = new Set<string>();
  for (const file of readdirSync(SHARED_API)) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
    const source = readFileSync(new URL(file, SHARED_API), 'utf8');
    for (const match of source.matchAll(/'([A-Z][^']*[.?])'/g)) found.add(match[1] ?? '');
  }
  // The journal's prompts are offered as choices and translated with the journal's words.
  for (const prompt of JOURNAL_PROMPTS) found.delete(prompt);
  return found;
}

function catalogue(language: string): Record<string, string> {
  return JSON.parse(
    readFileSync(new URL(`${language}/validation.json`, LOCALES), 'utf8'),
  ) as Record<string, string>;
}

describe('the validation catalogue', () => {
  it('has every message of the shared schemas, keyed by its English words, and nothing stale', () => {
    const en = catalogue('en');
    expect(Object.keys(en).sort()).toEqual([...schemaMessages()].sort());
    for (const [key, value] of Object.entries(en)) expect(value).toBe(key);
  });

  it('says each of them in Spanish', () => {
    const en = catalogue('en');
    const es = catalogue('es');
    for (const key of Object.keys(en)) {
      expect({ key, translated: (es[key] ?? key) !== key }).toEqual({ key, translated: true });
    }
  });
});
