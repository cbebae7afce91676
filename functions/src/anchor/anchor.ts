/**
 * Anchors of the audit chains, kept where the table's writers cannot reach: each new audit entry's
 * (record key, seq, hash), read from the table's DynamoDB stream and written to an append-only sink.
 * Someone with write access to the table can recompute a whole chain and the record's `auditHash`, but
 * cannot change what was anchored when the entry was first written: `npm run audit:verify` compares the two.
 *
 * One core, two sinks: deployed, an S3 bucket with Object Lock in compliance mode (s3-sink.ts, written by
 * the `anchor` Lambda); locally, a JSON-lines file under DATA_DIR (file-sink.ts, written by the stream
 * poller of `npm start`, local-stream.ts).
 */
import { isAuditEntryItem } from '#store/audit-entries';
import { PRIMARY_KEY } from '#store/table';
import type { StreamRecordLike } from '#store/table-stream';

export interface Anchor {
  /** The record's partition key, e.g. `GRANT#g_123`. */
  readonly pk: string;
  readonly seq: number;
  readonly hash: string;
}

export interface AnchorSink {
  /** Writes anchors; an anchor already written for the same (pk, seq) is kept as it was (first wins). */
  write(anchors: readonly Anchor[]): Promise<void>;
}

/** What audit:verify compares with: the first anchored hash of each (pk, seq). */
export type AnchorIndex = Map<string, Map<number, string>>;

export type { StreamRecordLike } from '#store/table-stream';

/**
 * The anchor of a stream record, when it is the first write of an audit entry. Only INSERTs: an audit entry
 * is never modified by Passerelle, so a MODIFY is someone else's and must not become an anchor.
 */
export function anchorOf(record: StreamRecordLike): Anchor | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const image = record.dynamodb?.NewImage;
  const pk = image?.[PRIMARY_KEY.partitionKey]?.S;
  const sk = image?.[PRIMARY_KEY.sortKey]?.S;
  const seq = Number(image?.seq?.N);
  const hash = image?.hash?.S;
  if (!pk || !isAuditEntryItem(sk, image?.entity?.S)) return undefined;
  if (!Number.isInteger(seq) || seq < 1 || !hash || !/^[0-9a-f]{64}$/.test(hash)) return undefined;
  return { pk, seq, hash };
}

export function anchorsOf(records: readonly StreamRecordLike[]): Anchor[] {
  return records.map(anchorOf).filter((a): a is Anchor => a !== undefined);
}

/** Indexes anchors in the order they were written: the first hash of each (pk, seq) is the one kept. */
export function indexAnchors(anchors: Iterable<Anchor>): AnchorIndex {
  const index: AnchorIndex = new Map();
  for (const a of anchors) {
    let chain = index.get(a.pk);
    if (!chain) {
      chain = new Map();
      index.set(a.pk, chain);
    }
    if (!chain.has(a.seq)) chain.set(a.seq, a.hash);
  }
  return index;
}

/** Whether a parsed value is an anchor (lines of the file, objects of the bucket). */
export function isAnchor(value: unknown): value is Anchor {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.pk === 'string' &&
    typeof v.seq === 'number' &&
    Number.isInteger(v.seq) &&
    typeof v.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(v.hash)
  );
}
