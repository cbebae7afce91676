/**
 * The declaration of no conflict of interest, the same on a grant and on a partnership: a plain checkbox
 * and a button that is always there (a disabled one is skipped by Tab and says nothing). Pressed with the
 * box unticked, it says why next to the box and moves the focus there.
 */
import { useRef, useState } from 'preact/hooks';
import { t } from './i18n/index.ts';
import { ErrorBox } from './ui.tsx';

export function ConflictDeclaration(props: { declare: () => Promise<void> }) {
  const [checked, setChecked] = useState(false);
  const [unticked, setUnticked] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLInputElement>(null);
  return (
    <section aria-labelledby="coi-h" class="card">
      <h2 id="coi-h">{t('conflict.title')}</h2>
      <p>{t('conflict.explain')}</p>
      {error !== undefined && <ErrorBox error={error} />}
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!checked) {
            setUnticked(true);
            box.current?.focus();
            return;
          }
          if (busy) return;
          setBusy(true);
          setError(undefined);
          try {
            await props.declare();
          } catch (x) {
            setError(x);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class={`check${unticked && !checked ? ' has-error' : ''}`}>
          {unticked && !checked && (
            <p class="field-error" id="coi-error">
              {t('conflict.notTicked')}
            </p>
          )}
          <input
            ref={box}
            id="coi"
            type="checkbox"
            checked={checked}
            aria-invalid={unticked && !checked}
            aria-describedby={unticked && !checked ? 'coi-error' : undefined}
            onChange={(e) => setChecked(e.currentTarget.checked)}
          />
          <label for="coi">{t('conflict.statement')}</label>
        </div>
        <button type="submit" class="primary">
          {t('event.declare_no_conflict')}
        </button>
      </form>
    </section>
  );
}
