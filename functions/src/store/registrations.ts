import type { Registration } from '#domain/registration';
import type { AuditEntry, Organisation } from '#domain/types';
import { type AuditDraft, chainEntry, GENESIS_HASH } from './audit.ts';
import { AUDIT_RANGE, auditItem } from './audit-entries.ts';
import { AlreadyExistsError } from './errors.ts';
import { RECORD_SK, stripStorage } from './keys.ts';
import { organisationItem, orgPk } from './organisations.ts';
import { newRosterItem } from './rosters.ts';
import type { Store } from './store.ts';
import { TTL_ATTRIBUTE } from './table.ts';
import { type Item, ioOf, type Page, rethrow } from './table-io.ts';
import { conflictOf, type PutSpec, transactPuts } from './transact.ts';

const registrationPk = (id: string) => `REGISTRATION#${id}`;
const ofCity = (cityId: string) => `CITY#${cityId}#REGISTRATION`;
const ofCityState = (cityId: string, state: string) => `CITY#${cityId}#REGISTRATION#${state}`;
const regNoKey = (cityId: string, number: string) => ({ PK: `REGNO#${cityId}#${number}`, SK: 'CLAIM' });

/** Where a registration sorts in its city's lists: by submission. */
export const registrationSortKey = (r: Registration) => `${r.submittedAt}#${r.id}`;

function registrationItem(r: Registration, auditHash: string): Item {
  return {
    ...r,
    PK: registrationPk(r.id),
    SK: RECORD_SK,
    entity: 'registration',
    auditHash,
    GSI2PK: ofCityState(r.cityId, r.state),
    GSI2SK: registrationSortKey(r),
    GSI3PK: ofCity(r.cityId),
    GSI3SK: registrationSortKey(r),
  };
}

export async function getRegistration(
  store: Store,
  id: string,
): Promise<{ registration: Registration; auditHash: string } | undefined> {
  const item = await ioOf(store).get(registrationPk(id), RECORD_SK, 'strong');
  if (item?.entity !== 'registration') return undefined;
  return { registration: stripStorage<Registration>(item), auditHash: String(item.auditHash) };
}

/**
 * A city's registrations, oldest first (the longest waiting first), in one state or all.
 * `after`: only those whose sort key (`registrationSortKey`) is after it (the queue resumes this way).
 */
export async function pageRegistrations(
  store: Store,
  cityId: string,
  opts: {
    state?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
    after?: string | undefined;
  },
): Promise<Page<Registration>> {
  const [index, pk] = opts.state ? ['GSI2', ofCityState(cityId, opts.state)] : ['GSI3', ofCity(cityId)];
  const range = opts.after ? ` AND ${index}SK > :lo` : '';
  const page = await ioOf(store).page<Record<string, unknown>>(
    {
      IndexName: index,
      KeyConditionExpression: `${index}PK = :pk${range}`,
      values: { ':pk': pk, ...(opts.after ? { ':lo': opts.after } : {}) },
    },
    opts,
  );
  return { items: page.items.map((i) => stripStorage<Registration>(i)), nextCursor: page.nextCursor };
}

export async function registrationAudit(store: Store, id: string): Promise<AuditEntry[]> {
  const items = await ioOf(store).queryAll({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
    values: { ':pk': registrationPk(id), ':lo': AUDIT_RANGE.lo, ':hi': AUDIT_RANGE.hi },
  });
  return items.map((i) => stripStorage<AuditEntry>(i));
}

/**
 * Counts one attempt of `address` in the hour starting at `hourStart` and returns the count so far.
 * The counter deletes itself (TTL) an hour after its hour ends.
 */
export async function countAttempt(store: Store, address: string, hourStart: string): Promise<number> {
  const io = ioOf(store);
  const expires = Math.floor(new Date(hourStart).getTime() / 1000) + 2 * 3600;
  try {
    const out = await io.db.send('UpdateItem', {
      TableName: io.tableName,
      Key: { PK: `RATE#${address}#${hourStart}`, SK: RECORD_SK },
      UpdateExpression: 'ADD #n :one SET entity = :e, #ttl = :ttl',
      ExpressionAttributeNames: { '#n': 'attempts', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':one': 1, ':e': 'rateCounter', ':ttl': expires },
      ReturnValues: 'UPDATED_NEW',
    });
    return Number(out.Attributes?.attempts ?? 1);
  } catch (e) {
    rethrow(e);
  }
}

