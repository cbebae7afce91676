import { describe, expect, it } from 'vitest';
import type { Language } from '#domain/city';
import { papersCity, papersOrganisation, papersPartnership, papersTerm } from '#test/fixtures/papers';
import {
  type AgreementContent,
  actionLine,
  agreementHash,
  type DrawUpInput,
  drawUpAgreement,
} from './agreement.ts';
import { canonicalJson, type Paper } from './content.ts';
import { localeOf } from './format.ts';
import { DEFAULT_AGREEMENT_TEMPLATE } from './template.ts';

const input: DrawUpInput = {
  template: DEFAULT_AGREEMENT_TEMPLATE,
  partnership: papersPartnership,
  organisation: papersOrganisation,
  city: papersCity,
  term: papersTerm,
  date: '2027-01-29',
};

const textOf = (paper: Paper) =>
  [
    paper.title,
    ...paper.sections.flatMap((s) => [
      s.heading,
      ...s.blocks.flatMap((b) => (b.kind === 'list' ? b.items : [b.text])),
    ]),
  ].join('\n');

const listsOf = (paper: Paper) => {
  const commitments = paper.sections.find((s) => s.id === 'commitments');
  return (commitments?.blocks ?? []).flatMap((b) => (b.kind === 'list' ? [b.items] : []));
};

describe('agreementHash', () => {
  it('is the same for the same input, whatever order the fields were built in', () => {
    const a = drawUpAgreement(input);
    const b = drawUpAgreement({ ...input });
    expect(agreementHash(a)).toBe(agreementHash(b));
    expect(agreementHash(a)).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as AgreementContent;
    expect(canonicalJson(reordered)).toBe(canonicalJson(a));
    expect(agreementHash(reordered)).toBe(agreementHash(a));
  });

  it('changes with any field of the partnership, the organisation, the city, the term or the template', () => {
    const base = agreementHash(drawUpAgreement(input));
    const plan = papersPartnership.actionPlan;
    const variants: Record<string, DrawUpInput> = {
      organisationName: { ...input, organisation: { ...papersOrganisation, name: 'Amal Sfax II' } },
      registration: {
        ...input,
        organisation: { ...papersOrganisation, registrationNumber: 'JORT-2019-124' },
      },
      target: {
        ...input,
        partnership: {
          ...papersPartnership,
          actionPlan: plan.map((i, k) => (k === 0 ? { ...i, target: 121 } : i)),
        },
      },
      lead: {
        ...input,
        partnership: {
          ...papersPartnership,
          actionPlan: plan.map((i, k) => (k === 0 ? { ...i, lead: 'joint' } : i)),
        },
      },
      quarter: {
        ...input,
        partnership: {
          ...papersPartnership,
          actionPlan: plan.map((i, k) => (k === 1 ? { ...i, quarter: '2027-Q3' } : i)),
        },
      },
      motivation: {
        ...input,
        partnership: { ...papersPartnership, motivation: `${papersPartnership.motivation} !` },
      },
      focusAreas: { ...input, partnership: { ...papersPartnership, focusAreas: ['health'] } },
      cityName: { ...input, city: { ...papersCity, names: { ...papersCity.names, ar: 'مدينة صفاقس' } } },
      ceiling: {
        ...input,
        city: { ...papersCity, fastTrackCeiling: { amount: 15_000_001, currency: 'TND' } },
      },
      termEnd: { ...input, term: { ...papersTerm, end: '2030-01-30' } },
      date: { ...input, date: '2027-01-30' },
      templateVersion: { ...input, template: { ...DEFAULT_AGREEMENT_TEMPLATE, version: 2 } },
      templateText: {
        ...input,
        template: {
          ...DEFAULT_AGREEMENT_TEMPLATE,
          languages: {
            ...DEFAULT_AGREEMENT_TEMPLATE.languages,
            ar: {
              ...DEFAULT_AGREEMENT_TEMPLATE.languages.ar,
              title: `${DEFAULT_AGREEMENT_TEMPLATE.languages.ar.title}.`,
            },
          },
        },
      },
    };
    const hashes = Object.entries(variants).map(
      ([name, v]) => [name, agreementHash(drawUpAgreement(v))] as const,
    );
    for (const [name, hash] of hashes) expect(hash, name).not.toBe(base);
    expect(new Set(hashes.map(([, h]) => h)).size).toBe(hashes.length);
  });
});

