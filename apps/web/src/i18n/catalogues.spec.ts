/// <reference types="node" />
// Reads the catalogue files from disk: a Node test, not app code.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { LANGUAGES, pickLanguage } from './languages';

const LOCALES = fileURLToPath(new URL('./locales', import.meta.url));

/** Every leaf of a catalogue as "namespace:dotted.key" → value. */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, prefix.endsWith(':') ? `${prefix}${key}` : `${prefix}.${key}`, into);
    }
  } else {
    into.set(prefix, value);
  }
}

function catalogue(language: string): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  for (const file of readdirSync(join(LOCALES, language)).sort()) {
    if (!file.endsWith('.json')) continue;
    const namespace = file.slice(0, -'.json'.length);
    flatten(
      JSON.parse(readFileSync(join(LOCALES, language, file), 'utf8')),
      `${namespace}:`,
      entries,
    );
  }
  return entries;
}

/** {{name}} placeholders and <tag> markers: a translation must keep every one. */
function slots(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|<\/?(\w+)\s*\/?>/g)]
    .map((match) => match[0].replace(/\s+/g, ''))
    .sort();
}

describe('the catalogues', () => {
  const en = catalogue('en');
  const es = catalogue('es');

  it('ship the same namespaces in every language', () => {
    const namespaces = (language: string) => readdirSync(join(LOCALES, language)).sort();
    for (const language of LANGUAGES) expect(namespaces(language)).toEqual(namespaces('en'));
  });

  it('have every English key in Spanish and no Spanish key English lacks', () => {
    const missing = [...en.keys()].filter((key) => !es.has(key));
    const extra = [...es.keys()].filter((key) => !en.has(key));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(en.size).toBeGreaterThan(10);
  });

  it('have no empty or non-string value', () => {
    const bad = [...en, ...es]
      .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
      .map(([key]) => key);
    expect(bad).toEqual([]);
  });

  it('keep every placeholder and markup tag of the English string in the Spanish one', () => {
    const broken = [...en]
      .filter(
        ([key, value]) => slots(String(value)).join() !== slots(String(es.get(key) ?? '')).join(),
      )
      .map(([key]) => key);
    expect(broken).toEqual([]);
  });
});

describe('choosing the language', () => {
  it('prefers the remembered choice, then the first shipped browser language, then English', () => {
    expect(pickLanguage('es', ['en-GB'])).toBe('es');
    expect(pickLanguage(null, ['fr-FR', 'es-MX', 'en'])).toBe('es');
    expect(pickLanguage('klingon', ['de-DE'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });
});
