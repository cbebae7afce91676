/** Every message key exists in all three languages, with the same placeholders, and none is empty. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

const catalogues: Record<string, Record<string, string>> = { en, fr, ar };
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogues', () => {
  it.each(['fr', 'ar'])('%s has exactly the keys of en', (lang) => {
    // Prepare
    const reference = Object.keys(en).sort();

    // Act
    const keys = Object.keys(catalogues[lang] ?? {}).sort();

    // Assess
    expect(
      reference.filter((k) => !keys.includes(k)),
      `missing in ${lang}`,
    ).toEqual([]);
    expect(
      keys.filter((k) => !reference.includes(k)),
      `unknown in ${lang}`,
    ).toEqual([]);
  });

  it.each(['en', 'fr', 'ar'])('%s has no empty message and the placeholders of en', (lang) => {
    // Prepare
    const messages = catalogues[lang] ?? {};

    // Act
    const empty = Object.entries(messages).filter(([, v]) => v.trim() === '');
    const mismatched = Object.keys(en).filter(
      (k) =>
        placeholders(messages[k] ?? '').join() !==
        placeholders((en as Record<string, string>)[k] ?? '').join(),
    );

    // Assess
    expect(empty).toEqual([]);
    expect(mismatched).toEqual([]);
  });

  it('has every key the code uses', () => {
    // Prepare: the keys written literally in the sources, t('…')
    const dir = join(import.meta.dirname, '..');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => /\.tsx?$/.test(f) && !f.includes('test'),
    );
    const used = new Set<string>();

    // Act
    for (const f of files) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g))
        used.add(m[1] ?? '');
    }

    // Assess
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });
});
