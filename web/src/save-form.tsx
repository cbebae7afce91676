/**
 * The form that saves a record in place (the organisation's profile, the city's settings): errors in a
 * summary at its top, "Saved." said and focused after each save, and the record's version sent as
 * If-Match so that a change made meanwhile by someone else is not overwritten.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiProblem } from './api/client.ts';
import { t } from './i18n/index.ts';
import { byPath, ErrorBox, Status } from './ui.tsx';

/** The header that makes a save conditional on the version the user saw. */
export const ifMatch = (version: number) => ({ headers: { 'If-Match': `"${version}"` } });

export function SaveForm(props: {
  /** Saves what is in the form; throws an ApiProblem (field errors) to show instead. */
  save: () => Promise<void>;
  /** The id of a field by its error's path, when the ids are not the paths. */
  fieldId?: (path: string) => string | undefined;
  /** The fields, given each field's error by its path. */
  children: (errors: Record<string, string>) => ComponentChildren;
}) {
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(0);
  const [busy, setBusy] = useState(false);
  const errors = error instanceof ApiProblem ? byPath(error.errors) : {};
  return (
    <form
      class="card"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (busy) return;
        setBusy(true);
        setSaved(0);
        setError(undefined);
        try {
          await props.save();
          setSaved((n) => n + 1);
        } catch (x) {
          setError(x);
        } finally {
          setBusy(false);
        }
      }}
    >
      {error !== undefined && <ErrorBox error={error} fieldId={props.fieldId} />}
      {props.children(errors)}
      <button type="submit" class="primary">
        {t('common.save')}
      </button>
      {saved > 0 && <Status key={saved}>{t('common.saved')}</Status>}
    </form>
  );
}
