/**
 * Money: an integer amount of the currency's minor units and its ISO 4217 code, never a float.
 * `{ amount: 500000, currency: 'TND' }` is 500 TND (three minor digits); in EUR it is 5,000 EUR (two).
 */
import { RuleViolationError } from './errors.ts';

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** ISO 4217 minor units of the currencies Passerelle's cities and funders use. */
const MINOR_DIGITS: ReadonlyMap<string, number> = new Map([
  ['EUR', 2],
  ['USD', 2],
  ['GBP', 2],
  ['CHF', 2],
  ['SEK', 2],
  ['NOK', 2],
  ['DKK', 2],
  ['PLN', 2],
  ['CZK', 2],
  ['HUF', 2],
  ['RON', 2],
  ['BGN', 2],
  ['TRY', 2],
  ['MAD', 2],
  ['DZD', 2],
  ['EGP', 2],
  ['LBP', 2],
  ['JOD', 3],
  ['TND', 3],
  ['LYD', 3],
  ['KWD', 3],
  ['BHD', 3],
  ['OMR', 3],
  ['IQD', 3],
  ['JPY', 0],
  ['KRW', 0],
  ['ISK', 0],
  ['CLP', 0],
  ['XOF', 0],
  ['XAF', 0],
  ['UGX', 0],
  ['VND', 0],
]);

/** The currencies Passerelle knows, by code. */
export const CURRENCIES: readonly string[] = [...MINOR_DIGITS.keys()];

/** Whether the code is a currency Passerelle knows (and so knows how many minor digits it has). */
export function isCurrency(code: string): boolean {
  return MINOR_DIGITS.has(code);
}

/** The number of minor digits of a currency: 2 for EUR, 3 for TND, 0 for JPY. */
export function minorDigits(currency: string): number {
  const digits = MINOR_DIGITS.get(currency);
  if (digits === undefined) throw new RangeError(`unknown currency: ${currency}`);
  return digits;
}

/** Makes a money value, checking that the amount is a safe integer and the currency is known. */
export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`amount must be a safe integer of minor units: ${amount}`);
  }
  minorDigits(currency);
  return { amount, currency };
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} and ${b.currency}`);
}

/**
 * A total too large to count exactly (past 2^53 minor units). Amounts come from users (budget lines,
 * shares), so this is a rule their input breaks (422), not a fault of the system.
 */
export class AmountTooLargeError extends RuleViolationError {
  constructor(currency: string) {
    super([
      {
        rule: 'amount_too_large',
        message: `These amounts add up to more than can be counted exactly in ${currency}. Check them.`,
      },
    ]);
  }
}

/** a + b, in the same currency. */
export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  const total = a.amount + b.amount;
  if (!Number.isSafeInteger(total)) throw new AmountTooLargeError(a.currency);
  return money(total, a.currency);
}

/** The total of the items, all in `currency`; zero of that currency when there are none. */
export function sum(items: readonly Money[], currency: string): Money {
  return items.reduce(add, money(0, currency));
}

/** -1, 0 or 1 as a is less than, equal to or greater than b, in the same currency. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  if (a.amount < b.amount) return -1;
  return a.amount > b.amount ? 1 : 0;
}

/** The exact decimal, built from the integer: 500000 TND → "500.000", 500000 EUR → "5000.00". */
export function toDecimalString(m: Money): string {
  const { amount, currency } = money(m.amount, m.currency);
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const units = String(Math.abs(amount)).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${units}`;
  return `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}

/** The amount in major units as a number, for exports that need one (360Giving): 500000 TND → 500. */
export function toMajorUnits(m: Money): number {
  return Number(toDecimalString(m));
}

/** The amount for people to read, in the locale's way, with all the currency's minor digits. */
export function format(m: Money, locale: string): string {
  const digits = minorDigits(m.currency);
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl formats a decimal string exactly, where a float would round large amounts.
  return formatter.format(toDecimalString(m) as Intl.StringNumericLiteral);
}

/**
 * Splits the total by integer weights with the largest-remainder method: the parts always sum to
 * the total exactly. `allocate(total, [80, 20])` gives an 80 % advance and a 20 % balance.
 */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  const { amount, currency } = money(total.amount, total.currency);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError(`weights must be non-negative integers: ${weights.join(', ')}`);
  }
  const totalWeight = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (totalWeight === 0n) throw new RangeError('weights must not all be zero');

  // BigInt keeps amount × weight exact beyond Number.MAX_SAFE_INTEGER. A negative total is split
  // as its opposite, then negated, so that -100 splits like 100.
  const whole = BigInt(Math.abs(amount));
  const exact = weights.map((w) => whole * BigInt(w));
  const parts = exact.map((e) => e / totalWeight);
  let rest = whole - parts.reduce((a, p) => a + p, 0n);
  // The units left over go one each to the largest remainders; ties go to the earlier part.
  const byRemainder = exact
    .map((e, index) => ({ index, remainder: e % totalWeight }))
    .sort((x, y) => compareBigInt(y.remainder, x.remainder) || x.index - y.index);
  for (const { index } of byRemainder) {
    if (rest === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    rest -= 1n;
  }
  return parts.map((p) => money(Number(amount < 0 ? -p : p), currency));
}

function compareBigInt(a: bigint, b: bigint): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
