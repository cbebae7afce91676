/** Money: an integer amount of the currency's minor units and its ISO 4217 code. Never a float. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** ISO 4217 minor units of the currencies Passerelle's cities and funders use. */
const MINOR_DIGITS: Record<string, number> = {
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  CZK: 2,
  HUF: 2,
  RON: 2,
  BGN: 2,
  TRY: 2,
  MAD: 2,
  DZD: 2,
  EGP: 2,
  LBP: 2,
  JOD: 3,
  TND: 3,
  LYD: 3,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  IQD: 3,
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  XOF: 0,
  XAF: 0,
  UGX: 0,
  VND: 0,
};

export function isCurrency(code: string): boolean {
  return Object.hasOwn(MINOR_DIGITS, code);
}

export function minorDigits(currency: string): number {
  const d = MINOR_DIGITS[currency];
  if (d === undefined || !isCurrency(currency)) throw new RangeError(`Unknown currency ${currency}`);
  return d;
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`Amount must be a safe integer of minor units: ${amount}`);
  minorDigits(currency);
  return { amount, currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} and ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function sum(items: readonly Money[], currency: string): Money {
  return items.reduce((acc, m) => add(acc, m), money(0, currency));
}

export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amount === b.amount;
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

/** 500000 TND → "500.000"; 500000 EUR → "5000.00"; -5 EUR → "-0.05". Built from the integer. */
export function toDecimalString(m: Money): string {
  const d = minorDigits(m.currency);
  const sign = m.amount < 0 ? '-' : '';
  const digits = String(Math.abs(m.amount)).padStart(d + 1, '0');
  if (d === 0) return sign + digits;
  return `${sign}${digits.slice(0, -d)}.${digits.slice(-d)}`;
}

/** For exports that need a number (360Giving): 500000 TND → 500. */
export function toMajorUnits(m: Money): number {
  return Number(toDecimalString(m));
}

export function format(m: Money, locale: string): string {
  const d = minorDigits(m.currency);
  const nf = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: d,
    maximumFractionDigits: d,
  });
  // Intl accepts a decimal string exactly (no float rounding) for large amounts.
  return nf.format(toDecimalString(m) as unknown as number);
}

/** Splits exactly by weights (largest remainder): the parts always sum to the total. */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  const w = weights.reduce((a, b) => a + b, 0);
  if (w <= 0 || weights.some((x) => x < 0 || !Number.isInteger(x)))
    throw new RangeError('weights must be non-negative integers, not all zero');
  const exact = weights.map((x) => (total.amount * x) / w);
  const parts = exact.map(Math.floor);
  let rest = total.amount - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, frac: e - Math.floor(e) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    parts[i] = (parts[i] as number) + 1;
    rest--;
  }
  return parts.map((amount) => money(amount, total.currency));
}
