/**
 * The glossary check, as a fluent reader of each language would do it: one term per concept, so a
 * catalogue or a mail that uses a banned word for a concept fails here. The list comes from the language
 * review of the catalogues and mails (the city as an institution, the association, the funder, the
 * city's review of a file, indicators, payments on hold, working days, quarters, the brand …).
 */
import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../../functions/src/jobs/digest-notices.ts';
import { type EventNoticeKind, renderEventNotice } from '../../../functions/src/jobs/event-notices.ts';
import { renderMessageNotice } from '../../../functions/src/jobs/message-notices.ts';
import {
  type Language,
  mailText,
  type Notice,
  type Rendered,
  render,
} from '../../../functions/src/jobs/messages.ts';
import { DEFAULT_AGREEMENT_TEMPLATE } from '../../../functions/src/papers/template.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { isPlural, type Plural } from './plural.ts';

interface Ban {
  readonly pattern: RegExp;
  readonly use: string;
  /** Keys where the word means something else (e.g. التعليم, education, a focus area). */
  readonly except?: readonly string[];
  /** Only in a message without plural forms (a count said with one fixed noun form). */
  readonly plainOnly?: boolean;
}

const A = '\\u0621-\\u064a'; // Arabic letters, for word edges
const word = (w: string) => new RegExp(`(?<![${A}])${w}(?![${A}])`, 'u');

const BANNED: Record<Language, readonly Ban[]> = {
  ar: [
    { pattern: /المدينة/, use: 'البلدية (the city as an institution)' },
    { pattern: /مانح/, use: 'الجهة المموّلة (funder)' },
    { pattern: /(?<!الجهة |الجهات |جهة |جهات )المموّل/, use: 'الجهة المموّلة, not المموّل alone' },
    { pattern: /مموّلين|مموّلون/, use: 'الجهات المموّلة' },
    { pattern: /مراج/, use: 'دراسة / تعديل (the city’s review, a change asked)' },
    { pattern: /ستعدّ|ستعده/, use: 'مؤشر (indicator)' },
    { pattern: /المحفظة/, use: 'محفظة المنح (المحفظة alone is a wallet)' },
    { pattern: /محجوز/, use: 'معلّقة (on hold)' },
    { pattern: /إجباري/, use: 'مطلوب (required)' },
    { pattern: /القائد/, use: 'الجهة المسؤولة (who leads)' },
    {
      pattern: /تعليم|معلَّم|مُعلَّم|معلّمة/,
      use: 'a verb of recording, not تعليم (teaching)',
      except: ['focus.education'],
    },
    { pattern: /باسرال/, use: 'Passerelle (the brand, as everywhere)' },
    { pattern: /مكتب رئيس/, use: 'ديوان رئيس البلدية' },
    { pattern: /السجلّ(?! العمومي)/, use: 'سجلّ الإجراءات (history) or السجل العمومي (register)' },
    { pattern: /السجل العام/, use: 'السجل العمومي' },
    { pattern: /الصفحة الأولى/, use: 'الصفحة الرئيسية' },
    { pattern: word('أعطِ'), use: 'an impersonal phrase, not a copied English imperative' },
    { pattern: word('قل'), use: 'an impersonal phrase, not a copied English imperative' },
    { pattern: /اكتب شيئًا هنا/, use: 'هذا الحقل مطلوب' },
    { pattern: /منظمتك|منظمتنا|هذه المنظمة|ملف المنظمة/, use: 'الجمعية / جمعيتك' },
    { pattern: /الربع|ربع السنة/, use: 'الثلاثي (quarter)' },
    {
      pattern: /\{\w+\} (?:حرفًا|يومًا|منحة|شراكة)|\d+ يومًا/,
      use: 'plural forms for a count',
      plainOnly: true,
    },
  ],
  fr: [
    { pattern: /\bbailleurs?\b(?! de fonds)/i, use: 'financeur' },
    { pattern: /\bville\b/i, use: 'municipalité (the city as an institution)' },
    { pattern: /jours? ouvrables?/i, use: 'jours ouvrés (weekends and holidays are skipped)' },
    { pattern: /(?<!\d{4}-)\bQ[1-4]\b/, use: 'T1 … T4 (the code 2027-Q1 only as an input format)' },
    { pattern: /soumet|soumis|soumett/i, use: '« remettre » throughout' },
    { pattern: /\b(?:votre|notre|cette) organisation\b/i, use: 'association' },
    { pattern: /\bavant le\b/, use: '« au plus tard le » (avant le 13 excludes the 13th)' },
    { pattern: /revue annuelle/i, use: 'bilan annuel' },
    { pattern: /^Recommandée?$/, use: 'en attente de décision' },
    // « non retenu » is how a municipality declines an application; a payment withheld is « suspendu ».
    { pattern: /(?<!non )\bretenue?s?\b/, use: 'suspendu (on hold)' },
  ],
  en: [
    { pattern: /^Recommended$/, use: 'Awaiting decision (the officer may recommend rejection)' },
    { pattern: /\bthe list of\b|\bComment of the\b|\bwhat waits for you\b/i, use: 'English word order' },
    { pattern: /Ask for less|Finish one first/, use: 'say what to do' },
    { pattern: /\bheld\b/i, use: 'on hold' },
    { pattern: /\bworking days?\b.*\bouvr/i, use: 'English' },
  ],
};

const forms = (v: string | Plural): string[] =>
  isPlural(v) ? Object.values(v).filter((f): f is string => typeof f === 'string') : [v];

