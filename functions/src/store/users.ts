import type { Operations } from './dynamo-client.ts';

type TransactItem = NonNullable<Operations['TransactWriteItems']['input']['TransactItems']>[number];

import type { AuditEntry, User } from '#domain/types';
import { type AuditDraft, chainEntry, GENESIS_HASH } from './audit.ts';
import { AUDIT_SK_PREFIX, auditItem } from './audit-entries.ts';
import { type DirectoryWrite, directoryWritten } from './directory-writes.ts';
import { AlreadyExistsError, VersionConflictError } from './errors.ts';
import { RECORD_SK, stripStorage } from './keys.ts';
import { rosterUpdates } from './rosters.ts';
import type { Store } from './store.ts';
import { type Condition, ioOf, MUST_NOT_EXIST, type Page } from './table-io.ts';
import { transactPuts } from './transact.ts';
import { emailKey, userPk, usersOfCity, usersOfOrganisation } from './users-keys.ts';

export type UserState = 'invited' | 'active' | 'disabled';

/** A user with what going live adds: a state, timestamps and an optimistic-lock version. */
export interface UserRecord extends User {
  readonly state: UserState;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the user first signed in; an enabled user without it is still `invited`. */
  readonly activatedAt?: string;
}

/** An audit draft of a user: the same chain as a workflow record's, for the entity `user`. */
export type UserAuditDraft = Omit<AuditDraft, 'entityType'> & { readonly entityType: 'user' };
/** A user's chained audit entry. */
export type UserAuditEntry = UserAuditDraft & {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
};

/** Sort key of an e-mail claim, in the partition `EMAIL#<email>` (the user's GSI1 key, here as PK). */
export const EMAIL_CLAIM_SK = 'CLAIM';

/** Users written before going live (the demo's) carry no state: they are active. */
export function asUserRecord(item: Record<string, unknown>): UserRecord {
  const u = stripStorage<UserRecord>(item);
  return {
    ...u,
    state: u.state ?? 'active',
    version: u.version ?? 0,
    createdAt: u.createdAt ?? '',
    updatedAt: u.updatedAt ?? '',
  };
}

/** The user item; `auditHash` ends the user's audit chain (none for users written before going live). */
export function userItem(user: User | UserRecord, auditHash?: string): Record<string, unknown> {
  return {
    ...user,
    PK: userPk(user.id),
    SK: RECORD_SK,
    entity: 'user',
    ...(auditHash === undefined ? {} : { auditHash }),
    GSI1PK: emailKey(user.email),
    GSI1SK: 'USER',
    GSI3PK: usersOfCity(user.cityId),
    GSI3SK: user.id,
    ...(user.organisationId ? { GSI4PK: usersOfOrganisation(user.organisationId), GSI4SK: user.id } : {}),
  };
}

/** What a write of this user tells the process's directory caches (directory-writes.ts). */
export const userWrite = (user: User): DirectoryWrite => ({
  kind: 'user',
  userId: user.id,
  cityId: user.cityId,
  organisationId: user.organisationId,
});

const emailClaimKey = (email: string) => ({ PK: emailKey(email), SK: EMAIL_CLAIM_SK });

/**
 * Reserves an e-mail address before anything else is created for it. The claim holds `claimId` until
 * the user item is written (insertUser) or the claim is released (releaseEmail).
 * AlreadyExistsError when the address is claimed already.
 */
export async function claimEmail(store: Store, email: string, claimId: string, at: string): Promise<void> {
  const item = { ...emailClaimKey(email), entity: 'emailClaim', claimId, at };
  if (!(await ioOf(store).put(item, MUST_NOT_EXIST)))
    throw new AlreadyExistsError(`The e-mail address ${email} is already in use.`);
}

/** Gives back a claim that no user was written for (the identity provider refused the user). */
export async function releaseEmail(store: Store, email: string, claimId: string): Promise<void> {
  // A failed condition: not ours, or already taken by its user; nothing to give back.
  await ioOf(store).delete(emailClaimKey(email), {
    expression: 'claimId = :c AND attribute_not_exists(userId)',
    values: { ':c': claimId },
  });
}

/**
 * Writes a user item and its audit entry (plus `extra` writes), and the rosters the user was (`previous`)
 * or is on, in one transaction. When it is cancelled, `refused` turns the cancellation codes (one per
 * write, in that order) into the error to throw, if any; a cancellation only because an event's check
 * held a roster at that moment is sent again (the roster's update commutes).
 */
