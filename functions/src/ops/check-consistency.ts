/**
 * `npm run check:consistency`: after an outage (or at any time), checks that every workflow record is
 * exactly what its audit trail says — no transition half applied, none lost:
 * - its audit entries are numbered 1…n without a gap, and name this record;
 * - its version is the seq of its last entry, its state that entry's `to`, its auditHash that entry's hash;
 * - its index keys are those of its current state (so lists and queues show it where it is);
 * - no audit trail exists without its record, no milestone without its grant or partnership, and no
 *   funder link points at a record that does not exist.
 * Exit 0: consistent; 1: mismatches (each named); 2: the check could not run.
 * Reads the whole table with Scan: an offline tool, never a request path.
 */
import type { RecordType } from '#store/keys';
import {
  type Item,
  indexKeysOf,
  itemAddress,
  linkedPartition,
  partitions,
  recordOf,
  recordPartition,
} from '#store/scan';
import type { Store } from '#store/store';
import { isMain, runCli } from './table-scan.ts';

export interface Mismatch {
  readonly type: string;
  readonly id: string;
  readonly problem: string;
}

export interface ConsistencyReport {
  readonly records: number;
  readonly auditEntries: number;
  readonly links: number;
  readonly mismatches: Mismatch[];
}

export async function checkConsistency(store: Store): Promise<ConsistencyReport> {
  const all = await partitions(store);
  const present = new Set(all.filter((p) => p.record).map((p) => p.pk));
  const mismatches: Mismatch[] = [];
  let records = 0;
  let auditEntries = 0;
  let links = 0;
  for (const p of all) {
    const owner = recordOf(p.pk);
    if (owner) {
      auditEntries += p.audit.length;
      if (p.record) {
        records++;
        mismatches.push(...checkRecord(owner.type, owner.id, p.record, p.audit, present));
      } else if (p.audit.length > 0) {
        mismatches.push({ ...owner, problem: `${p.audit.length} audit entries but no record` });
      }
    }
    for (const item of p.other) {
      const target = linkedPartition(item);
      if (!target) continue;
      links++;
      if (!present.has(target)) {
        mismatches.push({
          type: 'funder link',
          id: itemAddress(p.pk, item),
          problem: `points at ${target}, which does not exist`,
        });
      }
    }
  }
  return { records, auditEntries, links, mismatches };
}

function checkRecord(
  type: RecordType,
  id: string,
  record: Item,
  audit: readonly Item[],
  present: ReadonlySet<string>,
): Mismatch[] {
  const out: Mismatch[] = [];
  const say = (problem: string) => out.push({ type, id, problem });
  if (audit.length === 0) {
    say('no audit entry');
    return out;
  }
  audit.forEach((entry, i) => {
    if (entry.seq !== i + 1)
      say(`audit entry ${i + 1} is missing (found seq ${String(entry.seq)} in its place)`);
    if (entry.entityId !== id || entry.entityType !== type)
      say(`audit entry ${String(entry.seq)} names ${String(entry.entityType)} ${String(entry.entityId)}`);
  });
  const last = audit[audit.length - 1] as Item;
  if (record.version !== last.seq)
    say(`version ${String(record.version)}, but the last audit entry is ${String(last.seq)}`);
  if (record.state !== last.to)
    say(`state "${String(record.state)}", but the last audit entry says "${String(last.to)}"`);
  if (record.auditHash !== last.hash) say('its auditHash is not the hash of its last audit entry');
  for (const { key, stored, expected } of indexKeysOf(type, record)) {
    if (stored !== expected) say(`index key ${key} is "${String(stored)}", expected "${String(expected)}"`);
  }
  if (type === 'milestone' && typeof record.parentType === 'string' && typeof record.parentId === 'string') {
    const parent = recordPartition(record.parentType as RecordType, record.parentId);
    if (!present.has(parent)) say(`its ${record.parentType} ${record.parentId} does not exist`);
  }
  return out;
}

export function formatConsistency(r: ConsistencyReport, where: string): string {
  const lines = [
    `Consistency of ${where}: ${r.records} records, ${r.auditEntries} audit entries, ${r.links} funder links.`,
  ];
  for (const m of r.mismatches) lines.push(`MISMATCH ${m.type} ${m.id}: ${m.problem}.`);
  lines.push(
    r.mismatches.length === 0
      ? "OK: every record's state, version and hash equal its last audit entry."
      : `${r.mismatches.length} mismatches.`,
  );
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  await runCli('check:consistency', async ({ store, where }) => {
    const r = await checkConsistency(store);
    return { text: formatConsistency(r, where), ok: r.mismatches.length === 0 };
  });
}
