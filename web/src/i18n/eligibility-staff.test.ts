/**
 * The eligibility lines as the city's staff read them: about the association, by its name, never
 * addressed to the reader as if the officer were the applicant ("your reports").
 */
import { describe, expect, it } from 'vitest';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { translate } from './index.ts';

const CATALOGUES = { en, fr, ar } as const;
/** How each language addresses the reader: the association's own wording, wrong for staff. */
const ADDRESSED: Record<keyof typeof CATALOGUES, RegExp> = {
  en: /\byou(r|rs)?\b/i,
  fr: /\b(vous|votre|vos)\b/i,
  ar: /جمعيتك|لديك|يمكنك|تقاريرك/,
};
const applicantKeys = Object.keys(en).filter((k) => /^elig\.[a-z_]+\.(pass|fail)$/.test(k));
const staffKey = (k: string) => k.replace(/^elig\./, 'elig.staff.');
const staffKeys = applicantKeys.map(staffKey).filter((k) => k in en);
const LANGS = ['en', 'fr', 'ar'] as const;
const PARAMS = { ceiling: '5 000 TND', max: 2 };

describe('the eligibility lines read by the city’s staff', () => {
  it.each(LANGS)('in %s, every line that addresses the association has a staff wording', (lang) => {
    // Prepare: the association's lines that speak to the reader ("your reports")
    const addressing = applicantKeys.filter((k) =>
      ADDRESSED[lang].test(translate(CATALOGUES[lang], lang, k, PARAMS)),
    );

    // Act
    const missing = addressing.filter((k) => !(staffKey(k) in CATALOGUES[lang]));

    // Assess
    expect(addressing.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it.each(LANGS.flatMap((lang) => staffKeys.map((key) => ({ lang, key }))))(
    '$key in $lang names the association and does not address the reader',
    ({ lang, key }) => {
      // Act
      const text = translate(CATALOGUES[lang], lang, key, PARAMS);

      // Assess: the page puts the name, in its own direction, where {name} stands
      expect(text).toContain('{name}');
      expect(text).not.toMatch(ADDRESSED[lang]);
    },
  );
});