/** One Put of a transaction; `claim` marks the registration number's claim, whose failure is a 409. */
interface ClaimingPut extends PutSpec {
  readonly claim?: boolean;
}

function transact(store: Store, items: ClaimingPut[], owner: { type: string; id: string }, claimed?: string) {
  const claimIndex = items.findIndex((i) => i.claim === true);
  return transactPuts(
    store,
    items.map(({ claim: _claim, ...put }) => put),
    (codes) =>
      claimed && claimIndex >= 0 && codes[claimIndex] === 'ConditionalCheckFailed'
        ? new AlreadyExistsError(claimed)
        : conflictOf(owner.type, owner.id)(codes),
  );
}

const ifNew = { ConditionExpression: 'attribute_not_exists(PK)' };

/** A new registration and the first entry of its trail. */
export async function insertRegistration(store: Store, r: Registration, audit: AuditDraft): Promise<void> {
  const entry = chainEntry(audit, 1, GENESIS_HASH);
  await transact(
    store,
    [
      { Item: registrationItem(r, entry.hash), ...ifNew },
      { Item: auditItem(registrationPk(r.id), entry), ...ifNew },
    ],
    { type: 'registration', id: r.id },
  );
}

/** An organisation created by the city (a funder, or a verified CSO) and what comes with it. */
export interface NewOrganisation {
  readonly organisation: Organisation;
  readonly audit: AuditDraft;
  /** Its registration number as the city compares them: claimed once per city. */
  readonly registrationNumber?: string | undefined;
}

function organisationItems(n: NewOrganisation): ClaimingPut[] {
  const entry = chainEntry(n.audit, 1, GENESIS_HASH);
  const org = n.organisation;
  return [
    { Item: organisationItem(org, entry), ...ifNew },
    { Item: auditItem(orgPk(org.id), entry), ...ifNew },
    // Who hears of its events: nobody yet, and every user added later through the store (rosters.ts).
    { Item: newRosterItem({ kind: 'organisation', id: org.id }), ...ifNew },
    ...(n.registrationNumber
      ? [
          {
            Item: {
              ...regNoKey(org.cityId, n.registrationNumber),
              entity: 'registrationNumber',
              organisationId: org.id,
            },
            ...ifNew,
            claim: true,
          },
        ]
      : []),
  ];
}

const usedNumber = 'This registration number is already registered in the city.';

/** Creates an organisation, its first audit entry and its number's claim: all or nothing. */
export async function insertOrganisation(store: Store, n: NewOrganisation): Promise<void> {
  await transact(store, organisationItems(n), { type: 'organisation', id: n.organisation.id }, usedNumber);
}

/**
 * The decision on a registration, in one transaction: the registration (if nobody decided it since it
 * was read) with its next audit entry, and for a verification the organisation it creates.
 * AlreadyExistsError when the registration number is registered already.
 */
export async function decideRegistration(
  store: Store,
  next: Registration,
  expectedVersion: number,
  prevHash: string,
  audit: AuditDraft,
  created?: NewOrganisation,
): Promise<void> {
  const entry = chainEntry(audit, next.version, prevHash);
  const items: ClaimingPut[] = [
    ...(created ? organisationItems(created) : []),
    {
      Item: registrationItem(next, entry.hash),
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':v': expectedVersion },
    },
    { Item: auditItem(registrationPk(next.id), entry), ...ifNew },
  ];
  await transact(store, items, { type: 'registration', id: next.id }, usedNumber);
}

/** Whether a registration number is registered in the city already (checked again at the write). */
export async function registrationNumberTaken(
  store: Store,
  cityId: string,
  number: string,
): Promise<boolean> {
  const key = regNoKey(cityId, number);
  return (await ioOf(store).get(key.PK, key.SK, 'strong')) !== undefined;
}
