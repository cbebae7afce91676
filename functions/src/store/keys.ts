/**
 * What every item of the one table shares: the sort key of a record's own item, the end of a key range,
 * the prefixes of the workflow types, and the attributes that belong to the table rather than to the
 * record. Each item type's own keys live in its module (records.ts, users.ts, notifications.ts, …);
 * docs/data-model.md lists them all with the access patterns they serve.
 */
import type { EntityType } from '#domain/types';

export type RecordType = Exclude<EntityType, 'organisation' | 'city' | 'registration'>;

export const TYPE_KEY: Record<EntityType, string> = {
  partnership: 'PARTNERSHIP',
  grant: 'GRANT',
  milestone: 'MILESTONE',
  organisation: 'ORG',
  city: 'CITY',
  registration: 'REGISTRATION',
};

/** The sort key of an item that is the one of its partition (a record, a city, a user, a mail …). */
export const RECORD_SK = 'R';

/** Marks the end of a key range: sorts after any `#…` suffix. */
export const HIGH = '~';

/** Attributes that belong to the table, not to the record. */
export const STORAGE_ATTRIBUTES = [
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'GSI4PK',
  'GSI4SK',
  'entity',
  'auditHash',
  'expiresAt',
  // The seq of an organisation's last audit entry (organisations.ts).
  'auditSeq',
] as const;

/**
 * A grant's tally of its milestones (grant-tally.ts) belongs to the table too: `MS` (the tally is whole)
 * and one `MS#<milestoneId>` per milestone, never part of the grant as the API shows or writes it.
 */
export const TALLY_WHOLE = 'MS';
export const TALLY_MEMBER_PREFIX = 'MS#';
export const isTallyAttribute = (name: string) =>
  name === TALLY_WHOLE || name.startsWith(TALLY_MEMBER_PREFIX);

const STORAGE = new Set<string>(STORAGE_ATTRIBUTES);

/**
 * The record without what belongs to the table. Copied without them rather than deleted from a copy: `delete`
 * turns an object into a dictionary, slower to read and to serialise after (a grant stripped and written as
 * JSON: 3.5 → 2.2 µs).
 */
export function stripStorage<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) if (!STORAGE.has(key) && !isTallyAttribute(key)) out[key] = item[key];
  return out as T;
}

/** Epoch seconds `days` after the ISO instant `at`: when DynamoDB's TTL may delete an item. */
export const expiresAfter = (at: string | Date, days: number): number =>
  Math.floor(new Date(at).getTime() / 1000) + days * 86_400;
