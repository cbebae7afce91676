/**
 * Languages: Arabic, French and English. The catalogue of the chosen language is loaded on demand, the
 * choice is remembered, and Arabic turns the whole page right to left. Dates, numbers and money go
 * through Intl for the language; money has the minor digits of the server's ISO 4217 table.
 */
import { isCurrency, minorDigits, toDecimalString } from '../../../functions/src/domain/money.ts';
import type { MessageKey, Messages } from './en.ts';

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

/** The message of `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params?: Params): string {
  const template = messages?.[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** For keys built at run time (states, events, rule codes): the key if it exists, else the fallback. */
export function tx(key: string, fallback?: string, params?: Params): string {
  if (messages && key in messages) return t(key as MessageKey, params);
  return fallback ?? key;
}

export const has = (key: string): boolean => !!messages && key in messages;

// ------------------------------------------------------------------ formatting

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
  if (!isCurrency(m.currency)) return f.format(m.amount / 10 ** digits);
  return f.format(toDecimalString(m) as Intl.StringNumericLiteral);
}

/** The amount in major units as a plain decimal string for an input ("1200.500"), no float rounding. */
export function toDecimalInput(m: Money | undefined): string {
  if (!m) return '';
  const digits = currencyDigits(m.currency);
  if (digits === 0) return String(m.amount);
  const s = String(m.amount).padStart(digits + 1, '0');
  const frac = s.slice(-digits).replace(/0+$/, '');
  return frac ? `${s.slice(0, -digits)}.${frac}` : s.slice(0, -digits);
}

/** Parses what a person types ("1 200,5", "1200.500", "١٢٠٠") into minor units; undefined if not a number. */
export function parseMoneyInput(text: string, currency: string): number | undefined {
  const digits = currencyDigits(currency);
  const latin = text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\s\u00a0\u202f'’]/g, '');
  const m = /^(\d+)(?:[.,٫](\d*))?$/.exec(latin);
  if (!m) return undefined;
  const frac = (m[2] ?? '').padEnd(digits, '0');
  if (frac.length > digits) return undefined;
  return Number(m[1]) * 10 ** digits + (digits ? Number(frac || '0') : 0);
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
  return df({ dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
}
