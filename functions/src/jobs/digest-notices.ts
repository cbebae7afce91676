/**
 * The daily digest's mail, in Arabic, French and English: one line per notice since the last digest
 * (its day in the reader's format, its title as the notice gave it, and a link to its record), then a
 * link to all the notices (jobs/messages.ts mailText adds the greeting, that link and the signature).
 */
import { frenchTypography } from '#domain/typography';
import { type Forms, formatMailDate, type Language, plural, type Rendered } from './messages.ts';

export interface DigestLine {
  /** The notice's day in the city's calendar (YYYY-MM-DD). */
  readonly date: string;
  /** Already in the reader's language. */
  readonly title: string;
  /** The record's page, e.g. `/grants/g_…?from=notice`. */
  readonly link?: string | undefined;
}

interface Words {
  readonly subject: Forms;
  readonly intro: string;
  readonly action: string;
}

const WORDS: Record<Language, Words> = {
  en: {
    subject: { one: 'Your daily digest: 1 notice', other: 'Your daily digest: {n} notices' },
    intro: 'Here is what happened since your last digest:',
    action: 'All your notices are on your notifications page.',
  },
  fr: {
    subject: {
      // French takes the singular for 0 and 1.
      one: 'Votre récapitulatif du jour : {n} notification',
      other: 'Votre récapitulatif du jour : {n} notifications',
    },
    intro: 'Voici ce qui s’est passé depuis votre dernier récapitulatif :',
    action: 'Toutes vos notifications sont sur votre page de notifications.',
  },
  ar: {
    subject: {
      zero: 'ملخّصكم اليومي: لا إشعار جديد',
      one: 'ملخّصكم اليومي: إشعار واحد',
      two: 'ملخّصكم اليومي: إشعاران',
      few: 'ملخّصكم اليومي: {n} إشعارات',
      many: 'ملخّصكم اليومي: {n} إشعارًا',
      other: 'ملخّصكم اليومي: {n} إشعار',
    },
    // The polite plural, as in every other mail.
    intro: 'إليكم ما جدّ منذ آخر ملخّص:',
    action: 'تجدون كل إشعاراتكم في صفحة الإشعارات.',
  },
};

const typeset = (language: Language, s: string) => (language === 'fr' ? frenchTypography(s) : s);

/** The digest of these notices, oldest first; links are made absolute with `baseUrl` when given. */
export function renderDigest(lines: readonly DigestLine[], language: Language, baseUrl?: string): Rendered {
  const w = WORDS[language];
  const subject = plural(language, lines.length, w.subject);
  const base = baseUrl?.replace(/\/$/, '');
  const items = lines.map((l) => {
    const head = `• ${formatMailDate(l.date, language)} — ${l.title}`;
    return l.link && base ? `${head}\n  ${base}${l.link}` : head;
  });
  return {
    subject: typeset(language, subject),
    text: [typeset(language, w.intro), ...items].join('\n'),
    action: typeset(language, w.action),
  };
}
