/** Creation that a client may safely retry: the Idempotency-Key and the first response it got. */
import { createHash } from 'node:crypto';
import type { Actor } from '#domain/types';
import { canonicalJson } from '#store/audit';
import { IdempotencyRaceError } from '#store/store';
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
  const replay = async (): Promise<Created<V> | undefined> => {
    const found = await deps.store.getIdempotency(actor.userId, idem.key);
    // DynamoDB's TTL deletes an expired record lazily (up to days late): past its expiry it is gone.
    if (!found || found.expiresAt <= claimedAt) return undefined;
    if (found.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    return { status: found.status, body: found.body as V, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
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
    if (!(e instanceof IdempotencyRaceError)) throw e;
    const winner = await replay();
    if (!winner) throw e;
    return winner;
  }
}
