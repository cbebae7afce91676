import { describe, expect, it } from 'vitest';
import type { Language } from '#domain/city';
import { BUDGET_FUNDER_ID, FUNDER_ID, grant } from '#test/fixtures/domain';
import { papersCity } from '#test/fixtures/papers';
import type { Paper } from './content.ts';
import { grantLetter, letterKind, renderGrantLetter } from './letter.ts';

const organisation = { id: 'amal-sfax', name: 'جمعية الأمل Amal Sfax' };
const funders = [
  { id: BUDGET_FUNDER_ID, name: 'Budget municipal de Sfax' },
  { id: FUNDER_ID, name: 'Fondation Sud' },
];
// Intl writes no-break spaces and, in Arabic, direction marks around amounts and percentages.
const spaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/[\u200e\u200f]/g, '');
const textOf = (p: Paper) =>
  spaces(
    [
      p.title,
      ...(p.lead ?? []),
      ...p.sections.flatMap((s) => [
        s.heading,
        ...s.blocks.flatMap((b) => (b.kind === 'list' ? b.items : [b.text])),
      ]),
    ].join('\n'),
  );

// A standard grant of 12,000 TND: 8,000 from the city's budget and 4,000 from a foundation, paid 80/20.
const awarded = grant('approved', { track: 'standard' });
const refused = grant('rejected', {
  decisionComment: 'The project is outside the programme.\nThe budget has no line for rent.',
});

const AMOUNTS: Record<Language, string[]> = {
  en: ['TND 12,000.000', 'TND 8,000.000', 'TND 4,000.000', 'TND 9,600.000', 'TND 2,400.000'],
  fr: ['12 000,000 DT', '8 000,000 DT', '4 000,000 DT', '9 600,000 DT', '2 400,000 DT'],
  ar: ['12.000,000', '8.000,000', '4.000,000', '9.600,000', '2.400,000'],
};

describe('the decision letter of a grant', () => {
  it('has a letter once awarded or refused, and none before', () => {
    expect(letterKind(awarded)).toBe('award');
    expect(letterKind(refused)).toBe('refusal');
    expect(letterKind(grant('recommended'))).toBeUndefined();
    expect(() =>
      grantLetter({ grant: grant('in_review'), organisation, city: papersCity, funders, lang: 'en' }),
    ).toThrow(RangeError);
  });

  it.each(['ar', 'fr', 'en'] as const)(
    'award in %s: the amount, the funders and their shares, the tranches, the reports',
    (lang) => {
      const text = textOf(grantLetter({ grant: awarded, organisation, city: papersCity, funders, lang }));
      expect(text).toContain(organisation.name);
      for (const amount of AMOUNTS[lang]) expect(text).toContain(amount);
      expect(text).toContain('Budget municipal de Sfax');
      expect(text).toContain('Fondation Sud');
      expect(text).toContain({ en: '33.3%', fr: '33,3 %', ar: '33,3%' }[lang]);
      // The standard track's reports: at mid-term (2027-03-01 to 2027-06-30) and 8 weeks after the end.
      expect(text).toContain({ en: '30 April 2027', fr: '30 avril 2027', ar: '30 أفريل 2027' }[lang]);
      expect(text).toContain({ en: '25 August 2027', fr: '25 août 2027', ar: '25 أوت 2027' }[lang]);
      expect(text).toContain(
        { en: 'Interim report', fr: 'Rapport intermédiaire', ar: 'التقرير المرحلي' }[lang],
      );
    },
  );

  it.each(['ar', 'fr', 'en'] as const)('refusal in %s: the reasons from the decision, no award', (lang) => {
    const paper = grantLetter({ grant: refused, organisation, city: papersCity, funders, lang });
    const text = textOf(paper);
    expect(text).toContain('The project is outside the programme.');
    expect(text).toContain('The budget has no line for rent.');
    expect(paper.sections.map((s) => s.id)).not.toContain('funders');
    expect(text).not.toContain('Fondation Sud');
  });

  it('escapes the grant title in the HTML page', () => {
    const hostile = grant('approved', { title: '<script>alert(1)</script>' });
    const { html } = renderGrantLetter({
      grant: hostile,
      organisation,
      city: papersCity,
      funders,
      lang: 'fr',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<html lang="fr" dir="ltr">');
  });
});
