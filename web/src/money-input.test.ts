/**
 * The money table: what a person types, in each language and currency, and the minor units it is read
 * as, or the reason it is refused. TND has 3 decimals (millimes), EUR 2, JPY none.
 */
import { describe, expect, it } from 'vitest';
import { type MoneyLang, type MoneyReading, readMoney } from './money-input.ts';

type Expected = number | Extract<MoneyReading, { ok: false }>['reason'];
type Row = readonly [MoneyLang, string, string, Expected];

const TABLE: readonly Row[] = [
  // ---- Arabic (ar-TN display: "12.000,500 د.ت.")
  ['ar', 'TND', '12000', 12_000_000],
  ['ar', 'TND', '١٢٠٠٠', 12_000_000],
  ['ar', 'TND', '12.000,500 د.ت.', 12_000_500],
  ['ar', 'TND', '\u200f12.000,500 د.ت.\u200f', 12_000_500],
  ['ar', 'TND', '١٢٬٠٠٠٫٥', 12_000_500],
  ['ar', 'TND', '12٬000', 12_000_000],
  ['ar', 'TND', '12٫000', 12_000],
  ['ar', 'TND', '12000 د.ت', 12_000_000],
  ['ar', 'TND', '12000 دينار', 12_000_000],
  ['ar', 'TND', 'TND 12000', 12_000_000],
  ['ar', 'TND', '6,5', 6_500],
  ['ar', 'TND', '1200.5', 1_200_500],
  ['ar', 'TND', '12.000', 'ambiguous'],
  ['ar', 'TND', '12,000', 'ambiguous'],
  ['ar', 'TND', '٦٫٥٠٠', 6_500],
  ['ar', 'TND', '6.500', 'ambiguous'],
  ['ar', 'TND', '12,0005', 'too_many_decimals'],
  ['ar', 'TND', '12000 €', 'wrong_currency'],
  ['ar', 'TND', '-12000', 'negative'],
  ['ar', 'TND', 'اثنا عشر', 'not_a_number'],
  ['ar', 'TND', '', 'empty'],
  ['ar', 'EUR', '12.000,50 €', 1_200_050],
  ['ar', 'EUR', '12.000', 1_200_000],
  ['ar', 'EUR', '12,5', 1_250],
  ['ar', 'EUR', '12,000', 'ambiguous'],
  ['ar', 'JPY', '12.000', 12_000],
  ['ar', 'JPY', '١٢٬٠٠٠ ¥', 12_000],
  ['ar', 'JPY', '12,5', 'too_many_decimals'],
  // ---- French (fr display: "12 000,500 DT")
  ['fr', 'TND', '12 000,500 DT', 12_000_500],
  ['fr', 'TND', '12\u202f000,500\u00a0DT', 12_000_500],
  ['fr', 'TND', '12000 TND', 12_000_000],
  ['fr', 'TND', '12 000', 12_000_000],
  ['fr', 'TND', '12000,5', 12_000_500],
  ['fr', 'TND', '1.200.000', 1_200_000_000],
  ['fr', 'TND', '12.000', 'ambiguous'],
  ['fr', 'TND', '12,000', 'ambiguous'],
  ['fr', 'TND', '12 000 dinars', 12_000_000],
  ['fr', 'TND', '12 000 €', 'wrong_currency'],
  ['fr', 'EUR', '12 000,50 €', 1_200_050],
  ['fr', 'EUR', '12000 euros', 1_200_000],
  ['fr', 'EUR', '12,5', 1_250],
  ['fr', 'EUR', '12,000', 'ambiguous'],
  ['fr', 'EUR', '12.000', 'ambiguous'],
  ['fr', 'EUR', '12,505', 'too_many_decimals'],
  ['fr', 'JPY', '12 000 ¥', 12_000],
  ['fr', 'JPY', '12.000', 'ambiguous'],
  ['fr', 'JPY', 'douze mille', 'not_a_number'],
  // ---- English (en display: "DT 12,000.500")
  ['en', 'TND', 'DT 12,000.500', 12_000_500],
  ['en', 'TND', 'TND 12,000.500', 12_000_500],
  ['en', 'TND', '12000.5', 12_000_500],
  ['en', 'TND', '1,200,000', 1_200_000_000],
  ['en', 'TND', '12,000', 'ambiguous'],
  ['en', 'TND', '12.000', 'ambiguous'],
  ['en', 'TND', '12.3450', 12_345],
  ['en', 'TND', '12.34567', 'too_many_decimals'],
  ['en', 'TND', '€12,000.50', 'wrong_currency'],
  ['en', 'TND', 'USD 12000', 'wrong_currency'],
  ['en', 'TND', '12 thousand', 'not_a_number'],
  ['en', 'TND', '1.2.3', 'not_a_number'],
  ['en', 'EUR', '€12,000.50', 1_200_050],
  ['en', 'EUR', '12,000', 1_200_000],
  ['en', 'EUR', '12.000', 'ambiguous'],
  ['en', 'EUR', '12.345', 'too_many_decimals'],
  ['en', 'EUR', '12.5', 1_250],
  ['en', 'JPY', 'JP¥12,000', 12_000],
  ['en', 'JPY', '¥12000', 12_000],
  ['en', 'JPY', '12.000', 'ambiguous'],
  ['en', 'JPY', '12000.5', 'too_many_decimals'],
  ['en', 'JPY', '-5', 'negative'],
];

describe('money typed in a form', () => {
  it.each(TABLE)('%s, %s: "%s" is read as %s', (lang, currency, typed, expected) => {
    // Act
    const r = readMoney(typed, currency, lang);

    // Assess
    if (typeof expected === 'number') expect(r).toEqual({ ok: true, amount: expected });
    else expect(r.ok ? r.amount : r.reason).toBe(expected);
  });

  it('gives both readings of an ambiguous amount, so the person can be asked which one', () => {
    // Act
    const r = readMoney('12.000', 'TND', 'ar');

    // Assess: 12 dinars or 12 000 dinars, in millimes
    expect(r).toEqual({ ok: false, reason: 'ambiguous', readings: [12_000, 12_000_000] });
  });
});
