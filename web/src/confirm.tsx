/**
 * An action that cannot be undone (approve, accept a report, mark paid), in two steps: its button, then a
 * note, any details the action needs, and "Confirm: …" or "Cancel". Focus moves into the step when it
 * opens and back to the button when it is cancelled, so a keyboard user never loses their place.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n/index.ts';

export function ConfirmStep(props: {
  id: string;
  label: string;
  busy?: boolean;
  danger?: boolean;
  /** Fields the action needs (a date, a reference), shown in the second step. */
  children?: ComponentChildren;
  onConfirm: () => void | Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const step = useRef<HTMLFieldSetElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const reopened = useRef(false);
  useEffect(() => {
    if (open) step.current?.querySelector<HTMLElement>('input, textarea, select, button')?.focus();
    else if (reopened.current) button.current?.focus();
  }, [open]);
  const kind = props.danger ? 'danger' : 'primary';
  if (!open)
    return (
      <button
        type="button"
        ref={button}
        class={kind}
        disabled={props.busy}
        onClick={() => {
          reopened.current = true;
          setOpen(true);
        }}
      >
        {props.label}
      </button>
    );
  return (
    <fieldset class="confirm-step card" ref={step}>
      <legend>{props.label}</legend>
      <p>{t('confirm.note')}</p>
      {props.children}
      <div class="row">
        <button
          type="button"
          class={kind}
          disabled={props.busy}
          onClick={() => {
            void Promise.resolve(props.onConfirm()).then(() => setOpen(false));
          }}
        >
          {t('confirm.yes', { action: props.label })}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </fieldset>
  );
}

/** Today's date in a time zone (YYYY-MM-DD), the default day of a payment. */
export const localToday = (timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