async function writeUserWithAudit(
  store: Store,
  user: {
    readonly item: Record<string, unknown>;
    readonly condition: Condition;
    readonly previous: UserRecord | undefined;
    readonly next: UserRecord;
  },
  entry: UserAuditEntry,
  refused: (codes: readonly (string | undefined)[]) => Error | undefined,
  extra: readonly TransactItem[] = [],
): Promise<void> {
  const rosters = rosterUpdates(ioOf(store).tableName, user.previous, user.next);
  const firstRoster = 2 + extra.length;
  await transactPuts(
    store,
    [
      {
        Item: user.item,
        ConditionExpression: user.condition.expression,
        ...(user.condition.names && { ExpressionAttributeNames: user.condition.names }),
        ...(user.condition.values && { ExpressionAttributeValues: user.condition.values }),
      },
      { Item: auditItem(userPk(user.next.id), entry), ConditionExpression: 'attribute_not_exists(PK)' },
    ],
    refused,
    [...extra, ...rosters],
    (i) => i >= firstRoster,
  );
}

/** Writes a new user, its first audit entry, and binds the e-mail claim to it: all or nothing. */
export async function insertUser(
  store: Store,
  user: UserRecord,
  claimId: string,
  audit: UserAuditDraft,
): Promise<UserAuditEntry> {
  const entry = chainEntry(audit, 1, GENESIS_HASH);
  await writeUserWithAudit(
    store,
    {
      item: userItem({ ...user, version: 1 }, entry.hash),
      condition: { expression: 'attribute_not_exists(PK)' },
      previous: undefined,
      next: user,
    },
    entry,
    (codes) =>
      codes[2] === 'ConditionalCheckFailed'
        ? new AlreadyExistsError(`The e-mail address ${user.email} is already in use.`)
        : codes.includes('ConditionalCheckFailed')
          ? new AlreadyExistsError(`A user with id ${user.id} already exists.`)
          : undefined,
    [
      {
        Update: {
          TableName: ioOf(store).tableName,
          Key: emailClaimKey(user.email),
          UpdateExpression: 'SET userId = :u',
          ConditionExpression: 'claimId = :c AND attribute_not_exists(userId)',
          ExpressionAttributeValues: { ':u': user.id, ':c': claimId },
        },
      },
    ],
  );
  directoryWritten(store, userWrite(user));
  return entry;
}

/**
 * A user as stored, with the hash that ends its audit chain. Strong: it is read to be changed, under a
 * version condition, and right after an invitation.
 */
export async function getUserRecord(
  store: Store,
  userId: string,
): Promise<{ user: UserRecord; auditHash: string } | undefined> {
  const item = await ioOf(store).get(userPk(userId), RECORD_SK, 'strong');
  if (item?.entity !== 'user') return undefined;
  return { user: asUserRecord(item), auditHash: String(item.auditHash ?? GENESIS_HASH) };
}

/**
 * Users by id, as they are now (strong: the members of a roster at its version, read to be told of an
 * event), 100 to a BatchGetItem; unknown ids are left out.
 */
export async function getUsersNow(store: Store, ids: readonly string[]): Promise<UserRecord[]> {
  const items = await ioOf(store).batchGet(
    ids.map((id) => ({ PK: userPk(id), SK: RECORD_SK })),
    'strong',
  );
  return items.filter((i) => i.entity === 'user').map(asUserRecord);
}

/**
 * Writes a changed user and its next audit entry, if nobody changed the user since it was read
 * (`previous`), with the rosters the user was or is on (who hears of events, and how).
 */
export async function updateUser(
  store: Store,
  next: UserRecord,
  previous: UserRecord,
  prevHash: string,
  audit: UserAuditDraft,
): Promise<UserAuditEntry> {
  const expectedVersion = previous.version;
  const entry = chainEntry(audit, next.version, prevHash);
  await writeUserWithAudit(
    store,
    {
      item: userItem(next, entry.hash),
      condition: {
        // Users written before going live have no version: they count as version 0.
        expression: expectedVersion === 0 ? 'attribute_not_exists(#v) OR #v = :v' : '#v = :v',
        names: { '#v': 'version' },
        values: { ':v': expectedVersion },
      },
      previous,
      next,
    },
    entry,
    (codes) =>
      codes.includes('ConditionalCheckFailed') || codes.includes('TransactionConflict')
        ? new VersionConflictError('user', next.id)
        : undefined,
  );
  directoryWritten(store, userWrite(next));
  return entry;
}

/** A user's audit trail, oldest first. Eventual. */
export async function userAudit(store: Store, userId: string): Promise<AuditEntry[]> {
  const items = await ioOf(store).queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
    values: { ':pk': userPk(userId), ':a': AUDIT_SK_PREFIX },
  });
  return items.map((i) => stripStorage<AuditEntry>(i));
}

/** One page of a city's users, in id order (GSI3 `CITY#<city>#USER`). */
export async function pageUsersOfCity(
  store: Store,
  cityId: string,
  opts: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<UserRecord>> {
  const page = await ioOf(store).page<Record<string, unknown>>(
    {
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk',
      values: { ':pk': usersOfCity(cityId) },
    },
    opts,
  );
  return { items: page.items.map(asUserRecord), nextCursor: page.nextCursor };
}
