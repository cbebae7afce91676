/**
 * `npm run audit:verify`: recomputes every record's hash-chained audit trail and names each record whose
 * history was altered — an entry changed, inserted, reordered or removed (also the last one: the record
 * keeps the hash that ends its chain). Exit 0: every chain holds; 1: some record's history was altered;
 * 2: the check could not run. Reads the whole table with Scan: an offline tool, never a request path.
 *
 * What it cannot see: someone with write access who rewrites an entry AND recomputes every later hash
 * and the record's `auditHash`. Anchoring the chain ends outside the table would (docs/reliability.md).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '#domain/types';
import { firstBrokenLink } from '#store/audit';
import { stripStorage } from '#store/keys';
import { isMain, partitions, recordOf, runCli } from './table-scan.ts';

export interface AlteredHistory {
  readonly type: string;
  readonly id: string;
  /** The first entry whose hash does not recompute (when the chain itself breaks). */
  readonly seq?: number;
  readonly reason: string;
}

export interface AuditVerification {
  readonly records: number;
  readonly entries: number;
  readonly altered: AlteredHistory[];
}

export async function verifyAuditTrails(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<AuditVerification> {
  let records = 0;
  let entries = 0;
  const altered: AlteredHistory[] = [];
  for (const p of await partitions(db, tableName)) {
    const owner = recordOf(p.pk);
    if (!owner || (p.audit.length === 0 && !p.record)) continue;
    records++;
    entries += p.audit.length;
    const chain = p.audit.map((item) => stripStorage<AuditEntry>(item));
    const broken = firstBrokenLink(chain);
    if (broken !== undefined) {
      altered.push({
        ...owner,
        seq: broken,
        reason: `entry ${broken} does not recompute from the entries before it (changed, inserted or removed)`,
      });
      continue;
    }
    if (p.record && p.record.auditHash !== chain.at(-1)?.hash) {
      altered.push({
        ...owner,
        reason:
          'the chain does not end where the record says it does (its last entries were removed or replaced)',
      });
    }
  }
  return { records, entries, altered };
}

export function formatAuditVerification(v: AuditVerification, where: string): string {
  const lines = [`Audit trails of ${where}: ${v.records} records, ${v.entries} entries recomputed.`];
  for (const a of v.altered) lines.push(`ALTERED ${a.type} ${a.id}: ${a.reason}.`);
  lines.push(
    v.altered.length === 0
      ? 'OK: every chain recomputes.'
      : `${v.altered.length} of ${v.records} records have an altered history.`,
  );
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  await runCli(async ({ db, tableName, where }) => {
    const v = await verifyAuditTrails(db, tableName);
    return { text: formatAuditVerification(v, where), ok: v.altered.length === 0 };
  });
}
