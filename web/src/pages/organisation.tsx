/** The organisation profile, kept by its members. */
import { useState } from 'preact/hooks';
import { ApiProblem, api, checked, read } from '../api/client.ts';
import type { Me, Organisation } from '../api/types.ts';
import { t } from '../i18n/index.ts';
import { byPath, ErrorBox, Field, Page, Show, useLoad } from '../ui.tsx';

export function OrganisationPage(props: { me: Me }) {
  const id = props.me.organisationId ?? '';
  const load = useLoad(() => read(api.v1.organisations[':id'].$get({ param: { id } })), [id]);
  return (
    <Page title={t('org.title')}>
      <Show load={load}>{(org) => <OrganisationForm org={org} />}</Show>
    </Page>
  );
}

function OrganisationForm(props: { org: Organisation }) {
  const [org, setOrg] = useState(props.org);
  const [form, setForm] = useState({
    name: org.name,
    registrationNumber: org.registrationNumber ?? '',
    description: org.description ?? '',
    website: org.website ?? '',
  });
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const fields = error instanceof ApiProblem ? byPath(error.errors) : {};
  const input = (name: keyof typeof form, label: string, multiline = false) => (
    <Field id={`org-${name}`} label={label} error={fields[name]}>
      {(d, invalid) =>
        multiline ? (
          <textarea
            id={`org-${name}`}
            rows={4}
            value={form[name]}
            aria-describedby={d}
            aria-invalid={invalid}
            onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
          />
        ) : (
          <input
            id={`org-${name}`}
            value={form[name]}
            aria-describedby={d}
            aria-invalid={invalid}
            onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
          />
        )
      }
    </Field>
  );
  return (
    <form
      class="card"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setSaved(false);
        setError(undefined);
        const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ''));
        try {
          const { validate } = await import('../validation.ts');
          const errors = validate('OrganisationPatch', body);
          if (errors.length) throw new ApiProblem(400, 'invalid', undefined, errors);
          const next = await read(
            api.v1.organisations[':id'].$patch(
              { param: { id: org.id }, json: await checked('OrganisationPatch', body) },
              { headers: { 'If-Match': `"${org.version}"` } },
            ),
          );
          setOrg(next);
          setSaved(true);
        } catch (x) {
          setError(x);
        }
      }}
    >
      {error !== undefined && <ErrorBox error={error} />}
      {input('name', t('org.name'))}
      {input('registrationNumber', t('org.registrationNumber'))}
      {input('description', t('org.description'), true)}
      {input('website', t('org.website'))}
      <button type="submit" class="primary">
        {t('common.save')}
      </button>
      {saved && (
        <p class="ok" role="status">
          {t('common.saved')}
        </p>
      )}
    </form>
  );
}
