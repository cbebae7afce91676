/**
 * Field errors in the reader's language. The API and the web's own validation give each error
 * structured fields (functions/src/contract/problem.ts): they are translated by those, never by the
 * English message, which the server may reword at any time.
 */
import type { FieldError } from './api/client.ts';
import type { MessageKey } from './i18n/en.ts';
import { has, t, tx } from './i18n/index.ts';

/** The catalogue key of an array that needs at least one item, by the field it is. */
const AT_LEAST_ONE: Record<string, MessageKey> = {
  focusAreas: 'v.focusAreas',
  targetGroups: 'v.targetGroups',
  budget: 'v.budget',
  indicators: 'v.indicators',
};
/** The contract's own codes (its refinements) and named formats. */
const CODES: Record<string, MessageKey> = {
  invisible: 'v.invisible',
  control_characters: 'v.control',
  one_line: 'v.oneLine',
  real_date: 'v.date',
  quarter_range: 'v.quarter',
  unrecognized_keys: 'v.unknownField',
  not_allowed: 'v.unknownField',
  reference_or_file: 'v.referenceOrFile',
};
const FORMATS: Record<string, MessageKey> = {
  date: 'v.date',
  quarter: 'v.quarter',
  currency: 'v.currency',
  url: 'v.url',
};

/**
 * A field error in the reader's language, by its structured fields (never by its English message):
 * a broken rule by its code, else the validation's code and bounds, else a generic text.
 */
export function errorText(e: FieldError): string {
  if (e.rule && has(`rule.${e.rule}`)) return tx(`rule.${e.rule}`);
  const field = e.path.split('.').at(-1) ?? '';
  const min = typeof e.minimum === 'number' ? e.minimum : undefined;
  const max = typeof e.maximum === 'number' ? e.maximum : undefined;
  switch (e.code) {
    case 'invalid_type':
      if (e.expected === 'int') return t(field === 'amount' ? 'v.amount' : 'v.int');
      return t('v.required');
    case 'too_small':
      if (e.origin === 'string') return t('v.required');
      if (e.origin === 'array')
        return AT_LEAST_ONE[field] ? t(AT_LEAST_ONE[field]) : t('v.tooFew', { min: min ?? 1 });
      if (min === 0) return t('v.min0');
      break;
    case 'too_big':
      if (e.origin === 'string' && max !== undefined) return t('v.tooLong', { max });
      if (e.origin === 'array' && max !== undefined) return t('v.tooMany', { max });
      if (max !== undefined) return t('v.tooLarge', { max });
      break;
    case 'invalid_format': {
      const key = e.format ? FORMATS[e.format] : undefined;
      if (key) return t(key);
      break;
    }
    case 'invalid_value':
      // A choice not made, or not one of those offered (a radio group, a select).
      return t('v.choose');
    case 'date_range':
      return t('v.dateRange', { min: String(e.minimum ?? ''), max: String(e.maximum ?? '') });
    default: {
      const key = e.code ? CODES[e.code] : undefined;
      if (key) return t(key);
    }
  }
  return t('v.invalid');
}
