/**
 * How agreements and letters write dates, amounts, quarters and lists in each language. Pure: the
 * locale comes from the language and the city's country, never from the machine.
 */
import type { Language } from '#domain/city';
import { format as formatMoney, type Money } from '#domain/money';

/** Arabic-speaking countries whose own Arabic locale names the months as their administrations do. */
const ARABIC_LOCALES = new Set(['TN', 'MA', 'DZ', 'LY', 'EG', 'JO', 'LB']);

/**
 * The locale to format in. Arabic follows the city's country where it is an Arabic-speaking one, and
 * Tunisian usage elsewhere (the network's Arabic-speaking partners are in the Maghreb). Digits are
 * always the Latin ones, as Maghreb administrations write them.
 */
export function localeOf(lang: Language, country: string): string {
  // English follows British usage (day month year) in every city of the network.
  const region =
    lang === 'ar' ? (ARABIC_LOCALES.has(country) ? country : 'TN') : lang === 'en' ? 'GB' : country;
  const tag = `${lang}-${region}`;
  const base = Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 ? tag : lang;
  return `${base}-u-nu-latn`;
}

/** A calendar date (YYYY-MM-DD) in words: "15 janvier 2027", "15 جانفي 2027". */
export function formatDate(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** An instant as the date it was in the city's time zone. */
export function formatInstantDate(instant: string, locale: string, timeZone: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(at);
}

export function formatAmount(m: Money, locale: string): string {
  return formatMoney(m, locale);
}

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

export function formatPercent(part: number, whole: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    whole === 0 ? 0 : part / whole,
  );
}

/** A number of years as the language says it: "3 years", "3 ans", "3 سنوات", "سنة". */
export function formatYears(years: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'year', unitDisplay: 'long' }).format(years);
}

export function formatList(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}

const ARABIC_QUARTERS = ['الثلاثي الأول', 'الثلاثي الثاني', 'الثلاثي الثالث', 'الثلاثي الرابع'];

/** "2027-Q1" as the language writes a quarter: "Q1 2027", "T1 2027", "الثلاثي الأول 2027". */
export function formatQuarter(quarter: string, lang: Language): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match) return quarter;
  const [, year, q] = match;
  if (lang === 'ar') return `${ARABIC_QUARTERS[Number(q) - 1]} ${year}`;
  return `${lang === 'fr' ? 'T' : 'Q'}${q} ${year}`;
}

/** The focus areas a city starts with, in words; another code is shown with spaces for underscores. */
const FOCUS_AREAS: Record<Language, Record<string, string>> = {
  en: {
    legal_counselling: 'legal counselling',
    access_to_services: 'access to services',
    education: 'education',
    language: 'language learning',
    employment: 'employment',
    health: 'health',
    protection: 'protection',
  },
  fr: {
    legal_counselling: 'conseil juridique',
    access_to_services: 'accès aux services',
    education: 'éducation',
    language: 'apprentissage de la langue',
    employment: 'emploi',
    health: 'santé',
    protection: 'protection',
  },
  ar: {
    legal_counselling: 'الاستشارة القانونية',
    access_to_services: 'النفاذ إلى الخدمات',
    education: 'التعليم',
    language: 'تعلّم اللغة',
    employment: 'التشغيل',
    health: 'الصحة',
    protection: 'الحماية',
  },
};

export function focusAreaLabel(code: string, lang: Language): string {
  return FOCUS_AREAS[lang][code] ?? code.replaceAll('_', ' ');
}

export const directionOf = (lang: Language): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');
