/**
 * The invitation of a person (name, e-mail, language), shared by the admin's users page and a CSO's
 * members page; `extra` adds the fields of the admin's (roles, organisation).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiProblem } from '../api/client.ts';
import { LANGS, type Lang, lang, t } from '../i18n/index.ts';
import { byPath, ErrorBox, Field } from '../ui.tsx';
import { TextField } from './text-field.tsx';

export interface Invitee {
  readonly name: string;
  readonly email: string;
  readonly language: Lang;
}

export function InviteForm(props: {
  id: string;
  extra?: (errors: Record<string, string>) => ComponentChildren;
  send: (who: Invitee) => Promise<void>;
}) {
  const [who, setWho] = useState<Invitee>({ name: '', email: '', language: lang() });
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [invited, setInvited] = useState<string | null>(null);
  const errors = error instanceof ApiProblem ? byPath(error.errors) : {};
  const id = props.id;
  return (
    <form
      class="card"
      noValidate
      aria-labelledby={`${id}-h`}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        setInvited(null);
        setBusy(true);
        try {
          const sent = { ...who, name: who.name.trim(), email: who.email.trim() };
          await props.send(sent);
          setInvited(sent.email);
          setWho({ name: '', email: '', language: who.language });
        } catch (x) {
          setError(x);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id={`${id}-h`}>{t('invite.title')}</h2>
      {error !== undefined && <ErrorBox error={error} />}
      <TextField
        id={`${id}-name`}
        label={t('invite.name')}
        hint={t('invite.name.hint')}
        error={errors.name}
        value={who.name}
        onInput={(name) => setWho({ ...who, name })}
      />
      <TextField
        id={`${id}-email`}
        type="email"
        label={t('invite.email')}
        hint={t('invite.email.hint')}
        error={errors.email}
        value={who.email}
        onInput={(email) => setWho({ ...who, email })}
      />
      <Field id={`${id}-language`} label={t('invite.language')} error={errors.language}>
        {(d) => (
          <select
            id={`${id}-language`}
            aria-describedby={d}
            value={who.language}
            onChange={(e) => setWho({ ...who, language: e.currentTarget.value as Lang })}
          >
            {LANGS.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {props.extra?.(errors)}
      <button type="submit" class="primary" disabled={busy}>
        {t('invite.send')}
      </button>
      {invited && (
        <p class="ok" role="status">
          {/* The address isolated, so that an Arabic sentence does not reorder its parts. */}
          {t('invite.sent', { email: `\u2068${invited}\u2069` })}
        </p>
      )}
    </form>
  );
}