/** Each use of a banned term: "key: text (use …)". */
function bannedUses(texts: Readonly<Record<string, string | Plural>>, language: Language): string[] {
  const found: string[] = [];
  for (const [key, value] of Object.entries(texts))
    for (const text of forms(value))
      for (const ban of BANNED[language])
        if (!ban.except?.includes(key) && !(ban.plainOnly && isPlural(value)) && ban.pattern.test(text))
          found.push(`${key}: «${text}» (use ${ban.use})`);
  return found;
}

const NOTICES: Notice[] = [
  { kind: 'milestone_reminder', title: 'Final report', dueDate: '2027-06-01', offset: -7 },
  { kind: 'milestone_reminder', title: 'Final report', dueDate: '2027-06-01', offset: 0 },
  { kind: 'milestone_reminder', title: 'Final report', dueDate: '2027-06-01', offset: 5 },
  { kind: 'milestone_overdue', title: 'Final report', dueDate: '2027-06-01', grant: true },
  { kind: 'milestone_overdue', title: 'Final report', dueDate: '2027-06-01', grant: false },
  { kind: 'milestone_overdue_staff', title: 'Final report', dueDate: '2027-06-01', grant: true },
  { kind: 'decision_due_soon', title: 'Blankets', deadline: '2027-06-03', workingDays: 2 },
  { kind: 'decision_late', title: 'Blankets', deadline: '2027-06-03' },
  { kind: 'partnership_activated', name: 'Amal', start: '2027-01-01', end: '2029-12-31' },
  { kind: 'partnership_renewal_due', name: 'Amal', end: '2029-12-31' },
  { kind: 'partnership_expired', name: 'Amal', end: '2029-12-31' },
];

const EVENT_KINDS: readonly EventNoticeKind[] = [
  'submitted',
  'changes_requested',
  'recommended',
  'award_to_accept',
  'grant_awarded',
  'grant_rejected',
  'payment_made',
  'report_submitted',
  'revision_requested',
  'report_accepted',
  'agreement_to_sign',
  'partnership_declined',
];

/**
 * Every mail of every kind, as texts keyed by what they are: the daily job's (to the association and to
 * the city), the hand-overs' of each record, the daily digest and a conversation's.
 */
function mails(language: Language): Record<string, string> {
  const out: Record<string, string> = {};
  const mail = (key: string, r: Rendered) => {
    out[key] = `${r.subject}\n${mailText(r, language, '/x', 'http://x', 'X')}`;
  };
  for (const [i, n] of NOTICES.entries())
    for (const cso of [true, false])
      mail(`${n.kind}#${i}#${cso ? 'cso' : 'city'}`, render(n, language, { name: 'X', cso }));
  for (const kind of EVENT_KINDS)
    for (const record of ['grant', 'partnership', 'milestone'] as const)
      mail(
        `event.${kind}#${record}`,
        renderEventNotice(
          {
            kind,
            record,
            title: 'T',
            organisation: 'O',
            reason: 'R',
            date: '2027-06-01',
            amount: { amount: 1_000_000, currency: 'TND' },
            recommendation: 'reject',
          },
          language,
        ),
      );
  mail('digest', renderDigest([{ date: '2027-06-01', title: 'T', link: '/x' }], language, 'http://x'));
  for (const thread of ['grant', 'partnership', 'milestone'] as const)
    mail(
      `message#${thread}`,
      renderMessageNotice({ thread, title: 'T', authorName: 'A', body: 'B' }, language),
    );
  return out;
}

describe('the glossary: one term per concept', () => {
  it.each([
    ['en', en],
    ['fr', fr],
    ['ar', ar],
  ] as const)('the %s catalogue uses no banned term', (language, catalogue) => {
    // Act
    const found = bannedUses(catalogue, language);

    // Assess
    expect(found).toEqual([]);
  });

  it.each(['en', 'fr', 'ar'] as const)('the %s mails use no banned term', (language) => {
    // Act
    const found = bannedUses(mails(language), language);

    // Assess
    expect(found).toEqual([]);
  });

  it.each(['en', 'fr', 'ar'] as const)(
    'the %s default agreement template uses no banned term',
    (language) => {
      // Prepare: every text of the template, keyed by where it is
      const texts: Record<string, string> = {};
      const walk = (v: unknown, at: string): void => {
        if (typeof v === 'string') texts[at] = v;
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
      };
      walk(DEFAULT_AGREEMENT_TEMPLATE.languages[language], language);

      // Act
      const found = bannedUses(texts, language);

      // Assess
      expect(found).toEqual([]);
    },
  );

  it('names the brand the same in every catalogue', () => {
    // Act, Assess
    expect([en['app.name'], fr['app.name'], ar['app.name']]).toEqual([
      'Passerelle',
      'Passerelle',
      'Passerelle',
    ]);
  });

  it('catches what the language review found (the check is not empty)', () => {
    // Prepare: phrases of the reviewed catalogues and mails
    const reviewed = {
      ar: {
        a: 'الشراكة مع المدينة',
        b: 'طلب مراجعة التقرير',
        c: 'محجوزة',
        d: 'السبب (إجباري)',
        e: 'القائد',
        f: 'باسرال',
      },
      fr: {
        a: 'Bailleur {n}',
        b: 'Décision attendue dans 2 jours ouvrables',
        c: 'Écrivez 2027-Q1 ou Q1',
        d: 'Soumettre',
      },
      en: { a: 'Recommended', b: 'Comment of the reviewer', c: 'held' },
    } as const;

    // Act
    const found = (['ar', 'fr', 'en'] as const).map((l) => bannedUses(reviewed[l], l).length);

    // Assess
    expect(found).toEqual([6, 4, 3]);
  });
});