describe('drawUpAgreement', () => {
  const content = drawUpAgreement(input);
  const langs: Language[] = ['ar', 'fr', 'en'];

  it('draws up all three languages from the template version, right to left in Arabic', () => {
    expect(content.templateVersion).toBe(1);
    expect(Object.keys(content.languages).sort()).toEqual(['ar', 'en', 'fr']);
    expect(content.languages.ar?.dir).toBe('rtl');
    expect(content.languages.fr?.dir).toBe('ltr');
  });

  it.each(langs)('in %s: names both parties, fills every blank and states the term', (lang) => {
    const paper = content.languages[lang] as Paper;
    const text = textOf(paper);
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(text).toContain(papersOrganisation.name);
    expect(text).toContain('JORT-2019-123');
    expect(text).toContain(lang === 'ar' ? 'صفاقس' : 'Sfax');
    const dates = {
      ar: ['1 فيفري 2027', '31 جانفي 2030'],
      fr: ['1 février 2027', '31 janvier 2030'],
      en: ['1 February 2027', '31 January 2030'],
    };
    for (const d of dates[lang]) expect(text).toContain(d);
    expect(text).toContain({ ar: '3 سنوات', fr: '3 ans', en: '3 years' }[lang]);
    expect(paper.sections.map((s) => s.id)).toEqual([
      'parties',
      'aims',
      'commitments',
      'governance',
      'finances',
      'term',
      'changes',
      'termination',
      'data_protection',
    ]);
  });

  it.each(langs)('in %s: puts each action-plan line on its side, and joint lines under both', (lang) => {
    const paper = content.languages[lang] as Paper;
    const locale = localeOf(lang, 'TN');
    const [cso, city] = papersPartnership.actionPlan.map((i) => actionLine(i, lang, locale));
    const joint = actionLine(papersPartnership.actionPlan[2] as never, lang, locale);
    const lists = listsOf(paper);
    expect(lists).toHaveLength(2);
    const [csoList, cityList] = lists.map((l) => l.join('\n'));
    // French typography turns some spaces into no-break spaces: compare with those made plain.
    const plain = (s: string | undefined) => (s ?? '').replaceAll('\u00a0', ' ');
    expect(plain(csoList)).toContain(plain(cso));
    expect(plain(csoList)).toContain(plain(joint));
    expect(plain(csoList)).not.toContain(plain(city));
    expect(plain(cityList)).toContain(plain(city));
    expect(plain(cityList)).toContain(plain(joint));
    expect(plain(cityList)).not.toContain(plain(cso));
  });

  it('writes quarters and targets as each language does', () => {
    expect(textOf(content.languages.fr as Paper)).toContain('T1 2027');
    expect(textOf(content.languages.en as Paper)).toContain('Q1 2027');
    expect(textOf(content.languages.ar as Paper)).toContain('الثلاثي الأول 2027');
    const spaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(spaces(textOf(content.languages.fr as Paper))).toContain('15 000,000 DT');
    expect(spaces(textOf(content.languages.en as Paper))).toContain('TND 15,000.000');
  });

  it('says so when one side has no line in the plan', () => {
    const only = drawUpAgreement({
      ...input,
      partnership: {
        ...papersPartnership,
        actionPlan: papersPartnership.actionPlan.filter((i) => i.lead === 'cso'),
      },
    });
    const [, cityList] = listsOf(only.languages.en as Paper);
    expect(cityList).toEqual(['Nothing in the current action plan.']);
  });
});
