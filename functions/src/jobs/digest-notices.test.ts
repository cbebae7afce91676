/**
 * The daily digest's subject counts its notices: the plural table for 0, 1, 2, 3, 11 and 100 in each
 * language (Arabic's six forms; French's singular for 0 and 1; English's singular for 1 only).
 */
import { describe, expect, it } from 'vitest';
import { type DigestLine, renderDigest } from './digest-notices.ts';
import type { Language } from './messages.ts';

const COUNTS = [0, 1, 2, 3, 11, 100] as const;
const SUBJECTS: Record<Language, readonly string[]> = {
  en: [
    'Your daily digest: 0 notices',
    'Your daily digest: 1 notice',
    'Your daily digest: 2 notices',
    'Your daily digest: 3 notices',
    'Your daily digest: 11 notices',
    'Your daily digest: 100 notices',
  ],
  fr: [
    'Votre récapitulatif du jour\u00a0: 0 notification',
    'Votre récapitulatif du jour\u00a0: 1 notification',
    'Votre récapitulatif du jour\u00a0: 2 notifications',
    'Votre récapitulatif du jour\u00a0: 3 notifications',
    'Votre récapitulatif du jour\u00a0: 11 notifications',
    'Votre récapitulatif du jour\u00a0: 100 notifications',
  ],
  ar: [
    'ملخّصكم اليومي: لا إشعار جديد',
    'ملخّصكم اليومي: إشعار واحد',
    'ملخّصكم اليومي: إشعاران',
    'ملخّصكم اليومي: 3 إشعارات',
    'ملخّصكم اليومي: 11 إشعارًا',
    'ملخّصكم اليومي: 100 إشعار',
  ],
};

const lines = (n: number): DigestLine[] =>
  Array.from({ length: n }, (_, i) => ({
    date: '2027-06-01',
    title: `Notice ${i + 1}`,
    link: `/grants/g_${i}`,
  }));

describe('the daily digest’s subject', () => {
  const cases = (['ar', 'fr', 'en'] as const).flatMap((language) =>
    COUNTS.map((count, i) => ({ language, count, expected: SUBJECTS[language][i] ?? '' })),
  );

  it.each(cases)('in $language for $count notices: "$expected"', ({ language, count, expected }) => {
    // Prepare
    const digest = lines(count);

    // Act
    const rendered = renderDigest(digest, language, 'https://app.test');

    // Assess
    expect(rendered.subject).toBe(expected);
    expect(rendered.text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(count);
  });
});
