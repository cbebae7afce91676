/**
 * Audit entries as stored: beside the record (or organisation, or user) they belong to, in its partition,
 * at `A#<seq, 8 digits>`, so that a record and its trail are one Query and the trail sorts by seq.
 * The hash chain itself is audit.ts; the stream that anchors new entries (functions/src/anchor/) knows an
 * entry by isAuditEntryItem.
 */
import type { AuditEntry } from '#domain/types';
import { HIGH } from './keys.ts';
import type { Item } from './table-io.ts';

export const AUDIT_SK_PREFIX = 'A#';
export const AUDIT_ENTITY = 'audit';
export const auditSk = (seq: number) => `${AUDIT_SK_PREFIX}${String(seq).padStart(8, '0')}`;
/** The sort-key bounds of a whole trail within its partition. */
export const AUDIT_RANGE = { lo: AUDIT_SK_PREFIX, hi: `${AUDIT_SK_PREFIX}${HIGH}` } as const;

/** Any entity's chained entry (a record's, an organisation's, a user's). */
export function auditItem(
  pk: string,
  entry: Pick<AuditEntry, 'seq'> & Readonly<Record<string, unknown>>,
): Item {
  return { ...entry, PK: pk, SK: auditSk(entry.seq), entity: AUDIT_ENTITY };
}

/** Whether an item (by its partition key, sort key and entity) is an audit entry. */
export function isAuditEntryItem(sk: string | undefined, entity: string | undefined): boolean {
  return sk?.startsWith(AUDIT_SK_PREFIX) === true && entity === AUDIT_ENTITY;
}
