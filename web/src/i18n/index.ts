/**
 * Languages: Arabic, French and English. The catalogue of the chosen language is loaded on demand, the
 * choice is remembered, and Arabic turns the whole page right to left. Dates, numbers and money go
 * through Intl for the language; money has the minor digits of the server's ISO 4217 table.
 */
import { isCurrency, minorDigits, toDecimalString } from '../../../functions/src/domain/money.ts';
import { frenchTypography } from '../../../functions/src/domain/typography.ts';
import { parseMoney } from '../money-input.ts';
import type { MessageKey, Messages } from './en.ts';
import { countOf, isPlural, type Plural, pluralForm } from './plural.ts';

export type Lang = 'en' | 'fr' | 'ar';
export const LANGS: readonly Lang[] = ['en', 'fr', 'ar'];
const STORAGE_KEY = 'passerelle.lang';
const LOCALES: Record<Lang, string> = { en: 'en-GB', fr: 'fr-FR', ar: 'ar-TN' };

let current: Lang = 'en';
let messages: Messages | undefined;
const listeners = new Set<() => void>();

const loaders: Record<Lang, () => Promise<Messages>> = {
  en: () => import('./en.ts').then((m) => m.en),
  fr: () => import('./fr.ts').then((m) => m.fr),
  ar: () => import('./ar.ts').then((m) => m.ar),
};

export const isLang = (v: unknown): v is Lang =>
  typeof v === 'string' && (LANGS as readonly string[]).includes(v);

export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // storage unavailable: fall through to the browser's language
  }
  const nav = (navigator.language || 'en').slice(0, 2);
  return isLang(nav) ? nav : 'en';
}

export const lang = (): Lang => current;
export const locale = (): string => LOCALES[current];

/**
 * The attributes of an element whose text is written in `language` when the page is in `page`: its
 * language and direction, so that a screen reader speaks it in that language and it reads in its own
 * direction; nothing when it is the page's language (or unknown).
 */
export function writtenIn(
  language: string | undefined,
  page: Lang = current,
): { lang: Lang; dir: 'rtl' | 'ltr' } | Record<string, never> {
  if (!isLang(language) || language === page) return {};
  return { lang: language, dir: language === 'ar' ? 'rtl' : 'ltr' };
}

export async function setLang(next: Lang, remember = true): Promise<void> {
  // Remembered at once, as the choice is made; the catalogue may take a moment to load.
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered; still switched
    }
  }
  messages = await loaders[next]();
  current = next;
  document.documentElement.lang = next;
  document.documentElement.dir = next === 'ar' ? 'rtl' : 'ltr';
  for (const l of listeners) l();
}

export function onLangChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export type Params = Record<string, string | number>;

/**
 * A message of a catalogue in its language, the pure part of t(): the plural form for the count (the
 * parameter `n`, else `max`), numbers written the language's way, a `{currency}` code shown as the
 * local symbol (د.ت, DT), and French typography.
 */
export function translate(
  catalogue: Partial<Record<string, string | Plural>> | undefined,
  language: Lang,
  key: string,
  params?: Params,
): string {
  const message = catalogue?.[key] ?? key;
  let template = message as string;
  if (isPlural(message)) {
    const count = countOf(params?.n ?? params?.max);
    template = count === undefined ? message.other : pluralForm(message, count, LOCALES[language]);
  }
  if (params) {
    template = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = params[name];
      if (v === undefined) return `{${name}}`;
      if (typeof v === 'number') return numberFormat(language).format(v);
      if (name === 'currency' && /^[A-Z]{3}$/.test(v)) return currencySymbol(v, language);
      return v;
    });
  }
  return language === 'fr' ? frenchTypography(template) : template;
}

/** The message of `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params?: Params): string {
  return translate(messages, current, key, params);
}

/** For keys built at run time (states, events, rule codes): the key if it exists, else the fallback. */
export function tx(key: string, fallback?: string, params?: Params): string {
  if (messages && key in messages) return t(key as MessageKey, params);
  return fallback ?? key;
}

export const has = (key: string): boolean => !!messages && key in messages;

// ------------------------------------------------------------------ formatting

const numberFormats = new Map<Lang, Intl.NumberFormat>();
function numberFormat(language: Lang): Intl.NumberFormat {
  let f = numberFormats.get(language);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[language]);
    numberFormats.set(language, f);
  }
  return f;
}

/**
 * The currency as people of the language write it in a label: the Tunisian dinar is «د.ت» in Arabic and
 * "DT" in French and English, not its ISO code; other currencies take Intl's narrow symbol (€, ¥).
 */
