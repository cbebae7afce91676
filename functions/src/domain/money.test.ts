import { describe, expect, it } from 'vitest';
import { RuleViolationError } from './errors.ts';
import {
  add,
  allocate,
  CURRENCIES,
  compare,
  format,
  isCurrency,
  type Money,
  minorDigits,
  money,
  sum,
  toDecimalString,
  toMajorUnits,
} from './money.ts';

const eur = (amount: number): Money => money(amount, 'EUR');
const tnd = (amount: number): Money => money(amount, 'TND');

/** The digits of a formatted amount in Latin script, whatever numbering system the locale uses. */
function latinDigits(text: string): string {
  return text.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/** The sum of the parts as a BigInt, so that it cannot itself round. */
function exactTotal(parts: readonly Money[]): bigint {
  return parts.reduce((total, part) => total + BigInt(part.amount), 0n);
}

describe('minorDigits', () => {
  // ISO 4217 minor units, checked against CLDR (through Intl) rather than against a copy of the table.
  // CLDR shows fewer digits than ISO 4217 keeps for three of them (no coins in use); amounts keep ISO's.
  const ISO_BEYOND_CLDR: Readonly<Record<string, number>> = { HUF: 2, LBP: 2, IQD: 3 };
  it.each(CURRENCIES.map((c) => [c]))('%s has its ISO 4217 minor digits', (currency) => {
    const cldr = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    expect(minorDigits(currency)).toBe(ISO_BEYOND_CLDR[currency] ?? cldr);
  });

  it('knows the currencies of the seeds: 3 digits for the dinars, 2 for the euro', () => {
    expect([minorDigits('TND'), minorDigits('EUR'), minorDigits('MAD'), minorDigits('JPY')]).toEqual([
      3, 2, 2, 0,
    ]);
  });

  it.each(['ABC', 'eur', '', 'toString', 'constructor'])(
    'throws a RangeError for the unknown code %j',
    (code) => {
      expect(() => minorDigits(code)).toThrow(RangeError);
    },
  );
});

describe('isCurrency', () => {
  it('knows the currencies of the cities and their funders', () => {
    expect(isCurrency('TND')).toBe(true);
    expect(isCurrency('EUR')).toBe(true);
  });

  it.each(['ABC', 'eur', 'EURO', '', 'hasOwnProperty'])('does not know %j', (code) => {
    expect(isCurrency(code)).toBe(false);
  });
});

describe('money', () => {
  it('makes a value of minor units in a currency', () => {
    expect(money(500000, 'TND')).toEqual({ amount: 500000, currency: 'TND' });
  });

  it('accepts negative amounts and the largest safe integer', () => {
    expect(money(-5, 'EUR').amount).toBe(-5);
    expect(money(Number.MAX_SAFE_INTEGER, 'EUR').amount).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'refuses the amount %d, which is not a safe integer of minor units',
    (amount) => {
      expect(() => money(amount, 'EUR')).toThrow(RangeError);
    },
  );

  it('refuses an unknown currency', () => {
    expect(() => money(100, 'ABC')).toThrow(/unknown currency: ABC/);
  });
});

describe('add', () => {
  it('adds two amounts of the same currency', () => {
    expect(add(tnd(500000), tnd(1))).toEqual(tnd(500001));
  });

  it('refuses to add different currencies', () => {
    expect(() => add(eur(100), tnd(100))).toThrow(/currency mismatch: EUR and TND/);
  });

  it('refuses a total beyond the safe integers rather than round it, as a rule the user broke', () => {
    expect(() => add(eur(Number.MAX_SAFE_INTEGER), eur(1))).toThrow(RuleViolationError);
  });
});

describe('sum', () => {
  it('is zero of the currency when there is nothing to add', () => {
    expect(sum([], 'TND')).toEqual(tnd(0));
  });

  it('adds budget lines exactly', () => {
    expect(sum([tnd(1), tnd(2), tnd(499997)], 'TND')).toEqual(tnd(500000));
  });

  it('refuses an item in another currency', () => {
    expect(() => sum([tnd(1), eur(2)], 'TND')).toThrow(/currency mismatch/);
  });

  it('says which rule budget lines that add up past 2^53 break, instead of failing', () => {
    // Prepare
    const lines = [tnd(2 ** 52), tnd(2 ** 52), tnd(1)];
    // Act
    const caught = (() => {
      try {
        sum(lines, 'TND');
      } catch (e) {
        return e;
      }
    })();
    // Assess
    expect(caught).toBeInstanceOf(RuleViolationError);
    expect((caught as RuleViolationError).failures.map((f) => f.rule)).toEqual(['amount_too_large']);
  });

  it('refuses items that are all in another currency than the one asked', () => {
    expect(() => sum([eur(2)], 'TND')).toThrow(/currency mismatch/);
  });
});

describe('compare', () => {
  it('orders amounts of the same currency', () => {
    expect(compare(tnd(1), tnd(2))).toBe(-1);
    expect(compare(tnd(2), tnd(2))).toBe(0);
    expect(compare(tnd(3), tnd(2))).toBe(1);
    expect(compare(eur(-5), eur(0))).toBe(-1);
  });

  it('refuses to compare different currencies', () => {
    expect(() => compare(eur(1), tnd(1))).toThrow(/currency mismatch/);
  });
});

describe('toDecimalString', () => {
  it.each([
    [500000, 'TND', '500.000'],
    [1, 'TND', '0.001'],
    [-150000, 'TND', '-150.000'],
    [500000, 'EUR', '5000.00'],
    [-5, 'EUR', '-0.05'],
    [0, 'EUR', '0.00'],
    [1200, 'JPY', '1200'],
    [-1200, 'JPY', '-1200'],
    [Number.MAX_SAFE_INTEGER, 'EUR', '90071992547409.91'],
    [Number.MAX_SAFE_INTEGER, 'TND', '9007199254740.991'],
  ])('writes %i %s as %s', (amount, currency, decimal) => {
    expect(toDecimalString(money(amount, currency))).toBe(decimal);
  });

  it('refuses a value that is not an integer of minor units', () => {
    expect(() => toDecimalString({ amount: 1.5, currency: 'EUR' })).toThrow(RangeError);
  });
});

describe('toMajorUnits', () => {
  it.each([
    [500000, 'TND', 500],
    [500000, 'EUR', 5000],
    [123456, 'EUR', 1234.56],
    [-5, 'EUR', -0.05],
    [1200, 'JPY', 1200],
  ])('gives %i %s as the number %d', (amount, currency, major) => {
    expect(toMajorUnits(money(amount, currency))).toBe(major);
  });
});

describe('format', () => {
  it('writes euros the French way', () => {
    const text = format(eur(1234567), 'fr-FR');

    expect(text).toContain('12');
    expect(text).toContain('345,67');
    expect(text).toContain('€');
  });

  it('writes euros the British way', () => {
    expect(format(eur(1234567), 'en-GB')).toContain('12,345.67');
  });

  it('writes dinars in Arabic for Tunisia with three minor digits', () => {
    // Act
    const text = latinDigits(format(tnd(1234567), 'ar-TN'));

    // Assess: 1 234 and 567 millimes, whatever the grouping and decimal signs.
    expect(text).toMatch(/1\D?234\D567(?!\d)/);
  });

  it('always shows every minor digit of the currency', () => {
    expect(format(tnd(500000), 'en-GB')).toContain('500.000');
    expect(format(eur(500000), 'en-GB')).toContain('5,000.00');
  });

  it('shows no minor digits for yen', () => {
    const text = format(money(1200, 'JPY'), 'en-GB');

    expect(text).toContain('1,200');
    expect(text).not.toMatch(/1,200\.\d/);
  });

  it('keeps the sign of a negative amount', () => {
    expect(format(eur(-5), 'en-GB')).toMatch(/^[-−].*0\.05|^\(.*0\.05/);
  });

  it('formats amounts near the largest safe integer exactly, to the last minor unit', () => {
    // A float would show 90,071,992,547,409.90 and 9,007,199,254,740.990.
    expect(format(eur(Number.MAX_SAFE_INTEGER), 'en-GB')).toContain('90,071,992,547,409.91');
    expect(format(tnd(Number.MAX_SAFE_INTEGER), 'en-GB')).toContain('9,007,199,254,740.991');
  });

  it('refuses an unknown currency', () => {
    expect(() => format({ amount: 1, currency: 'ABC' }, 'en-GB')).toThrow(RangeError);
  });
});

describe('allocate', () => {
  it('splits an odd amount 80 % / 20 % into parts that sum exactly to the total', () => {
    // Act
    const [advance, balance] = allocate(eur(100001), [80, 20]);

    // Assess: 80000.8 and 20000.2 round to the part with the larger remainder.
    expect(advance).toEqual(eur(80001));
    expect(balance).toEqual(eur(20000));
  });

  it('splits a dinar amount 80 % / 20 % exactly', () => {
    expect(allocate(tnd(15000000), [80, 20])).toEqual([tnd(12000000), tnd(3000000)]);
  });

  it('splits into thirds, giving the left-over unit to the first part', () => {
    expect(allocate(eur(100), [1, 1, 1])).toEqual([eur(34), eur(33), eur(33)]);
    expect(allocate(eur(200), [1, 1, 1])).toEqual([eur(67), eur(67), eur(66)]);
  });

  it('gives nothing to a part of weight zero', () => {
    expect(allocate(tnd(999), [0, 1])).toEqual([tnd(0), tnd(999)]);
  });

  it('gives the whole to a single part', () => {
    expect(allocate(tnd(12345), [100])).toEqual([tnd(12345)]);
  });

  it('splits a negative total like its opposite', () => {
    expect(allocate(eur(-100), [1, 1, 1])).toEqual([eur(-34), eur(-33), eur(-33)]);
  });

  it('keeps the parts exact for amounts near the largest safe integer', () => {
    // Prepare: an amount where computing amount × 80 in floating point loses a unit.
    const total = eur(9007199254617980);

    // Act
    const parts = allocate(total, [80, 20]);

    // Assess
    expect(parts).toEqual([eur(7205759403694384), eur(1801439850923596)]);
    expect(exactTotal(parts)).toBe(BigInt(total.amount));
  });

  it.each([
    [1, [1, 1, 1]],
    [7, [1, 2, 3, 4]],
    [100001, [80, 20]],
    [999999, [33, 33, 34]],
    [Number.MAX_SAFE_INTEGER, [1, 1, 1]],
    [Number.MAX_SAFE_INTEGER, [80, 20]],
    [Number.MAX_SAFE_INTEGER - 1, [3, 7, 11]],
  ])('splits %i by %j into parts that sum to it', (amount, weights) => {
    const parts = allocate(tnd(amount), weights);

    expect(parts).toHaveLength(weights.length);
    expect(exactTotal(parts)).toBe(BigInt(amount));
    expect(parts.every((part) => part.currency === 'TND' && Number.isSafeInteger(part.amount))).toBe(true);
  });

  it.each([[[]], [[0, 0]], [[-1, 2]], [[0.5, 0.5]], [[Number.NaN]]])('refuses the weights %j', (weights) => {
    expect(() => allocate(eur(100), weights)).toThrow(RangeError);
  });
});
