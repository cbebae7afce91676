/**
 * Amounts are integers of the currency's minor units. The web must read and write them with the same
 * number of minor digits as the server (ISO 4217, functions/src/domain/money.ts), not with what the
 * browser's Intl believes: for HUF, LBP and IQD the two disagree, and an amount would be shown, and a
 * typed one stored, 100 or 1000 times off.
 */
import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, parseMoneyInput, toDecimalInput } from './index.ts';

// The web's default language is English (en-GB) until a catalogue is chosen; the dinar reads "DT" as in
// Tunisia, not its ISO code.
const CASES = [
  { currency: 'HUF', digits: 2, amount: 123456, typed: '1234.56', shown: 'HUF\u00a01,234.56' },
  { currency: 'LBP', digits: 2, amount: 150000, typed: '1500', shown: 'LBP\u00a01,500.00' },
  { currency: 'IQD', digits: 3, amount: 1234567, typed: '1234.567', shown: 'IQD\u00a01,234.567' },
  { currency: 'TND', digits: 3, amount: 12000500, typed: '12000.5', shown: 'DT\u00a012,000.500' },
  { currency: 'EUR', digits: 2, amount: 123456, typed: '1234.56', shown: '€1,234.56' },
  { currency: 'JPY', digits: 0, amount: 1234, typed: '1234', shown: 'JP¥1,234' },
] as const;

describe("money in the web, with the server's minor digits", () => {
  it.each(CASES)('$currency has the minor digits of ISO 4217 ($digits), as on the server', (c) => {
    // Prepare, Act
    const digits = currencyDigits(c.currency);

    // Assess
    expect(digits).toBe(c.digits);
  });

  it.each(CASES)('$currency: $amount minor units are shown as "$shown"', (c) => {
    // Prepare
    const stored = { amount: c.amount, currency: c.currency };

    // Act
    const shown = formatMoney(stored);

    // Assess: the same value a person reads in the city's records, no shift of the decimal point
    expect(shown).toBe(c.shown);
  });

  it.each(CASES)(
    '$currency: "$typed" typed in a form is stored as $amount minor units, and shown back',
    (c) => {
      // Prepare
      const typed = c.typed;

      // Act
      const amount = parseMoneyInput(typed, c.currency);
      const back = toDecimalInput({ amount: c.amount, currency: c.currency });

      // Assess
      expect(amount).toBe(c.amount);
      expect(parseMoneyInput(back, c.currency)).toBe(c.amount);
    },
  );

  it('refuses more decimals than the currency has, rather than rounding what was typed', () => {
    // Prepare, Act
    const yen = parseMoneyInput('1234.5', 'JPY');
    const forint = parseMoneyInput('1234.567', 'HUF');
    const dinar = parseMoneyInput('1234.5678', 'IQD');

    // Assess
    expect([yen, forint, dinar]).toEqual([undefined, undefined, undefined]);
  });
});
