/**
 * The deployed identity provider: a Cognito user pool whose users sign in with their e-mail address
 * (so a user's username is its `sub`, the id the ID token carries), with one group per role and the
 * tenancy in `custom:city` and `custom:organisation` (infra/constructs/auth.ts).
 * Imported only by a directory that names a user pool, so the API's cold start does not load it.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { AlreadyExistsError } from '#store/errors';
import type { IdentityProvider } from './directory.ts';

export interface CognitoOptions {
  readonly userPoolId: string;
  readonly region?: string | undefined;
  /** cognito-local in tests; unset in AWS. */
  readonly endpoint?: string | undefined;
  readonly maxAttempts?: number;
  /**
   * End the user's sessions when disabling (AdminUserGlobalSignOut); default true. Only a test against
   * cognito-local, which does not implement it, turns it off.
   */
  readonly signOutOnDisable?: boolean;
}

/** Cognito did not do what was asked; the message says what, and what already happened. */
export class IdentityProviderError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdentityProviderError';
  }
}

/** A user pool's region is the prefix of its id (eu-west-1_AbC…). */
const regionOf = (userPoolId: string) => /^([a-z]{2}(?:-[a-z]+)+-\d)_/.exec(userPoolId)?.[1];

export function cognitoIdentity(options: CognitoOptions): IdentityProvider {
  const client = new CognitoIdentityProviderClient({
    region: options.region ?? regionOf(options.userPoolId) ?? process.env.AWS_REGION ?? 'eu-west-1',
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  const UserPoolId = options.userPoolId;
  const fail = (what: string) => (e: unknown) => {
    throw new IdentityProviderError(`Cognito: ${what}: ${(e as Error).message}`, { cause: e });
  };

  return {
    kind: 'cognito',

    async createUser(user) {
      try {
        const out = await client.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: user.email,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [
              { Name: 'email', Value: user.email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: user.name },
              { Name: 'locale', Value: user.language },
              { Name: 'custom:city', Value: user.cityId },
              ...(user.organisationId ? [{ Name: 'custom:organisation', Value: user.organisationId }] : []),
            ],
          }),
        );
        const sub = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? out.User?.Username;
        if (!sub) throw new Error('AdminCreateUser returned no sub');
        try {
          for (const role of user.roles)
            await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: sub, GroupName: role }));
        } catch (e) {
          // A user without its groups must not stay: it would sign in with no role.
          await client.send(new AdminDeleteUserCommand({ UserPoolId, Username: sub })).catch(() => undefined);
          throw e;
        }
        return { id: sub };
      } catch (e) {
        if (e instanceof UsernameExistsException)
          throw new AlreadyExistsError(`The e-mail address ${user.email} is already in use.`, { cause: e });
        return fail(`creating ${user.email}`)(e);
      }
    },

    async deleteUser(id) {
      await client
        .send(new AdminDeleteUserCommand({ UserPoolId, Username: id }))
        .catch(fail(`deleting ${id}`));
    },

    async setRoles(id, from, to) {
      try {
        for (const role of to.filter((r) => !from.includes(r)))
          await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: id, GroupName: role }));
        for (const role of from.filter((r) => !to.includes(r)))
          await client.send(
            new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: id, GroupName: role }),
          );
      } catch (e) {
        fail(`changing the groups of ${id}`)(e);
      }
    },

    async updateAttributes(id, attrs) {
      const UserAttributes = [
        ...(attrs.name ? [{ Name: 'name', Value: attrs.name }] : []),
        ...(attrs.language ? [{ Name: 'locale', Value: attrs.language }] : []),
      ];
      if (UserAttributes.length === 0) return;
      await client
        .send(new AdminUpdateUserAttributesCommand({ UserPoolId, Username: id, UserAttributes }))
        .catch(fail(`updating ${id}`));
    },

    async disable(id) {
      await client
        .send(new AdminDisableUserCommand({ UserPoolId, Username: id }))
        .catch(fail(`disabling ${id}`));
      // Disabling refuses new sign-ins; the sign-out also revokes the refresh tokens already handed out.
      if (options.signOutOnDisable === false) return;
      await client
        .send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username: id }))
        .catch(fail(`signing ${id} out everywhere (the user is disabled already)`));
    },

    async enable(id) {
      await client
        .send(new AdminEnableUserCommand({ UserPoolId, Username: id }))
        .catch(fail(`enabling ${id}`));
    },
  };
}
