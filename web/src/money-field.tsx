/**
 * An amount field that is safe in every language: what is typed is read by money-input.ts, and the
 * field says at once how it was understood ("Understood as: DT 12,000.000"), or why it cannot be read
 * (an ambiguous "12.000" is asked about, never guessed). The message is announced politely and is part
 * of the field's description. To drop in wherever an amount is typed (the wizard's amount and budget
 * lines, the award and its shares, the report's amount spent).
 */

import type { FieldError } from './api/client.ts';
import { currencySymbol, formatMoney, lang, t, toDecimalInput } from './i18n/index.ts';
import { type MoneyReading, readMoney } from './money-input.ts';
import { Field, UNREADABLE_AMOUNT } from './ui.tsx';

/** An amount as typed plainly in the current language, for the ambiguity message ("12000", "12,5"). */
function plain(amount: number, currency: string): string {
  const s = toDecimalInput({ amount, currency });
  if (lang() === 'en') return s;
  // Arabic's own decimal mark cannot be taken for thousands; French writes a comma.
  return s.replace('.', lang() === 'ar' ? '\u066b' : ',');
}

/** Why an amount cannot be read, in the current language; undefined when it can. */
export function moneyProblem(reading: MoneyReading, currency: string): string | undefined {
  if (reading.ok) return undefined;
  switch (reading.reason) {
    case 'empty':
      return t('money.empty');
    case 'negative':
      return t('money.negative');
    case 'wrong_currency':
      return t('money.wrongCurrency', { currency: currencySymbol(currency) });
    case 'too_many_decimals':
      return reading.digits === 0 ? t('money.noDecimals') : t('money.tooManyDecimals', { n: reading.digits });
    case 'ambiguous': {
      const [a, b] = reading.readings;
      return t('money.ambiguous', {
        a: formatMoney({ amount: a, currency }),
        b: formatMoney({ amount: b, currency }),
        plainA: plain(a, currency),
        plainB: plain(b, currency),
      });
    }
    default:
      return t('money.notNumber');
  }
}

/** The reading of `text` in the current language: minor units, or the reason to show. */
export function readAmount(text: string, currency: string): { amount?: number; problem?: string } {
  const r = readMoney(text, currency, lang());
  if (r.ok) return { amount: r.amount };
  const problem = moneyProblem(r, currency);
  return problem ? { problem } : {};
}

export function MoneyField(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  /** An error from submitting (the server's or the form's); the reading's own problem shows below. */
  error?: string | undefined;
  /** Announced as required (see Field for the app's convention). */
  required?: boolean;
  value: string;
  currency: string;
  /** The text as typed, and its minor units when it can be read safely. */
  onInput: (text: string, amount: number | undefined) => void;
}) {
  const typed = props.value.trim() !== '';
  const reading = typed ? readMoney(props.value, props.currency, lang()) : undefined;
  const said = !reading
    ? ''
    : reading.ok
      ? t('money.understood', { amount: formatMoney({ amount: reading.amount, currency: props.currency }) })
      : (moneyProblem(reading, props.currency) ?? '');
  const saidId = `${props.id}-understood`;
  return (
    // The reading's own reason replaces a generic error from submitting: it says what to change.
    <Field
      id={props.id}
      label={props.label}
      hint={props.hint}
      error={reading && !reading.ok ? undefined : props.error}
    >
      {(describedBy, invalid) => (
        <>
          <input
            id={props.id}
            inputMode="decimal"
            autoComplete="off"
            value={props.value}
            aria-describedby={[describedBy, saidId].filter(Boolean).join(' ')}
            aria-invalid={invalid || (reading !== undefined && !reading.ok)}
            aria-required={props.required}
            onInput={(e) => {
              const text = e.currentTarget.value;
              const r = text.trim() ? readMoney(text, props.currency, lang()) : undefined;
              props.onInput(text, r?.ok ? r.amount : undefined);
            }}
          />
          {/* Described, not live: a live region would speak at every keystroke. */}
          <p id={saidId} class={reading && !reading.ok ? 'field-error' : 'hint'}>
            {said === props.error ? '' : said}
          </p>
        </>
      )}
    </Field>
  );
}

/**
 * The error of an amount field that is empty or cannot be read, for a form's error summary: "required",
 * or the reading's own reason in the current language. The field shows the same reason below itself.
 */
export function amountError(path: string, text: string): FieldError {
  if (!text.trim()) return { path, message: 'Write an amount.', code: 'too_small', origin: 'string' };
  return { path, message: 'Not an amount.', code: UNREADABLE_AMOUNT };
}