const LOCAL_SYMBOLS: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  TND: { ar: 'د.ت', fr: 'DT', en: 'DT' },
};
export function currencySymbol(currency: string, language: Lang = current): string {
  const local = LOCAL_SYMBOLS[currency]?.[language];
  if (local) return local;
  try {
    const part = new Intl.NumberFormat(LOCALES[language], {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
    })
      .formatToParts(0)
      .find((p) => p.type === 'currency');
    return part?.value ?? currency;
  } catch {
    return currency;
  }
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function nf(opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `n|${locale()}|${JSON.stringify(opts)}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale(), opts);
    cache.set(k, f);
  }
  return f;
}
function df(opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `d|${locale()}|${JSON.stringify(opts)}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale(), opts);
    cache.set(k, f);
  }
  return f;
}

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/**
 * The minor-unit digits of a currency (TND 3, EUR 2, JPY 0, HUF 2, IQD 3): the server's table, since an
 * amount is an integer of those units; Intl's own digits differ for some (HUF, LBP, IQD give 0) and would
 * move the decimal point. A currency the server does not know (it never stores one) gets Intl's.
 */
export function currencyDigits(currency: string): number {
  if (isCurrency(currency)) return minorDigits(currency);
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** The amount for people to read; formatted from the exact decimal string, never a float. */
export function formatMoney(m: Money | undefined): string {
  if (!m) return '—';
  const digits = currencyDigits(m.currency);
  const f = nf({
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const parts = isCurrency(m.currency)
    ? f.formatToParts(toDecimalString(m) as Intl.StringNumericLiteral)
    : f.formatToParts(m.amount / 10 ** digits);
  // Intl writes the ISO code where Tunisians write DT; Arabic keeps Intl's «د.ت.».
  const local = current === 'ar' ? undefined : LOCAL_SYMBOLS[m.currency]?.[current];
  return parts.map((p) => (p.type === 'currency' && local ? local : p.value)).join('');
}

/**
 * The amount in major units as a plain decimal string for an input ("1200.5"), no float rounding. A
 * three-digit fraction after at most three integer digits ("12.345") would be refused as ambiguous when
 * read back (12.345 or 12 345?), so it keeps a trailing zero ("12.3450"), which changes nothing.
 */
export function toDecimalInput(m: Money | undefined): string {
  if (!m) return '';
  const digits = currencyDigits(m.currency);
  if (digits === 0) return String(m.amount);
  const s = String(m.amount).padStart(digits + 1, '0');
  const int = s.slice(0, -digits);
  const frac = s.slice(-digits).replace(/0+$/, '');
  if (!frac) return int;
  return frac.length === 3 && int.length <= 3 ? `${int}.${frac}0` : `${int}.${frac}`;
}

/**
 * Reads what a person types ("12.000,500 د.ت.", "1 200,5", "١٢٠٠", "DT 1,200.5") into minor units, in the
 * current language; undefined if it is not a number or is ambiguous ("12.000" for dinars): see
 * web/src/money-input.ts, whose readMoney() also gives the reason.
 */
export function parseMoneyInput(text: string, currency: string): number | undefined {
  return parseMoney(text, currency, current);
}

export const formatNumber = (n: number): string => nf({}).format(n);

/** A calendar date (YYYY-MM-DD), as the city's calendar has it: no time-zone shift. */
export function formatDate(date: string | undefined): string {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return date;
  return df({ dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant, shown in the city's time zone. */
export function formatInstant(iso: string | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // Tunisian administration writes 24-hour times (14:30), not 12-hour ones with ص/م.
  return df({
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(current === 'ar' ? { hourCycle: 'h23' as const } : {}),
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

/** A milestone's title for people: an annual review's is made from its data in the reader's language. */
export function milestoneTitle(m: { readonly title: string }): string {
  const r = (m as { annualReview?: { number: number; termStart: string; termEnd: string } }).annualReview;
  if (!r) return m.title;
  return t('milestone.annualReviewTitle', {
    name: m.title,
    n: r.number,
    start: formatDate(r.termStart),
    end: formatDate(r.termEnd),
  });
}

/** A city's name in the interface's language: as its admin wrote it, else the catalogue's, else as stored. */
export function cityName(city: {
  readonly id: string;
  readonly name: string;
  readonly names?: Partial<Record<Lang, string>>;
}): string {
  return city.names?.[current] ?? tx(`city.${city.id}`, city.name);
}
