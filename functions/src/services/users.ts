/**
 * The people of a city, through the user directory (functions/src/users/directory.ts): Cognito when
 * the deployment names a user pool, the table alone locally. An admin invites, lists and changes the
 * users of their own city; a CSO member invites colleagues to their own organisation. Locally the
 * invitation is a mail in the outbox (deployed, Cognito sends its own).
 */
import type { MemberInvitationInput, UserInvitationInput, UserPatchInput } from '#contract/requests';
import type { UserPageView, UserView } from '#contract/responses';
import { ForbiddenError, NotFoundError } from '#domain/errors';
import type { Actor } from '#domain/types';
import { mailTexts } from '#jobs/on-demand';
import { queueMail } from '#store/mail-outbox';
import { getUserRecord } from '#store/users';
import { type DirectoryUser, directoryFor, type NewUser, type UserDirectory } from '#users/directory';
import type { Deps } from './deps.ts';
import { directoryCache } from './directory-cache.ts';

const directories = new WeakMap<Deps, Promise<UserDirectory>>();

/** The directory of these dependencies, made once (the Cognito client is loaded only when needed). */
export function usersOf(deps: Deps): Promise<UserDirectory> {
  let found = directories.get(deps);
  if (!found) {
    found = directoryFor(deps, { userPoolId: deps.userPool?.userPoolId, region: deps.userPool?.region });
    directories.set(deps, found);
  }
  return found;
}

/** Where an invitation's sign-in link points: the web front end, given by the route. */
export interface InvitationLink {
  readonly baseUrl?: string | undefined;
}

/**
 * Invites through the directory and, locally, leaves the invitation in the outbox in the invitee's
 * language with the sign-in link. Deployed, Cognito's AdminCreateUser has mailed it already.
 */
export async function invite(
  deps: Deps,
  by: Actor,
  cityId: string,
  input: NewUser,
  link: InvitationLink = {},
): Promise<DirectoryUser> {
  const directory = await usersOf(deps);
  const user = await directory.invite(by, cityId, input);
  if (directory.identity.kind === 'local') {
    const { mailText, render } = await mailTexts();
    const city = await deps.cities.get(cityId);
    const org = user.organisationId ? await deps.store.getOrganisation(user.organisationId) : undefined;
    const rendered = render({ kind: 'invitation', city: city.name, organisation: org?.name }, user.language);
    const at = deps.clock().toISOString();
    await queueMail(deps.store, {
      id: `invitation-${user.id}`,
      to: user.email,
      toName: user.name,
      language: user.language,
      subject: rendered.subject,
      text: mailText(rendered, user.language, '/', link.baseUrl, user.name),
      createdAt: at,
    });
  }
  return user;
}

export async function listUsers(
  deps: Deps,
  actor: Actor,
  query: {
    role?: DirectoryUser['roles'][number] | undefined;
    q?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
): Promise<UserPageView> {
  const directory = await usersOf(deps);
  return directory.list(actor.cityId, { ...query, limit: query.limit ?? 50 });
}

export async function inviteUser(
  deps: Deps,
  actor: Actor,
  input: UserInvitationInput,
  link?: InvitationLink,
): Promise<UserView> {
  return invite(deps, actor, actor.cityId, input, link);
}

export async function changeUser(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: UserPatchInput,
): Promise<UserView> {
  const directory = await usersOf(deps);
  return directory.change(actor, actor.cityId, id, patch);
}

/** A CSO member invites a colleague to their own organisation; anyone else's organisation is 404/403. */
export async function inviteMember(
  deps: Deps,
  actor: Actor,
  organisationId: string,
  input: MemberInvitationInput,
  link?: InvitationLink,
): Promise<UserView> {
  const org = await deps.store.getOrganisation(organisationId);
  // Another organisation is not found rather than forbidden: its members are not the caller's business.
  if (!org || org.cityId !== actor.cityId || actor.organisationId !== org.id)
    throw new NotFoundError('organisation', organisationId);
  if (org.kind !== 'cso') throw new ForbiddenError('Only an association’s members invite colleagues here.');
  return invite(deps, actor, actor.cityId, { ...input, roles: ['cso'], organisationId: org.id }, link);
}

/**
 * Whether a signed-in user may go on: not when disabled. An invited user's first request activates
 * them. A token for a user the table does not hold (none is issued today) is left to the routes, which
 * find nothing of theirs. The user's state is read strongly, and an active user's admission is then kept
 * for a few seconds (directory-cache.ts): a disabling in this process is seen by the next request, one in
 * another instance within ADMISSION_MS.
 */
export async function admitUser(deps: Deps, userId: string): Promise<boolean> {
  return directoryCache(deps.store).admitted(userId, async () => {
    const found = await getUserRecord(deps.store, userId);
    if (!found) return true;
    if (found.user.state === 'disabled') return false;
    if (found.user.state === 'invited') {
      await (await usersOf(deps)).activate(userId);
      return true;
    }
    return 'active';
  });
}
