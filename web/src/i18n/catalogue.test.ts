/**
 * Every message key exists in all three languages, with the same placeholders, and none is empty; a
 * message that takes a count has a form for every plural category of its language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { isPlural, type Plural, pluralCategories } from './plural.ts';

type Catalogue = Record<string, string | Plural>;
const catalogues: Record<string, Catalogue> = { en, fr, ar };
const LOCALES: Record<string, string> = { en: 'en-GB', fr: 'fr-FR', ar: 'ar-TN' };
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
/** The forms of a message: one for a plain message. */
const forms = (v: string | Plural | undefined): string[] =>
  v === undefined ? [] : isPlural(v) ? Object.values(v).filter((f) => f !== undefined) : [v];
/** A plural's placeholders are those of its "other" form; a form may say the count in words. */
const mainForm = (v: string | Plural | undefined): string => (isPlural(v) ? v.other : (v ?? ''));

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
    const reference: Catalogue = en;
    const empty = Object.entries(messages).filter(([, v]) => forms(v).some((f) => f.trim() === ''));
    const mismatched = Object.keys(en).filter(
      (k) =>
        placeholders(mainForm(messages[k])).join() !== placeholders(mainForm(reference[k])).join() ||
        forms(messages[k]).some((f) =>
          placeholders(f).some((p) => !placeholders(mainForm(reference[k])).includes(p)),
        ),
    );

    // Assess
    expect(empty).toEqual([]);
    expect(mismatched).toEqual([]);
  });

  it.each(['en', 'fr', 'ar'])('%s has a form per plural category where en has a plural', (lang) => {
    // Prepare
    const messages = catalogues[lang] ?? {};
    const needed = pluralCategories(LOCALES[lang] ?? lang).filter(
      // French's "many" (a million, "de") is not a count the app shows: "other" serves it.
      (c) => !(lang === 'fr' && c === 'many'),
    );

    // Act
    const missing = Object.entries(en)
      .filter(([, v]) => isPlural(v))
      .flatMap(([k]) => {
        const v = messages[k];
        if (!isPlural(v)) return [`${k}: not a plural`];
        return needed.filter((c) => v[c] === undefined).map((c) => `${k}: ${c}`);
      });

    // Assess
    expect(missing).toEqual([]);
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
