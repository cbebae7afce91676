/**
 * `npm run audit:verify`: recomputes every record's hash-chained audit trail and names each record whose
 * history was altered — an entry changed, inserted, reordered or removed (also the last one: the record
 * keeps the hash that ends its chain). Exit 0: every chain holds; 1: some record's history was altered;
 * 2: the check could not run. Reads the whole table with Scan: an offline tool, never a request path.
 *
 * A chain can also be rewritten whole — an entry changed and every later hash and the record's `auditHash`
 * recomputed — or cut short with the `auditHash` moved back; both recompute. So each entry's hash is also
 * anchored outside the table when it is first committed (functions/src/anchor/), and this check compares the
 * table with the anchors: ANCHOR_FILE (a JSON-lines file; default DATA_DIR/anchors.jsonl when it checks the
 * embedded store) or ANCHOR_BUCKET (the deployed Object Lock bucket). Without either it says that it only
 * recomputed the chains.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AuditEntry } from '#domain/types';
import type { CheckCliConfig } from '#runtime/config';
import { firstBrokenLink } from '#store/audit';
import { auditEntryOf, partitions, recordOf } from '#store/scan';
import type { Store } from '#store/store';
import type { AnchorIndex } from '../anchor/anchor.ts';
import { ANCHOR_FILE_NAME, readAnchorFile } from '../anchor/file-sink.ts';
import { readAnchorBucket } from '../anchor/s3-sink.ts';
import { isMain, runCli } from './table-scan.ts';

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
  /** Whether anchors were compared, and how many entries had none yet (written while anchoring was off or lagging). */
  readonly anchored: boolean;
  readonly unanchored: number;
}

export interface VerifyOptions {
  /** The anchored hashes to compare with; none: the chains are only recomputed. */
  readonly anchors?: AnchorIndex;
}

export async function verifyAuditTrails(
  store: Store,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const { anchors } = options;
  let records = 0;
  let entries = 0;
  let unanchored = 0;
  const altered: AlteredHistory[] = [];
  const seen = new Set<string>();
  for (const p of await partitions(store)) {
    const owner = recordOf(p.pk);
    if (!owner || (p.audit.length === 0 && !p.record)) continue;
    seen.add(p.pk);
    records++;
    entries += p.audit.length;
    const chain = p.audit.map(auditEntryOf);
    if (anchors) {
      const found = compareWithAnchors(chain, anchors.get(p.pk));
      unanchored += found.unanchored;
      if (found.altered) {
        altered.push({ ...owner, ...found.altered });
        continue;
      }
    }
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
  // A record whose every item was deleted leaves only its anchors behind.
  for (const [pk, anchored] of anchors ?? []) {
    const owner = recordOf(pk);
    if (!owner || seen.has(pk)) continue;
    altered.push({
      ...owner,
      seq: 1,
      reason: `its ${anchored.size} anchored audit entries are missing from the table (the record was deleted)`,
    });
  }
  return { records, entries, altered, anchored: anchors !== undefined, unanchored };
}

/** The first entry that differs from its anchor, or the first anchored entry missing from the table. */
function compareWithAnchors(
  chain: readonly AuditEntry[],
  anchored: ReadonlyMap<number, string> | undefined,
): { altered?: { seq: number; reason: string }; unanchored: number } {
  let unanchored = 0;
  for (const entry of chain) {
    const hash = anchored?.get(entry.seq);
    if (hash === undefined) {
      unanchored++;
      continue;
    }
    if (hash !== entry.hash) {
      return {
        altered: {
          seq: entry.seq,
          reason: `entry ${entry.seq} is not the one anchored when it was committed (the chain was rewritten from there)`,
        },
        unanchored,
      };
    }
  }
  const present = new Set(chain.map((e) => e.seq));
  const missing = [...(anchored?.keys() ?? [])].filter((seq) => !present.has(seq)).sort((a, b) => a - b);
  if (missing[0] !== undefined) {
    return {
      altered: {
        seq: missing[0],
        reason: `entry ${missing[0]} was anchored when it was committed but is missing from the table (removed)`,
      },
      unanchored,
    };
  }
  return { unanchored };
}

/** The anchors the CLI compares with: ANCHOR_BUCKET, ANCHOR_FILE, or the embedded store's DATA_DIR file. */
export async function anchorsToCompare(
  config: CheckCliConfig,
): Promise<{ anchors: AnchorIndex; where: string } | undefined> {
  if (config.anchorBucket) {
    return { anchors: await readAnchorBucket(config.anchorBucket), where: `s3://${config.anchorBucket}` };
  }
  if (config.anchorFile) {
    if (!existsSync(config.anchorFile)) throw new Error(`ANCHOR_FILE ${config.anchorFile} does not exist`);
    return { anchors: readAnchorFile(config.anchorFile), where: config.anchorFile };
  }
  if (!config.dynamoEndpoint) {
    const file = join(resolve(config.dataDir), ANCHOR_FILE_NAME);
    if (existsSync(file)) return { anchors: readAnchorFile(file), where: file };
  }
  return undefined;
}

export function formatAuditVerification(v: AuditVerification, where: string, anchorsWhere?: string): string {
  const lines = [`Audit trails of ${where}: ${v.records} records, ${v.entries} entries recomputed.`];
  lines.push(
    v.anchored
      ? `Compared with the anchors${anchorsWhere ? ` of ${anchorsWhere}` : ''}: ${v.unanchored} entries not anchored (yet).`
      : 'No anchors given (ANCHOR_FILE or ANCHOR_BUCKET): a chain rewritten whole would not be seen.',
  );
  for (const a of v.altered) lines.push(`ALTERED ${a.type} ${a.id}: ${a.reason}.`);
  lines.push(
    v.altered.length === 0
      ? 'OK: every chain recomputes.'
      : `${v.altered.length} of ${v.records} records have an altered history.`,
  );
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  await runCli('audit:verify', async ({ store, where }, config) => {
    const anchors = await anchorsToCompare(config);
    const v = await verifyAuditTrails(store, anchors ? { anchors: anchors.anchors } : {});
    return { text: formatAuditVerification(v, where, anchors?.where), ok: v.altered.length === 0 };
  });
}
