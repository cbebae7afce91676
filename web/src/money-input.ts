/**
 * Reading an amount typed by a person, in any of the app's languages, into integer minor units: safely.
 *
 * Accepted: the app's own display format for the language ("12.000,500 د.ت.", "12 000,500 DT",
 * "DT 12,000.500"), the usual currency words and symbols before or after (TND, DT, د.ت, دينار, EUR, €,
 * euros…), Arabic-Indic digits, and the Arabic separators ٬ (thousands) and ٫ (decimal).
 *
 * Refused, with a reason, rather than guessed:
 * - an amount whose only separator is "." or "," followed by exactly three digits ("12,000", "12.000"),
 *   when it could be read either way: for a three-decimal currency (TND, IQD…) it is 12 or 12 000, a
 *   factor of a thousand. For a currency with fewer decimals, the language's own thousands separator
 *   ("12,000" in English, "12.000" in Arabic) is read as thousands; the other one is refused;
 * - more decimals than the currency has (zeros beyond them change nothing and are accepted);
 * - another currency's code or symbol, a minus sign, or anything else that is not a number.
 */
import { isCurrency, minorDigits } from '../../functions/src/domain/money.ts';

export type MoneyLang = 'ar' | 'fr' | 'en';

export type MoneyReading =
  | { readonly ok: true; readonly amount: number }
  | { readonly ok: false; readonly reason: 'empty' | 'not_a_number' | 'negative' }
  | { readonly ok: false; readonly reason: 'wrong_currency'; readonly found: string }
  | { readonly ok: false; readonly reason: 'too_many_decimals'; readonly digits: number }
  /** The two readings, in minor units: the decimal one first, then the thousands one. */
  | { readonly ok: false; readonly reason: 'ambiguous'; readonly readings: readonly [number, number] };

/** How each language writes thousands in the app's display (ar-TN "12.000,5", en-GB "12,000.5"). */
const GROUPING: Record<MoneyLang, string | undefined> = { ar: '.', fr: undefined, en: ',' };
const DECIMAL: Record<MoneyLang, string> = { ar: ',', fr: ',', en: '.' };

/** The words and symbols people write for a currency, besides its ISO code. */
const WORDS: Readonly<Record<string, readonly string[]>> = {
  TND: [
    'DT',
    'DTN',
    'D.T.',
    'D.T',
    'د.ت.',
    'د.ت',
    'دت',
    'دينار',
    'دينارا',
    'دينارًا',
    'دنانير',
    'dinar',
    'dinars',
  ],
  EUR: ['€', 'euro', 'euros', 'يورو', 'أورو'],
  JPY: ['¥', 'JP¥', '円', 'yen', 'ين'],
  USD: ['$', 'US$', 'dollar', 'dollars', 'دولار'],
  MAD: ['DH', 'MAD', 'د.م.', 'د.م', 'درهم', 'dirham', 'dirhams'],
  LBP: ['L.L.', 'ل.ل.', 'ل.ل', 'ليرة', 'livres'],
  GBP: ['£', 'pound', 'pounds'],
};

const BIDI = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

