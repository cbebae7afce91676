/** Creation that a client may safely retry: the Idempotency-Key and the first response it got. */
import { createHash } from 'node:crypto';
import type { Actor } from '#domain/types';
import { canonicalJson } from '#store/audit';
import type { Deps } from './deps.ts';
import { IdempotencyKeyReusedError } from './errors.ts';

export interface IdempotencyInput {
  readonly key: string;
  readonly request: unknown;
}

export interface Created<V> {
  readonly status: number;
  readonly body: V;
  readonly replayed: boolean;
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * Creates once per Idempotency-Key: a retry returns the first response. The key's record is written in the
 * same transaction as the creation, so two retries at the same moment still create one record.
 *
 * The creation runs first and the key's record is read only when it fails: the first request pays no read
 * for its key. A retry of a creation that succeeded may fail before its write (a rule the first one changed
 * the facts of, the record's version it moved, the key's own condition), so whatever the failure, a record
 * of the key answers in its place: the first answer, or the key-reused error for another body.
 */
export async function idempotentCreate<V>(
  deps: Deps,
  actor: Actor,
  idem: IdempotencyInput | undefined,
  create: (claim?: {
    userId: string;
    key: string;
    requestHash: string;
    status: number;
    expiresAt: number;
    claimedAt: number;
  }) => Promise<V>,
  /** The status of the first answer: 201 for a creation, 200 for an event on a record. */
  status = 201,
): Promise<Created<V>> {
  if (!idem) return { status, body: await create(), replayed: false };
  const requestHash = createHash('sha256').update(canonicalJson(idem.request)).digest('hex');
  const claimedAt = Math.floor(deps.clock().getTime() / 1000);
  const expiresAt = claimedAt + IDEMPOTENCY_TTL_SECONDS;
  try {
    const body = await create({
      userId: actor.userId,
      key: idem.key,
      requestHash,
      status,
      expiresAt,
      claimedAt,
    });
    return { status, body, replayed: false };
  } catch (e) {
    // A key that cannot be read (the store is down) leaves the request's own failure to answer.
    const found = await deps.store.getIdempotency(actor.userId, idem.key).catch(() => undefined);
    // DynamoDB's TTL deletes an expired record lazily (up to days late): past its expiry it is gone.
    if (!found || found.expiresAt <= claimedAt) throw e;
    if (found.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    return { status: found.status, body: found.body as V, replayed: true };
  }
}
