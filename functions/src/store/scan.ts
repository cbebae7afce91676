/**
 * The whole table, read for the offline checks (`npm run audit:verify`, `npm run check:consistency`).
 * These are operator tools, not request paths: they Scan, with strongly consistent reads (a check must see
 * every committed write), page by page. No request path of Passerelle ever Scans (docs/data-model.md).
 * The items come raw, with their keys: the checks compare the stored keys with what they should be.
 */
import type { AuditEntry } from '#domain/types';
import { isAuditEntryItem } from './audit-entries.ts';
import { linkTarget } from './funder-links.ts';
import { RECORD_SK, type RecordType, stripStorage } from './keys.ts';
import { recordIndexKeys, recordPk } from './records.ts';
import type { Store } from './store.ts';
import { INDEXES } from './table.ts';
import { type Item, ioOf } from './table-io.ts';

export { recordOf } from './records.ts';
export type { Item } from './table-io.ts';

export const RECORD_TYPES: readonly RecordType[] = ['partnership', 'grant', 'milestone'];
/** Every index's key attributes: a record must carry exactly those of its current state. */
export const INDEX_KEYS: readonly string[] = INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]);

/** What one partition holds: a workflow record (`R`), its audit entries (`A#…`), or other items. */
export interface Partition {
  readonly pk: string;
  record?: Item;
  readonly audit: Item[];
  readonly other: Item[];
}

/** Every item of the table (Scan, strongly consistent). */
export function scanTable(store: Store): AsyncGenerator<Item> {
  return ioOf(store).scan();
}

/** The table grouped by partition key; audit entries in seq order. */
export async function partitions(store: Store): Promise<Partition[]> {
  const byPk = new Map<string, Partition>();
  for await (const item of scanTable(store)) {
    const pk = String(item.PK);
    let p = byPk.get(pk);
    if (!p) {
      p = { pk, audit: [], other: [] };
      byPk.set(pk, p);
    }
    const sk = String(item.SK);
    if (sk === RECORD_SK && RECORD_TYPES.includes(item.entity as RecordType)) p.record = item;
    else if (isAuditEntryItem(sk, item.entity as string)) p.audit.push(item);
    else p.other.push(item);
  }
  for (const p of byPk.values()) p.audit.sort((a, b) => String(a.SK).localeCompare(String(b.SK)));
  return [...byPk.values()];
}

/** An audit entry as the chain knows it (without the table's attributes). */
export const auditEntryOf = (item: Item): AuditEntry => stripStorage<AuditEntry>(item);

/** The index keys a stored record should carry in its state, and those it carries. */
export function indexKeysOf(
  type: RecordType,
  record: Item,
): { key: string; stored: unknown; expected: unknown }[] {
  const expected = recordIndexKeys(type, record as Parameters<typeof recordIndexKeys>[1]);
  return INDEX_KEYS.map((key) => ({ key, stored: record[key], expected: expected[key] }));
}

/** The partition key of a record (to look it up among the scanned partitions). */
export const recordPartition = (type: RecordType, id: string) => recordPk(type, id);

/** The partition key a funder link points at, or undefined when the item is no link. */
export function linkedPartition(item: Item): string | undefined {
  const target = linkTarget(item);
  return target ? recordPk(target.type, target.id) : undefined;
}

/** Where an item sits, for a report: `<PK> <SK>`. */
export const itemAddress = (pk: string, item: Item) => `${pk} ${String(item.SK)}`;
