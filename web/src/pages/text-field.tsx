/** A labelled text input of the application forms. */
import { Field } from '../ui.tsx';

/** The lines of a box where each line is one item (target groups): trimmed, the empty ones left out. */
export const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/** One text of a form, in a line (`rows` unset) or a box, with its label, hint and error. */
export function TextField(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error: string | undefined;
  value: string;
  rows?: number;
  /** The kind of a one-line input, for the phone's keyboard and the browser's picker. */
  type?: 'email' | 'url' | 'date';
  inputMode?: 'numeric';
  /** What the browser may fill in (WCAG 1.3.5): `organization`, `url`, `name`, `email` … */
  autoComplete?: string;
  /** Announced as required (see Field for the app's convention). */
  required?: boolean;
  onInput: (value: string) => void;
}) {
  const { id, rows, value, onInput } = props;
  return (
    <Field id={id} label={props.label} hint={props.hint} error={props.error}>
      {(d, invalid) =>
        rows === undefined ? (
          <input
            id={id}
            type={props.type}
            inputMode={props.inputMode}
            autoComplete={props.autoComplete}
            value={value}
            aria-describedby={d}
            aria-invalid={invalid}
            aria-required={props.required}
            onInput={(e) => onInput(e.currentTarget.value)}
          />
        ) : (
          <textarea
            id={id}
            rows={rows}
            value={value}
            aria-describedby={d}
            aria-invalid={invalid}
            aria-required={props.required}
            onInput={(e) => onInput(e.currentTarget.value)}
          />
        )
      }
    </Field>
  );
}
