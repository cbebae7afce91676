/**
 * The admin's people and funders: the city's users with their roles and state (invite, change roles,
 * disable or enable), and the funders the city works with (register one).
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api, checked, read } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { t, tx } from '../i18n/index.ts';
import { byPath, ErrorBox, Page, Show, useLoad } from '../ui.tsx';
import { Checkboxes } from './choices.tsx';
import { InviteForm } from './invite-form.tsx';
import { TextField } from './text-field.tsx';

const ROLES = ['admin', 'city_officer', 'mayor_office', 'cso', 'funder'] as const;
type Role = (typeof ROLES)[number];
const roleName = (r: string) => tx(`role.${r}`, r);

export function Users(props: { me: Me }) {
  const users = useLoad(() => read(api.v1.users.$get({ query: {} })), []);
  const [roles, setRoles] = useState<Role[]>(['city_officer']);
  const [organisationId, setOrganisationId] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  return (
    <Page title={t('users.title')} lead={t('users.lead')}>
      {error !== undefined && <ErrorBox error={error} />}
      <section aria-labelledby="users-h">
        <h2 id="users-h">{t('users.list')}</h2>
        <Show load={users}>
          {(page) => (
            // Cards rather than a table: a phone's narrow columns would break the words.
            <ul class="cards">
              {page.items.map((u) => (
                <li key={u.id} class="card">
                  <h3>{u.name}</h3>
                  <p class="muted">
                    <bdi>{u.email}</bdi>
                  </p>
                  <p>
                    {u.roles.map(roleName).join(', ')} · {t(`users.state.${u.state}`)}
                  </p>
                  {u.id !== props.me.id && (
                    <p>
                      <button
                        type="button"
                        class="link"
                        aria-label={t(u.state === 'disabled' ? 'users.enableWho' : 'users.disableWho', {
                          name: u.name,
                        })}
                        onClick={async () => {
                          setError(undefined);
                          try {
                            const body = await checked('UserPatch', { disabled: u.state !== 'disabled' });
                            await read(api.v1.users[':id'].$patch({ param: { id: u.id }, json: body }));
                            users.reload();
                          } catch (x) {
                            setError(x);
                          }
                        }}
                      >
                        {t(u.state === 'disabled' ? 'users.enable' : 'users.disable')}
                      </button>
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Show>
      </section>
      <InviteForm
        id="user"
        extra={(errors) => (
          <>
            <Checkboxes
              id="user-roles"
              legend={t('users.roles')}
              options={ROLES}
              label={roleName}
              value={roles}
              error={errors.roles}
              onChange={setRoles}
            />
            {(roles.includes('cso') || roles.includes('funder')) && (
              <TextField
                id="user-organisation"
                label={t('users.organisation')}
                hint={t('users.organisation.hint')}
                error={errors.organisationId}
                value={organisationId}
                onInput={setOrganisationId}
              />
            )}
          </>
        )}
        send={async (who) => {
          const org = organisationId.trim();
          const body = {
            ...who,
            roles,
            ...(org && !roles.every((r) => r !== 'cso' && r !== 'funder') ? { organisationId: org } : {}),
          };
          await read(api.v1.users.$post({ json: await checked('UserInvitation', body) }));
          users.reload();
        }}
      />
    </Page>
  );
}

export function Funders() {
  const funders = useLoad(() => read(api.v1.organisations.$get({ query: { kind: 'funder' } })), []);
  const [name, setName] = useState('');
  const [website, setWebsite] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const errors = error instanceof ApiProblem ? byPath(error.errors) : {};
  return (
    <Page title={t('funders.title')} lead={t('funders.lead')}>
      <section aria-labelledby="funders-h">
        <h2 id="funders-h">{t('funders.list')}</h2>
        <Show load={funders}>
          {(page) => (
            <ul>
              {page.items.map((o) => (
                <li key={o.id}>
                  <bdi>{o.name}</bdi> <span class="muted">({o.id})</span>
                </li>
              ))}
            </ul>
          )}
        </Show>
      </section>
      <form
        class="card"
        noValidate
        aria-labelledby="funder-new-h"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          setSaved(false);
          try {
            const body = {
              kind: 'funder',
              name: name.trim(),
              ...(website.trim() ? { website: website.trim() } : {}),
            };
            await read(api.v1.organisations.$post({ json: await checked('FunderRegistration', body) }));
            setName('');
            setWebsite('');
            setSaved(true);
            funders.reload();
          } catch (x) {
            setError(x);
          }
        }}
      >
        <h2 id="funder-new-h">{t('funders.new')}</h2>
        {error !== undefined && <ErrorBox error={error} />}
        <TextField
          id="funder-name"
          label={t('funders.name')}
          hint={t('funders.name.hint')}
          error={errors.name}
          value={name}
          onInput={setName}
        />
        <TextField
          id="funder-website"
          type="url"
          label={t('join.website')}
          hint={t('join.website.hint')}
          error={errors.website}
          value={website}
          onInput={setWebsite}
        />
        <button type="submit" class="primary">
          {t('funders.register')}
        </button>
        {saved && (
          <p class="ok" role="status">
            {t('common.saved')}
          </p>
        )}
      </form>
    </Page>
  );
}
