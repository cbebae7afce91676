/**
 * The user directory: who may sign in to which city, with which roles. The table is the directory's
 * record of every user (lists, e-mail uniqueness, state, audit); an identity provider holds the
 * accounts people sign in with. Locally that provider only hands out ids (sign-in is /auth/dev-login);
 * deployed it is Cognito (./cognito.ts), loaded only when a directory needs it.
 *
 * The rules hold whatever the provider: an e-mail address is used once (409); staff roles take no
 * organisation and member roles need one of their kind in the city (422); nobody is both (422); the
 * last active admin of a city stays (409). A user is never half-created: the address is claimed in the
 * table first, then the account is created, then the user written; a provider that refuses releases
 * the claim, and a table that refuses deletes the account.
 */
import { randomUUID } from 'node:crypto';
import { LANGUAGES, type Language } from '#domain/city';
import { EventNotAllowedError, NotFoundError, type RuleFailure, RuleViolationError } from '#domain/errors';
import { type Actor, ROLES, type Role, SYSTEM_ACTOR_ID } from '#domain/types';
import { onDemand } from '#runtime/on-demand';
import type { Deps } from '#services/deps';
import { AlreadyExistsError } from '#store/errors';
import type { Page } from '#store/store';
import {
  claimEmail,
  getUserRecord,
  insertUser,
  pageUsersOfCity,
  releaseEmail,
  type UserAuditDraft,
  type UserRecord,
  type UserState,
  updateUser,
} from '#store/users';

/** The Cognito adapter: loaded by the first request that manages users in a deployed city. */
const cognito = onDemand(() => import('./cognito.ts'));

export type { UserRecord, UserState };

export const STAFF_ROLES: readonly Role[] = ['admin', 'city_officer', 'mayor_office'];
export const MEMBER_ROLES: readonly Role[] = ['cso', 'funder'];

/** What `GET /v1/users` shows of a user. */
export interface DirectoryUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly organisationId?: string;
  readonly language: Language;
  readonly state: UserState;
}

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly organisationId?: string | undefined;
  readonly language: Language;
}

export interface UserChange {
  readonly roles?: readonly Role[] | undefined;
  readonly disabled?: boolean | undefined;
}

/** The accounts people sign in with: Cognito deployed, nothing but ids locally. */
export interface IdentityProvider {
  readonly kind: 'local' | 'cognito';
  /** Creates the account (deployed: Cognito mails the invitation); returns the id its tokens carry. */
  createUser(user: NewUser & { readonly cityId: string }): Promise<{ readonly id: string }>;
  /** Undoes createUser when the table did not take the user. */
  deleteUser(id: string): Promise<void>;
  setRoles(id: string, from: readonly Role[], to: readonly Role[]): Promise<void>;
  updateAttributes(id: string, attrs: { name?: string; language?: Language }): Promise<void>;
  /** Refuses new sign-ins and ends the sessions the user has. */
  disable(id: string): Promise<void>;
  enable(id: string): Promise<void>;
}

/** Locally there is no account to keep: the table is the directory and dev-login signs in. */
export function localIdentity(newId: (prefix: string) => string): IdentityProvider {
  return {
    kind: 'local',
    createUser: async () => ({ id: newId('u') }),
    deleteUser: async () => undefined,
    setRoles: async () => undefined,
    updateAttributes: async () => undefined,
    disable: async () => undefined,
    enable: async () => undefined,
  };
}

/** The directory's operations; the future /v1/users, /v1/organisations/{id}/members and registration routes call these. */
export interface UserDirectory {
  readonly identity: IdentityProvider;
  /** Invites a user into the actor's city (`cityId` for the system actor of `city:create`). */
  invite(by: Actor, cityId: string, input: NewUser): Promise<DirectoryUser>;
  get(cityId: string, userId: string): Promise<DirectoryUser>;
  list(
    cityId: string,
    opts?: { role?: Role | undefined; q?: string | undefined; cursor?: string | undefined; limit?: number },
  ): Promise<Page<DirectoryUser>>;
  change(by: Actor, cityId: string, userId: string, change: UserChange): Promise<DirectoryUser>;
  updateProfile(
    by: Actor,
    cityId: string,
    userId: string,
    profile: { name?: string; language?: Language; mailDigest?: 'each' | 'daily' },
  ): Promise<DirectoryUser>;
  /** An invited user signed in for the first time. */
  activate(userId: string): Promise<void>;
}

export const view = (u: UserRecord): DirectoryUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  roles: u.roles,
  ...(u.organisationId ? { organisationId: u.organisationId } : {}),
  language: u.language,
  state: u.state,
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The system actor that opens a city (`npm run city:create`). */
export const systemActor = (cityId: string): Actor => ({ userId: SYSTEM_ACTOR_ID, cityId, roles: [] });

const actorRole = (by: Actor): Role | 'system' =>
  by.userId === SYSTEM_ACTOR_ID ? 'system' : by.roles.includes('admin') ? 'admin' : (by.roles[0] ?? 'system');

