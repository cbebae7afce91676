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

describe('the eligibility lines read by the city’s staff', () => {
  it('has a staff wording for every line the association reads', () => {
    // Prepare
    const missing = applicantKeys.filter((k) => !(staffKey(k) in en));

    // Act, Assess
    expect(applicantKeys.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it.each(
    (['en', 'fr', 'ar'] as const).flatMap((lang) =>
      applicantKeys.flatMap((k) => [1, 2, 5].map((max) => ({ lang, key: staffKey(k), max }))),
    ),
  )('$key in $lang (limit $max) does not address the reader', ({ lang, key, max }) => {
    // Prepare
    const params = { ceiling: '5 000 TND', max };

    // Act
    const text = translate(CATALOGUES[lang], lang, key, params);

    // Assess
    expect(text).not.toBe(key);
    expect(text).not.toMatch(ADDRESSED[lang]);
  });

  it.each(
    (['en', 'fr', 'ar'] as const).flatMap((lang) => applicantKeys.map((k) => ({ lang, key: staffKey(k) }))),
  )('$key in $lang names the association where the line is about it', ({ lang, key }) => {
    // Prepare: only the amount's own line is about the application rather than the association
    const aboutTheAmount = key === 'elig.staff.within_ceiling.pass';

    // Act
    const text = translate(CATALOGUES[lang], lang, key, { ceiling: '5 000 TND', max: 2 });

    // Assess: the page puts the name, in its own direction, where {name} stands
    expect(text.includes('{name}')).toBe(!aboutTheAmount);
  });
});
