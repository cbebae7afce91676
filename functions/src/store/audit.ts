/**
 * The audit trail is hash-chained per record: each entry's hash covers the previous entry's hash and
 * the entry itself, so altering or removing any entry breaks every hash after it.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '#domain/types';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditDraft = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/** JSON with keys sorted at every level, so that the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Chains an entry after `prevHash`; any entity's draft (a record's, an organisation's, a user's). */
export function chainEntry<D extends { readonly entityType: string }>(
  draft: D,
  seq: number,
  prevHash: string,
): D & { readonly seq: number; readonly prevHash: string; readonly hash: string } {
  const body = { ...draft, seq, prevHash };
  const hash = createHash('sha256').update(prevHash).update(canonicalJson(body)).digest('hex');
  return { ...body, hash };
}

/** Recomputes a chain; returns the seq of the first entry that does not match, or undefined. */
export function firstBrokenLink(entries: readonly AuditEntry[]): number | undefined {
  let prev = GENESIS_HASH;
  for (const [i, e] of entries.entries()) {
    const { hash, seq, prevHash, ...draft } = e;
    if (seq !== i + 1 || prevHash !== prev) return seq;
    if (chainEntry(draft, seq, prev).hash !== hash) return seq;
    prev = hash;
  }
  return undefined;
}
