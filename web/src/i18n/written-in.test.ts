/**
 * A notification written in another language than the page's is marked with its language and direction
 * (WCAG 3.1.2): a screen reader then speaks a French notice in French on an Arabic page, and an Arabic
 * notice reads right to left on a French page.
 */
import { describe, expect, it } from 'vitest';
import { writtenIn } from './index.ts';

describe('the language of a text written in another language than the page', () => {
  it.each([
    ['fr', 'ar', { lang: 'fr', dir: 'ltr' }],
    ['en', 'ar', { lang: 'en', dir: 'ltr' }],
    ['ar', 'fr', { lang: 'ar', dir: 'rtl' }],
    ['ar', 'en', { lang: 'ar', dir: 'rtl' }],
    ['en', 'fr', { lang: 'en', dir: 'ltr' }],
  ] as const)('a text in %s on a page in %s is marked %o', (language, page, expected) => {
    // Act
    const attributes = writtenIn(language, page);

    // Assess
    expect(attributes).toEqual(expected);
  });

  it.each([
    ['ar', 'ar'],
    ['fr', 'fr'],
    [undefined, 'ar'],
    ['de', 'fr'],
  ] as const)('a text in %s on a page in %s needs no mark', (language, page) => {
    // Act, Assess
    expect(writtenIn(language, page)).toEqual({});
  });
});
