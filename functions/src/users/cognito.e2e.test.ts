/**
 * The Cognito directory against a real cognito-local and the real DynamoDB Local: what the invitation
 * creates in Cognito, how roles and disabling reach it, and that a refused account leaves nothing in
 * the table.
 */
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminUserGlobalSignOutCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDeps, type Deps } from '#services/deps';
import { createDocumentClient } from '#store/client';
import { AlreadyExistsError } from '#store/errors';
import { ensureTable } from '#store/schema';
import { Store } from '#store/store';
import { getUserRecord, userAudit } from '#store/users';
import { type CognitoLocal, startCognitoLocal } from '#test/support/cognito-local';
import { cognitoIdentity, IdentityProviderError } from './cognito.ts';
import { createDirectory, systemActor } from './directory.ts';

let cognito: CognitoLocal;
let deps: Deps;
let poolId: string;
const db = createDocumentClient({ endpoint: inject('dynamoEndpoint') });

const attrs = (list: { Name?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));
const groupsOf = async (username: string) =>
  (
    await cognito.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: username }))
  ).Groups?.map((g) => g.GroupName).sort();
const enabled = async (username: string) =>
  (await cognito.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).Enabled;

beforeAll(async () => {
  cognito = await startCognitoLocal();
  poolId = await cognito.createPool('passerelle-test');
  const tableName = `cognito-${process.pid}-${Date.now()}`;
  await ensureTable(db, tableName);
  deps = createDeps(new Store(db, tableName));
  const now = new Date().toISOString();
  await deps.store.putCity({
    id: 'tunis',
    name: 'Tunis',
    country: 'TN',
    currency: 'TND',
    calendar: { timeZone: 'Africa/Tunis', weekend: [6, 7], holidays: [] },
    fastTrackCeiling: { amount: 15_000_000, currency: 'TND' },
    decisionWorkingDays: 10,
    standardDecisionWorkingDays: 40,
    maxOpenFastGrants: 2,
    partnershipTermYears: 3,
    finalReportWeeks: 8,
    reminderOffsets: [-30, -7, 0, 5],
    budgetFunderId: 'tunis-city-budget',
  });
  await deps.store.putOrganisation({
    id: 'amal-tunis',
    kind: 'cso',
    cityId: 'tunis',
    name: 'Amal Tunis',
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
});

afterAll(async () => {
  await cognito?.stop();
  db.destroy();
});

describe('the Cognito directory', () => {
  it('invites a CSO member: a Cognito user with e-mail verified, city, organisation and the role group; the table user carries its sub', async () => {
    // Prepare
    const directory = createDirectory(
      deps,
      cognitoIdentity({ userPoolId: poolId, endpoint: cognito.endpoint }),
    );
    // Act
    const user = await directory.invite(systemActor('tunis'), 'tunis', {
      email: 'Leila@Amal.example',
      name: 'Leila Ben Salah',
      roles: ['cso'],
      organisationId: 'amal-tunis',
      language: 'ar',
    });
    // Assess: in Cognito
    const listed = await cognito.client.send(
      new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "leila@amal.example"' }),
    );
    expect(listed.Users).toHaveLength(1);
    const a = attrs(listed.Users?.[0]?.Attributes);
    expect(a).toMatchObject({
      sub: user.id,
      email: 'leila@amal.example',
      email_verified: 'true',
      name: 'Leila Ben Salah',
      'custom:city': 'tunis',
      'custom:organisation': 'amal-tunis',
    });
    expect(listed.Users?.[0]?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(await groupsOf(user.id)).toEqual(['cso']);
    // Assess: in the table, invited, under the id the ID token will carry, with its first audit entry
    expect(user).toMatchObject({ state: 'invited', roles: ['cso'], organisationId: 'amal-tunis' });
    expect((await deps.store.findUserByEmail('leila@amal.example'))?.id).toBe(user.id);
    expect((await userAudit(deps.store, user.id)).map((e) => e.event)).toEqual(['invite']);
  });

  it('moves a user between role groups, and disables and enables the account in Cognito and the table', async () => {
    // Prepare
    const directory = createDirectory(
      deps,
      cognitoIdentity({ userPoolId: poolId, endpoint: cognito.endpoint, signOutOnDisable: false }),
    );
    const admin = systemActor('tunis');
    const user = await directory.invite(admin, 'tunis', {
      email: 'karim@tunis.example',
      name: 'Karim',
      roles: ['city_officer'],
      language: 'fr',
    });
    // Act: roles change
    await directory.change(admin, 'tunis', user.id, { roles: ['city_officer', 'mayor_office'] });
    // Assess
    expect(await groupsOf(user.id)).toEqual(['city_officer', 'mayor_office']);
    // Act: a role dropped
    await directory.change(admin, 'tunis', user.id, { roles: ['mayor_office'] });
    expect(await groupsOf(user.id)).toEqual(['mayor_office']);
    // Act: disable
    const disabled = await directory.change(admin, 'tunis', user.id, { disabled: true });
    expect(disabled.state).toBe('disabled');
    expect(await enabled(user.id)).toBe(false);
    expect((await getUserRecord(deps.store, user.id))?.user.state).toBe('disabled');
    // Act: enable: back to invited, since the user never signed in
    const back = await directory.change(admin, 'tunis', user.id, { disabled: false });
    expect(back.state).toBe('invited');
    expect(await enabled(user.id)).toBe(true);
    expect((await userAudit(deps.store, user.id)).map((e) => e.event)).toEqual([
      'invite',
      'change_roles',
      'change_roles',
      'disable',
      'enable',
    ]);
  });

  it('disables the account before the global sign-out, so a failed sign-out leaves the user locked out (cognito-local has no global sign-out)', async () => {
    // Prepare
    const directory = createDirectory(
      deps,
      cognitoIdentity({ userPoolId: poolId, endpoint: cognito.endpoint, maxAttempts: 1 }),
    );
    const user = await directory.invite(systemActor('tunis'), 'tunis', {
      email: 'sonia@tunis.example',
      name: 'Sonia',
      roles: ['city_officer'],
      language: 'en',
    });
    // cognito-local 5.3.0 does not implement AdminUserGlobalSignOut (AWS does)
    await expect(
      cognito.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: user.id })),
    ).rejects.toThrow(/unsupported/i);
    // Act
    const attempt = directory.change(systemActor('tunis'), 'tunis', user.id, { disabled: true });
    // Assess: the error says what failed, and the user is disabled in Cognito and in the table anyway
    await expect(attempt).rejects.toThrow(IdentityProviderError);
    await expect(attempt).rejects.toThrow(/signing .* out everywhere \(the user is disabled already\)/);
    expect(await enabled(user.id)).toBe(false);
    expect((await getUserRecord(deps.store, user.id))?.user.state).toBe('disabled');
  });

  it('keeps nothing in the table when Cognito refuses the account (a user pool that does not exist), and the address stays free', async () => {
    // Prepare
    const broken = createDirectory(
      deps,
      cognitoIdentity({ userPoolId: 'eu-west-1_doesnotexist', endpoint: cognito.endpoint, maxAttempts: 1 }),
    );
    const input = {
      email: 'nour@tunis.example',
      name: 'Nour',
      roles: ['city_officer' as const],
      language: 'ar' as const,
    };
    // Act
    await expect(broken.invite(systemActor('tunis'), 'tunis', input)).rejects.toThrow(IdentityProviderError);
    // Assess: no user, and the same address can be invited once Cognito works
    expect(await deps.store.findUserByEmail('nour@tunis.example')).toBeUndefined();
    const working = createDirectory(
      deps,
      cognitoIdentity({ userPoolId: poolId, endpoint: cognito.endpoint }),
    );
    const user = await working.invite(systemActor('tunis'), 'tunis', input);
    expect(user.state).toBe('invited');
  });

  it('refuses an address Cognito already has, and keeps nothing in the table', async () => {
    // Prepare: an account made in Cognito directly, not through the directory
    const identity = cognitoIdentity({ userPoolId: poolId, endpoint: cognito.endpoint });
    await identity.createUser({
      email: 'manual@tunis.example',
      name: 'Made by hand',
      roles: ['city_officer'],
      language: 'en',
      cityId: 'tunis',
    });
    const directory = createDirectory(deps, identity);
    // Act
    const attempt = directory.invite(systemActor('tunis'), 'tunis', {
      email: 'manual@tunis.example',
      name: 'Again',
      roles: ['city_officer'],
      language: 'en',
    });
    // Assess
    await expect(attempt).rejects.toThrow(AlreadyExistsError);
    expect(await deps.store.findUserByEmail('manual@tunis.example')).toBeUndefined();
  });
});
