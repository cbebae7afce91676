/** A set of checkboxes in a fieldset: the focus areas and languages of a registration, a user's roles. */
export function Checkboxes<T extends string>(props: {
  id: string;
  legend: string;
  options: readonly T[];
  label: (option: T) => string;
  value: readonly T[];
  error?: string | undefined;
  onChange: (value: T[]) => void;
}) {
  const { id, value } = props;
  return (
    <fieldset
      class={`field choices${props.error ? ' has-error' : ''}`}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
      {props.options.map((o) => (
        <label key={o} class="check">
          <input
            type="checkbox"
            name={id}
            value={o}
            checked={value.includes(o)}
            onChange={(e) =>
              props.onChange(e.currentTarget.checked ? [...value, o] : value.filter((v) => v !== o))
            }
          />{' '}
          {props.label(o)}
        </label>
      ))}
    </fieldset>
  );
}
