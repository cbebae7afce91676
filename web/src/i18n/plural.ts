/**
 * Plural messages. A message that takes a count has one form per plural category of its language, as
 * Intl.PluralRules names them: Arabic has six (zero, one, two, few, many, other), French and English
 * two (one, other). French puts 0 and 1 in "one", English only 1. A form may leave the number out where
 * the language says it in words (Arabic «منحتان», "two grants").
 */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

export type Plural = { readonly other: string } & {
  readonly [C in Exclude<PluralCategory, 'other'>]?: string;
};

export const isPlural = (v: unknown): v is Plural =>
  typeof v === 'object' && v !== null && typeof (v as { other?: unknown }).other === 'string';

const rules = new Map<string, Intl.PluralRules>();

/** The plural category of `count` in `locale`. */
export function pluralCategory(count: number, locale: string): PluralCategory {
  let r = rules.get(locale);
  if (!r) {
    r = new Intl.PluralRules(locale);
    rules.set(locale, r);
  }
  return r.select(count) as PluralCategory;
}

/** The categories a plural message must have in `locale` (ar: six, fr and en: two). */
export const pluralCategories = (locale: string): readonly PluralCategory[] =>
  new Intl.PluralRules(locale).resolvedOptions().pluralCategories as PluralCategory[];

/** The form of `message` for `count`; "other" if the catalogue lacks that category. */
export function pluralForm(message: string | Plural, count: number, locale: string): string {
  if (typeof message === 'string') return message;
  return message[pluralCategory(count, locale)] ?? message.other;
}

/** A count given as a number or as a formatted string ("1,234", "١٢", "1 234"). */
export function countOf(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (value === undefined) return undefined;
  const latin = value
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[^\d]/g, '');
  return latin === '' ? undefined : Number(latin);
}
