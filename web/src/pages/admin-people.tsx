/**
 * The admin's people and funders: the city's users with their roles and state (invite, change roles,
 * disable or enable), and the funders the city works with (register one).
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api, checked, read } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { t, tx } from '../i18n/index.ts';
import { byPath, ErrorBox, Field, Page, Show, useLoad } from '../ui.tsx';
import { Checkboxes } from './choices.tsx';
import { InviteForm } from './invite-form.tsx';
import { TextField } from './text-field.tsx';

const ROLES = ['admin', 'city_officer', 'mayor_office', 'cso', 'funder'] as const;
type Role = (typeof ROLES)[number];
/** The roles of the city's own staff: they change together; an organisation's member keeps its one role. */
const STAFF_ROLES = ['admin', 'city_officer', 'mayor_office'] as const satisfies readonly Role[];
type StaffRole = (typeof STAFF_ROLES)[number];
const roleName = (r: string) => tx(`role.${r}`, r);
const isStaffRole = (r: string): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r);

/** Every organisation of the city (CSOs and funders), by name, following the list's cursor. */
async function cityOrganisations() {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await read(
      api.v1.organisations.$get({ query: cursor ? { limit: '100', cursor } : { limit: '100' } }),
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

type Organisations = Awaited<ReturnType<typeof cityOrganisations>>;
type UserItem = Awaited<ReturnType<typeof fetchUsers>>['items'][number];
const fetchUsers = () => read(api.v1.users.$get({ query: {} }));

export function Users(props: { me: Me }) {
  const users = useLoad(fetchUsers, []);
  const organisations = useLoad(cityOrganisations, []);
  const [roles, setRoles] = useState<Role[]>(['city_officer']);
  const [organisationId, setOrganisationId] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const orgs = organisations.data ?? [];
  const memberOf = roles.includes('cso') ? 'cso' : roles.includes('funder') ? 'funder' : undefined;
  const change = async (u: UserItem, patch: { disabled?: boolean; roles?: StaffRole[] }) => {
    setError(undefined);
    try {
      const body = await checked('UserPatch', patch);
      await read(api.v1.users[':id'].$patch({ param: { id: u.id }, json: body }));
      users.reload();
      return true;
    } catch (x) {
      setError(x);
      return false;
    }
  };
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
                  <h3>
                    <bdi>{u.name}</bdi>
                  </h3>
                  <p class="muted">
                    <bdi>{u.email}</bdi>
                  </p>
                  <p>
                    {u.roles.map(roleName).join(', ')} · {t(`users.state.${u.state}`)}
                  </p>
                  {u.organisationId && (
                    <p>
                      {t('users.memberOf')}{' '}
                      <bdi>{orgs.find((o) => o.id === u.organisationId)?.name ?? u.organisationId}</bdi>
                    </p>
                  )}
                  {u.roles.every(isStaffRole) && (
                    <RolesEditor user={u} onSave={(r) => change(u, { roles: r })} />
                  )}
                  {u.id !== props.me.id && (
                    <p>
                      <button
                        type="button"
                        class="link"
                        aria-label={t(u.state === 'disabled' ? 'users.enableWho' : 'users.disableWho', {
                          name: u.name,
                        })}
                        onClick={() => void change(u, { disabled: u.state !== 'disabled' })}
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
            {memberOf && (
              <OrganisationSelect
                kind={memberOf}
                organisations={orgs}
                value={organisationId}
                error={errors.organisationId}
                onChange={setOrganisationId}
              />
            )}
          </>
        )}
        send={async (who) => {
          const body = { ...who, roles, ...(memberOf && organisationId ? { organisationId } : {}) };
          await read(api.v1.users.$post({ json: await checked('UserInvitation', body) }));
          users.reload();
        }}
      />
    </Page>
  );
}

/** The organisation a new CSO or funder member belongs to, chosen among the city's (never typed). */
function OrganisationSelect(props: {
  kind: 'cso' | 'funder';
  organisations: Organisations;
  value: string;
  error: string | undefined;
  onChange: (id: string) => void;
}) {
  const choices = props.organisations.filter((o) => o.kind === props.kind);
  return (
    <Field
      id="user-organisation"
      label={t('users.organisation.label')}
      hint={t(props.kind === 'cso' ? 'users.organisation.cso' : 'users.organisation.funder')}
      error={props.error}
    >
      {(d, invalid) => (
        <select
          id="user-organisation"
          dir="auto"
          value={props.value}
          aria-describedby={d}
          aria-invalid={invalid}
          onChange={(e) => props.onChange(e.currentTarget.value)}
        >
          <option value="">{t('users.organisation.choose')}</option>
          {choices.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A staff member's roles: shown as a button, changed in place, saved with PATCH /v1/users/{id}. */
function RolesEditor(props: { user: UserItem; onSave: (roles: StaffRole[]) => Promise<boolean> }) {
  const { user } = props;
  const [open, setOpen] = useState(false);
  const [roles, setRoles] = useState<StaffRole[]>(user.roles.filter(isStaffRole));
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <p>
        <button
          type="button"
          class="link"
          aria-label={t('users.changeRolesOf', { name: user.name })}
          onClick={() => {
            setRoles(user.roles.filter(isStaffRole));
            setOpen(true);
          }}
        >
          {t('users.changeRoles')}
        </button>
      </p>
    );
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const saved = await props.onSave(roles);
        setBusy(false);
        if (saved) setOpen(false);
      }}
    >
      <Checkboxes
        id={`roles-${user.id}`}
        legend={t('users.rolesOf', { name: user.name })}
        options={STAFF_ROLES}
        label={roleName}
        value={roles}
        onChange={setRoles}
      />
      <p class="row">
        <button type="submit" disabled={busy || roles.length === 0}>
          {t('users.saveRoles')}
        </button>
        <button type="button" class="link" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </p>
    </form>
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