function digitsOf(currency: string): number {
  if (isCurrency(currency)) return minorDigits(currency);
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A token, not inside a longer Latin or Arabic word. */
const tokenRe = (token: string) =>
  new RegExp(`(?<![A-Za-z\\u0621-\\u064a])${escapeRe(token)}(?![A-Za-z\\u0621-\\u064a])`, 'giu');

function tokensOf(currency: string): string[] {
  return [currency, ...(WORDS[currency] ?? [])].sort((a, b) => b.length - a.length);
}

/** Integer minor units from the integer digits and the decimal digits, or a reason. */
function toMinor(int: string, frac: string, digits: number): MoneyReading {
  const significant = frac.replace(/0+$/, '');
  if (significant.length > digits) return { ok: false, reason: 'too_many_decimals', digits };
  const amount = Number(`${int}${frac.slice(0, digits).padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(amount)) return { ok: false, reason: 'not_a_number' };
  return { ok: true, amount };
}

/** Groups of thousands: the first of 1 to 3 digits, each other of exactly 3. */
const groupsOk = (groups: readonly string[]) =>
  groups.length > 0 && /^\d{1,3}$/.test(groups[0] ?? '') && groups.slice(1).every((g) => /^\d{3}$/.test(g));

export function readMoney(text: string, currency: string, lang: MoneyLang): MoneyReading {
  const digits = digitsOf(currency);
  let s = text
    .replace(BIDI, '')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .trim();
  if (s === '') return { ok: false, reason: 'empty' };

  // The currency's own code, words and symbols, before or after the number.
  for (const token of tokensOf(currency)) s = s.replace(tokenRe(token), ' ');
  for (const [other, words] of Object.entries(WORDS)) {
    if (other === currency) continue;
    for (const token of [other, ...words]) if (tokenRe(token).test(s)) return wrong(token);
  }
  if (/(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])/.test(s)) return wrong(/[A-Z]{3}/.exec(s)?.[0] ?? '');
  s = s.trim();
  if (/^[-\u2212]/.test(s) || /[-\u2212]$/.test(s)) return { ok: false, reason: 'negative' };
  if (!/^\d[\d\s\u00a0\u202f'’.,\u066b\u066c]*$/.test(s) || !/\d$/.test(s))
    return { ok: false, reason: 'not_a_number' };

  // Unambiguous marks first: spaces, apostrophes and ٬ group thousands; ٫ is the decimal point.
  const hardGroup = /[\s\u00a0\u202f'’\u066c]/.test(s);
  const hardDecimal = s.includes('\u066b');
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;

  let decimal: string | undefined;
  if (hardDecimal) {
    decimal = '\u066b';
  } else if (dots > 0 && commas > 0) {
    // Both: the last one written is the decimal point ("12.000,500", "12,000.500").
    decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
  } else if (dots + commas === 1) {
    const sep = dots ? '.' : ',';
    const [before = '', after = ''] = s.split(sep);
    const intDigits = before.replace(/\D/g, '');
    if (hardGroup || after.length !== 3 || intDigits.length > 3 || before !== intDigits) {
      decimal = sep;
    } else {
      // "12.000", "12,000": a decimal point or a thousands separator?
      const asDecimal = toMinor(intDigits, after, digits);
      const asThousands = toMinor(`${intDigits}${after}`, '', digits);
      // Only one reading possible: taken, unless it reads the language's decimal point as thousands.
      if (!asDecimal.ok && asThousands.ok) return sep === DECIMAL[lang] ? asDecimal : asThousands;
      if (digits < 3 && GROUPING[lang] === sep && asThousands.ok) return asThousands;
      if (asDecimal.ok && asThousands.ok)
        return { ok: false, reason: 'ambiguous', readings: [asDecimal.amount, asThousands.amount] };
      return asDecimal;
    }
  } else if (dots + commas > 1 && (dots === 0 || commas === 0)) {
    decimal = undefined; // "1.200.000", "1,200,000": thousands only
  }

  let int = s;
  let frac = '';
  if (decimal) {
    const at = s.lastIndexOf(decimal);
    if (s.indexOf(decimal) !== at) return { ok: false, reason: 'not_a_number' };
    int = s.slice(0, at);
    frac = s.slice(at + 1);
    if (!/^\d+$/.test(frac)) return { ok: false, reason: 'not_a_number' };
  }
  const groups = int.split(/[\s\u00a0\u202f'’.,\u066c]+/);
  if (groups.length > 1 ? !groupsOk(groups) : !/^\d+$/.test(int))
    return { ok: false, reason: 'not_a_number' };
  return toMinor(groups.join(''), frac, digits);

  function wrong(found: string): MoneyReading {
    return { ok: false, reason: 'wrong_currency', found };
  }
}

/** The amount in minor units, or undefined when it cannot be read safely. */
export function parseMoney(text: string, currency: string, lang: MoneyLang): number | undefined {
  const r = readMoney(text, currency, lang);
  return r.ok ? r.amount : undefined;
}
