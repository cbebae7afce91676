/** The organisation profile, kept by its members. */
import { useState } from 'preact/hooks';
import { ApiProblem, api, checked, read } from '../api/client.ts';
import type { Me, Organisation } from '../api/types.ts';
import { t } from '../i18n/index.ts';
import { ifMatch, SaveForm } from '../save-form.tsx';
import { Field, Page, Show, useLoad } from '../ui.tsx';

export function OrganisationPage(props: { me: Me }) {
  const id = props.me.organisationId ?? '';
  const load = useLoad(() => read(api.v1.organisations[':id'].$get({ param: { id } })), [id]);
  return (
    <Page title={t('org.title')}>
      <p>{id && <a href={`/organisations/${id}/impact`}>{t('impact.open')}</a>}</p>
      <Show load={load}>{(org) => <OrganisationForm org={org} />}</Show>
    </Page>
  );
}

/** What the browser may fill in for the organisation (its name and website), and nothing else. */
const AUTOCOMPLETE: Record<string, string> = {
  name: 'organization',
  registrationNumber: 'off',
  description: 'off',
  website: 'url',
};

function OrganisationForm(props: { org: Organisation }) {
  const [org, setOrg] = useState(props.org);
  const [form, setForm] = useState({
    name: org.name,
    registrationNumber: org.registrationNumber ?? '',
    description: org.description ?? '',
    website: org.website ?? '',
  });
  const input = (
    fields: Record<string, string>,
    name: keyof typeof form,
    label: string,
    multiline = false,
  ) => (
    <Field id={`org-${name}`} label={label} error={fields[name]}>
      {(d, invalid) =>
        multiline ? (
          <textarea
            id={`org-${name}`}
            dir="auto"
            rows={4}
            value={form[name]}
            aria-describedby={d}
            aria-invalid={invalid}
            onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
          />
        ) : (
          <input
            id={`org-${name}`}
            autoComplete={AUTOCOMPLETE[name]}
            dir="auto"
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
    <SaveForm
      fieldId={(path) => `org-${path}`}
      save={async () => {
        const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ''));
        const { validate } = await import('../validation.ts');
        const errors = validate('OrganisationPatch', body);
        if (errors.length) throw new ApiProblem(400, 'invalid', undefined, errors);
        setOrg(
          await read(
            api.v1.organisations[':id'].$patch(
              { param: { id: org.id }, json: await checked('OrganisationPatch', body) },
              ifMatch(org.version),
            ),
          ),
        );
      }}
    >
      {(fields) => (
        <>
          {input(fields, 'name', t('org.name'))}
          {input(fields, 'registrationNumber', t('org.registrationNumber'))}
          {input(fields, 'description', t('org.description'), true)}
          {input(fields, 'website', t('org.website'))}
        </>
      )}
    </SaveForm>
  );
}