export function createDirectory(
  deps: Deps,
  identity: IdentityProvider = localIdentity(deps.newId),
): UserDirectory {
  const { store } = deps;
  const now = () => deps.clock().toISOString();

  /** The roles and organisation rules (422), every failure at once. */
  async function checkRoles(cityId: string, roles: readonly Role[], organisationId: string | undefined) {
    const failures: RuleFailure[] = [];
    const unknown = roles.filter((r) => !ROLES.includes(r));
    if (roles.length === 0 || unknown.length > 0)
      failures.push({ rule: 'roles_valid', path: 'roles', message: 'Give one or more known roles.' });
    if (new Set(roles).size !== roles.length)
      failures.push({ rule: 'roles_unique', path: 'roles', message: 'A role is given twice.' });
    const staff = roles.filter((r) => STAFF_ROLES.includes(r));
    const member = roles.filter((r) => MEMBER_ROLES.includes(r));
    if (staff.length > 0 && (member.length > 0 || organisationId))
      failures.push({
        rule: 'staff_not_member',
        path: 'roles',
        message: 'A city staff member cannot also belong to an organisation.',
      });
    if (member.length > 1)
      failures.push({
        rule: 'one_member_role',
        path: 'roles',
        message: 'A user belongs to one organisation: either a CSO or a funder.',
      });
    if (member.length === 1 && staff.length === 0) {
      const org = organisationId ? await store.getOrganisation(organisationId) : undefined;
      const kind = member[0] as 'cso' | 'funder';
      if (!org || org.cityId !== cityId || org.kind !== kind)
        failures.push({
          rule: 'organisation_of_kind',
          path: 'organisationId',
          message:
            kind === 'cso'
              ? 'A CSO member needs a CSO of this city.'
              : 'A funder member needs a funder organisation of this city.',
        });
    }
    if (failures.length > 0) throw new RuleViolationError(failures);
  }

  async function load(cityId: string, userId: string) {
    const found = await getUserRecord(store, userId);
    // Another city's user does not exist for this city's admin.
    if (!found || found.user.cityId !== cityId) throw new NotFoundError('user', userId);
    return found;
  }

  /** Whether the city keeps an active admin other than `userId`. */
  async function anotherActiveAdmin(cityId: string, userId: string): Promise<boolean> {
    let cursor: string | undefined;
    do {
      const page = await pageUsersOfCity(store, cityId, { cursor, limit: 100 });
      if (page.items.some((u) => u.id !== userId && u.state === 'active' && u.roles.includes('admin')))
        return true;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return false;
  }

  const audit = (
    by: Actor,
    u: UserRecord,
    event: string,
    from: UserState | null,
    data?: Record<string, unknown>,
  ): UserAuditDraft => ({
    entityType: 'user',
    entityId: u.id,
    event,
    from,
    to: u.state,
    actorId: by.userId,
    role: actorRole(by),
    at: u.updatedAt,
    ...(data ? { data } : {}),
  });

  return {
    identity,

    async invite(by, cityId, input) {
      const email = normaliseEmail(input.email);
      const name = input.name.trim();
      const failures: RuleFailure[] = [];
      if (!EMAIL.test(email) || email.length > 254)
        failures.push({ rule: 'email_valid', path: 'email', message: 'Give a valid e-mail address.' });
      if (name.length === 0 || name.length > 200)
        failures.push({ rule: 'name_given', path: 'name', message: 'Give the name of the person.' });
      if (!LANGUAGES.includes(input.language))
        failures.push({ rule: 'language_known', path: 'language', message: 'The language is ar, fr or en.' });
      if (failures.length > 0) throw new RuleViolationError(failures);
      if (!(await store.getCity(cityId))) throw new NotFoundError('city', cityId);
      const organisationId = input.organisationId || undefined;
      await checkRoles(cityId, input.roles, organisationId);
      // Users written before the claims existed (the demo's) hold their address too.
      if (await store.findUserByEmail(email))
        throw new AlreadyExistsError(`The e-mail address ${email} is already in use.`);

      const claimId = randomUUID();
      const at = now();
      await claimEmail(store, email, claimId, at);
      let id: string;
      try {
        ({ id } = await identity.createUser({ ...input, email, name, organisationId, cityId }));
      } catch (e) {
        await releaseEmail(store, email, claimId);
        throw e;
      }
      const user: UserRecord = {
        id,
        email,
        name,
        cityId,
        roles: [...input.roles],
        language: input.language,
        ...(organisationId ? { organisationId } : {}),
        state: 'invited',
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      try {
        await insertUser(store, user, claimId, audit(by, user, 'invite', null, { roles: user.roles }));
      } catch (e) {
        // The account exists but the table refused the user: take the account back, give the address back.
        await identity.deleteUser(id).catch(() => undefined);
        await releaseEmail(store, email, claimId);
        throw e;
      }
      return view(user);
    },

    async get(cityId, userId) {
      return view((await load(cityId, userId)).user);
    },

    async list(cityId, opts = {}) {
      const q = opts.q?.trim().toLowerCase();
      const page = await pageUsersOfCity(store, cityId, { cursor: opts.cursor, limit: opts.limit });
      const items = page.items
        .filter((u) => !opts.role || u.roles.includes(opts.role))
        .filter((u) => !q || u.email.includes(q) || u.name.toLowerCase().includes(q))
        .map(view);
      return { items, nextCursor: page.nextCursor };
    },

    async change(by, cityId, userId, change) {
      const { user, auditHash } = await load(cityId, userId);
      const roles = change.roles ? [...change.roles] : user.roles;
      const disabled = change.disabled ?? user.state === 'disabled';
      const rolesChanged =
        change.roles !== undefined && [...roles].sort().join() !== [...user.roles].sort().join();
      const state: UserState = disabled
        ? 'disabled'
        : user.activatedAt
          ? 'active'
          : user.state === 'disabled'
            ? 'invited'
            : user.state;
      if (!rolesChanged && state === user.state) return view(user);
      if (rolesChanged) await checkRoles(cityId, roles, user.organisationId);
      const losesAdmin =
        user.state === 'active' &&
        user.roles.includes('admin') &&
        (state !== 'active' || !roles.includes('admin'));
      if (losesAdmin && !(await anotherActiveAdmin(cityId, userId)))
        throw new EventNotAllowedError(
          disabled ? 'disable' : 'change_roles',
          user.state,
          'The last active admin of the city cannot be disabled or lose the admin role.',
        );
      const next: UserRecord = { ...user, roles, state, version: user.version + 1, updatedAt: now() };
      // The safe side first: a user losing access loses it in the table (which the API checks) before
      // the provider is told; a user gaining access gains it in the provider before the table.
      const disabling = state === 'disabled' && user.state !== 'disabled';
      const enabling = user.state === 'disabled' && state !== 'disabled';
      if (rolesChanged && !disabling) await identity.setRoles(user.id, user.roles, roles);
      if (enabling) await identity.enable(user.id);
      const event = disabling ? 'disable' : enabling ? 'enable' : 'change_roles';
      await updateUser(store, next, user, auditHash, audit(by, next, event, user.state, { roles }));
      if (disabling) {
        if (rolesChanged) await identity.setRoles(user.id, user.roles, roles);
        await identity.disable(user.id);
      }
      return view(next);
    },

    async updateProfile(by, cityId, userId, profile) {
      const { user, auditHash } = await load(cityId, userId);
      const name = profile.name?.trim() ?? user.name;
      const language = profile.language ?? user.language;
      if (name.length === 0 || !LANGUAGES.includes(language))
        throw new RuleViolationError([
          { rule: 'profile_valid', message: 'Give a name and a language among ar, fr and en.' },
        ]);
      const mailDigest = profile.mailDigest ?? user.mailDigest ?? 'each';
      const sameMail = mailDigest === (user.mailDigest ?? 'each');
      if (name === user.name && language === user.language && sameMail) return view(user);
      if (name !== user.name || language !== user.language)
        await identity.updateAttributes(user.id, { name, language });
      const next: UserRecord = {
        ...user,
        name,
        language,
        mailDigest,
        version: user.version + 1,
        updatedAt: now(),
      };
      const data = sameMail ? undefined : { mailDigest };
      await updateUser(store, next, user, auditHash, audit(by, next, 'update_profile', user.state, data));
      return view(next);
    },

    async activate(userId) {
      const found = await getUserRecord(store, userId);
      if (found?.user.state !== 'invited') return;
      const at = now();
      const next: UserRecord = {
        ...found.user,
        state: 'active',
        activatedAt: at,
        version: found.user.version + 1,
        updatedAt: at,
      };
      const self: Actor = { userId, cityId: next.cityId, roles: next.roles };
      await updateUser(
        store,
        next,
        found.user,
        found.auditHash,
        audit(self, next, 'activate', 'invited'),
      ).catch((e) => {
        // Two first requests at once: the other one activated the user.
        if ((e as Error).name !== 'VersionConflictError') throw e;
      });
    },
  };
}

/**
 * The directory for this process: Cognito when a user pool is named (deployed, or `city:create
 * --user-pool-id`), else the local one. The Cognito client is imported only then, off the API's hot path.
 */
export async function directoryFor(
  deps: Deps,
  opts: { userPoolId?: string | undefined; region?: string | undefined; endpoint?: string | undefined } = {},
): Promise<UserDirectory> {
  if (!opts.userPoolId) return createDirectory(deps);
  const { cognitoIdentity } = await cognito();
  return createDirectory(
    deps,
    cognitoIdentity({ userPoolId: opts.userPoolId, region: opts.region, endpoint: opts.endpoint }),
  );
}
