/**
 * The building blocks of the v1 contract: identifiers, dates, money and text, in plain zod. `.meta()`
 * carries what the OpenAPI document shows (zod-to-openapi reads it), so server and web share these
 * modules as they are. A refinement carries a stable `code` in its `params`, and each pattern has a
 * name (PATTERNS), so that an error can be translated without reading its English message.
 */
import { z } from 'zod';

/** The patterns of the contract by name: a validation error reports the name as its `format`. */
export const PATTERNS = {
  id: /^[A-Za-z0-9_-]+$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  quarter: /^\d{4}-Q[1-4]$/,
  currency: /^[A-Z]{3}$/,
} as const;
export type PatternName = keyof typeof PATTERNS;

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const Id = z.string().min(1).max(64).regex(PATTERNS.id, 'Use letters, digits, - and _ only.');
/** The dates the system works with: anything outside is a typing slip, and breaks the calendars later. */
export const FIRST_DATE = '2000-01-01';
export const LAST_DATE = '2100-12-31';
export const LocalDate = z
  .string()
  .regex(PATTERNS.date, 'Use the form YYYY-MM-DD.')
  .refine(isRealDate, { message: 'This is not a real calendar date.', params: { code: 'real_date' } })
  .refine((s) => !isRealDate(s) || (s >= FIRST_DATE && s <= LAST_DATE), {
    message: `Give a date between ${FIRST_DATE} and ${LAST_DATE}.`,
    params: { code: 'date_range', minimum: FIRST_DATE, maximum: LAST_DATE },
  })
  .meta({ example: '2027-01-15', format: 'date' });
export const Instant = z.string().meta({ format: 'date-time', example: '2027-01-15T09:30:00.000Z' });

/** Whether the text holds a control character (C0, DEL, C1); `keepLines` lets LF, CR and tab through. */
const hasControl = (s: string, keepLines: boolean) =>
  [...s].some((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    const control = c <= 0x1f || (c >= 0x7f && c <= 0x9f);
    return control && !(keepLines && (c === 0x09 || c === 0x0a || c === 0x0d));
  });
/** Bidi embeddings, overrides and isolates (they reorder what follows), and the Unicode line separators. */
const BIDI_OR_LINE = /[\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
/** Text that shows nothing: spaces, zero-width characters, direction marks, format characters only. */
const INVISIBLE_ONLY = /^[\s\p{Cf}\u115F\u1160\u3164\uFFA0]*$/u;
const Visible = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Write something here.')
    .max(max, `Keep it under ${max} characters.`)
    // an empty text has its own error above
    .refine((s) => s === '' || !INVISIBLE_ONLY.test(s), {
      message: 'Write something visible here.',
      params: { code: 'invisible' },
    });
/** Multi-line text (a summary, a narrative, a comment): line breaks kept, other control characters refused. */
export const Text = (max: number) =>
  Visible(max).refine((s) => !hasControl(s, true), {
    message: 'Remove the control characters from this text.',
    params: { code: 'control_characters' },
  });
/**
 * One-line text (a title, a name, a label, a reference): no line break, control character or bidi
 * override, which could forge a cell or a line in what is exported, or disguise the text's end.
 */
export const Line = (max: number) =>
  Visible(max).refine((s) => !hasControl(s, false) && !BIDI_OR_LINE.test(s), {
    message: 'Keep this to one line, without control or text-direction characters.',
    params: { code: 'one_line' },
  });
export const Count = z.number().int('Use a whole number.').min(0, 'Use zero or more.').max(10_000_000);

export const Money = z
  .strictObject({
    amount: z
      .number()
      .int('Give the amount in minor units (a whole number).')
      .min(0)
      .max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(PATTERNS.currency, 'Use a three-letter ISO 4217 code such as TND or EUR.'),
  })
  .meta({
    id: 'Money',
    description: 'An amount in minor units of its currency (1 TND = 1000 minor units)',
    example: { amount: 1200000, currency: 'TND' },
  });

export { FOCUS_AREAS, type FocusArea } from './focus-areas.ts';
