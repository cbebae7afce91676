/**
 * An association registers itself with a city (public, no sign-in): what it will need is listed first,
 * then one short form in plain words, one column on a phone; an officer checks it and writes back.
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api, checked, read } from '../api/client.ts';
import { FOCUS_AREAS, type FocusArea } from '../api/types.ts';
import { lang, t, tx } from '../i18n/index.ts';
import { byPath, ErrorBox, Page, RequiredNote, useLoad } from '../ui.tsx';
import { Checkboxes } from './choices.tsx';
import { TextField } from './text-field.tsx';

const LANGUAGES = ['ar', 'fr', 'en'] as const;
type Language = (typeof LANGUAGES)[number];
const DOCUMENTS = ['statutes', 'registration', 'board', 'accounts'] as const;

/** The registration's fields that may be left empty; their labels say "(optional)". */
const OPTIONAL: ReadonlySet<string> = new Set(['foundedYear', 'website']);

export function Join(props: { cityId: string }) {
  // A city opened after this build has no catalogue name: the name it was created with, once read.
  const cities = useLoad(() => read(api.v1.public.cities.$get()), []);
  const known = cities.data?.items.find((c) => c.id === props.cityId);
  const city = tx(`city.${props.cityId}`, known?.name ?? props.cityId);
  const [form, setForm] = useState({
    name: '',
    legalForm: '',
    registrationNumber: '',
    foundedYear: '',
    website: '',
    description: '',
    contactName: '',
    contactEmail: '',
  });
  const [focusAreas, setFocusAreas] = useState<FocusArea[]>([]);
  const [languages, setLanguages] = useState<Language[]>([lang()]);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const errors = error instanceof ApiProblem ? byPath(error.errors) : {};

  const text = (
    name: keyof typeof form,
    path: string,
    rows?: number,
    kind: Pick<Parameters<typeof TextField>[0], 'type' | 'inputMode' | 'autoComplete'> = {},
  ) => (
    <TextField
      {...kind}
      // The optional ones say so in their label.
      required={!OPTIONAL.has(name)}
      id={`join-${name}`}
      label={t(`join.${name}`)}
      hint={t(`join.${name}.hint`)}
      error={errors[path]}
      value={form[name]}
      {...(rows !== undefined ? { rows } : {})}
      onInput={(v) => setForm({ ...form, [name]: v })}
    />
  );

  if (sent !== null)
    return (
      <Page title={t('join.sentTitle')}>
        <p role="status">{t('join.sent', { city, email: `\u2068${sent}\u2069` })}</p>
        <p>
          <a href="/">{t('nav.home')}</a>
        </p>
      </Page>
    );

  return (
    <Page title={t('join.title', { city })} lead={t('join.lead')}>
      <section aria-labelledby="join-docs" class="card">
        <h2 id="join-docs">{t('join.documents')}</h2>
        <ul>
          {DOCUMENTS.map((d) => (
            <li key={d}>{t(`join.document.${d}`)}</li>
          ))}
        </ul>
      </section>
      <form
        class="card join"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          setBusy(true);
          const optional = (v: string) => v.trim() || undefined;
          const year = optional(form.foundedYear);
          const body = {
            organisation: {
              name: form.name.trim(),
              legalForm: form.legalForm.trim(),
              registrationNumber: form.registrationNumber.trim(),
              ...(year !== undefined ? { foundedYear: Number(year) } : {}),
              ...(optional(form.website) !== undefined ? { website: form.website.trim() } : {}),
              description: form.description.trim(),
              focusAreas,
              languages,
            },
            contact: { name: form.contactName.trim(), email: form.contactEmail.trim(), language: lang() },
          };
          try {
            await read(
              api.v1.public.cities[':cityId'].registrations.$post({
                param: { cityId: props.cityId },
                json: await checked('CsoRegistration', body),
              }),
            );
            setSent(body.contact.email);
          } catch (x) {
            setError(x);
          } finally {
            setBusy(false);
          }
        }}
      >
        {error !== undefined && <ErrorBox error={error} />}
        <h2>{t('join.organisation')}</h2>
        <RequiredNote />
        {text('name', 'organisation.name', undefined, { autoComplete: 'organization' })}
        {text('legalForm', 'organisation.legalForm')}
        {text('registrationNumber', 'organisation.registrationNumber')}
        {text('foundedYear', 'organisation.foundedYear', undefined, { inputMode: 'numeric' })}
        {text('website', 'organisation.website', undefined, { type: 'url', autoComplete: 'url' })}
        {text('description', 'organisation.description', 4)}
        <Checkboxes
          id="join-focus"
          legend={t('join.focusAreas')}
          options={FOCUS_AREAS}
          label={(f) => tx(`focus.${f}`, f)}
          value={focusAreas}
          error={errors['organisation.focusAreas']}
          onChange={setFocusAreas}
        />
        <Checkboxes
          id="join-languages"
          legend={t('join.languages')}
          options={LANGUAGES}
          label={(l) => t(`lang.${l}`)}
          value={languages}
          error={errors['organisation.languages']}
          onChange={setLanguages}
        />
        <h2>{t('join.contact')}</h2>
        {text('contactName', 'contact.name', undefined, { autoComplete: 'name' })}
        {text('contactEmail', 'contact.email', undefined, { type: 'email', autoComplete: 'email' })}
        <button type="submit" class="primary" disabled={busy}>
          {t('join.send')}
        </button>
      </form>
    </Page>
  );
}
