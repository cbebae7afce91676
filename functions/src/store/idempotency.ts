/**
 * Idempotency-Key records: `IDEMP#<userId>#<key>` / `R`, with the first response, removed by TTL
 * (`expiresAt`). Written in the same transaction as what the request creates (transaction.ts).
 */
import { RECORD_SK } from './keys.ts';
import type { Item } from './table-io.ts';

export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
}

export interface IdempotencyClaim extends IdempotencyRecord {
  readonly userId: string;
  readonly key: string;
  /** Epoch seconds; DynamoDB's TTL removes the record after it. */
  readonly expiresAt: number;
  /** Epoch seconds, now: an expired record the TTL has not removed yet may be claimed again. */
  readonly claimedAt: number;
}

export const idempotencyPk = (userId: string, key: string) => `IDEMP#${userId}#${key}`;
export const idempotencyKey = (userId: string, key: string) => ({
  PK: idempotencyPk(userId, key),
  SK: RECORD_SK,
});

export function idempotencyItem(claim: IdempotencyClaim): Item {
  return {
    ...idempotencyKey(claim.userId, claim.key),
    entity: 'idempotency',
    requestHash: claim.requestHash,
    status: claim.status,
    body: claim.body,
    expiresAt: claim.expiresAt,
  };
}

export function idempotencyFromItem(
  item: Item | undefined,
): (IdempotencyRecord & { readonly expiresAt: number }) | undefined {
  if (!item) return undefined;
  return {
    requestHash: String(item.requestHash),
    status: Number(item.status),
    body: item.body,
    expiresAt: Number(item.expiresAt ?? 0),
  };
}
