/** The user's choice of how notices reach them by mail: each as it happens, or one daily digest. */
import { useRef, useState } from 'preact/hooks';
import { api, checked, read } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { t } from '../i18n/index.ts';
import { ErrorBox } from '../ui.tsx';

type MailDigest = Me['mailDigest'];

export function MailChoice(props: { me: Me }) {
  const [value, setValue] = useState<MailDigest>(props.me.mailDigest);
  const [saved, setSaved] = useState<MailDigest | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const status = useRef<HTMLParagraphElement>(null);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const me = await read(api.v1.me.$patch({ json: await checked('MePatch', { mailDigest: value }) }));
      setSaved(me.mailDigest);
      status.current?.focus();
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={(e) => void save(e)}>
      {error !== undefined && <ErrorBox error={error} />}
      <fieldset aria-describedby="mail-choice-hint">
        <legend>{t('notifications.mailLegend')}</legend>
        <p class="hint" id="mail-choice-hint">
          {t('notifications.mailHint')}
        </p>
        {(['each', 'daily'] as const).map((v) => (
          <div class="check" key={v}>
            <input
              type="radio"
              name="mail-digest"
              id={`mail-${v}`}
              checked={value === v}
              onChange={() => setValue(v)}
            />
            <label for={`mail-${v}`}>
              {t(v === 'each' ? 'notifications.mailEach' : 'notifications.mailDaily')}
            </label>
          </div>
        ))}
      </fieldset>
      <p>
        <button type="submit" disabled={busy}>
          {t('notifications.mailSave')}
        </button>
      </p>
      <p class="ok" role="status" tabIndex={-1} ref={status}>
        {saved === undefined
          ? ''
          : t(saved === 'daily' ? 'notifications.mailSavedDaily' : 'notifications.mailSavedEach')}
      </p>
    </form>
  );
}
