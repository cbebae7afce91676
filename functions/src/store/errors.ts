import { NamedError } from '#domain/errors';
/** Errors of the store, mapped to HTTP statuses in one place (functions/src/http/problem.ts). */
export abstract class StoreError extends NamedError {}

/** A conditional write lost: the record changed since it was read. → 409, or 412 with If-Match */
export class VersionConflictError extends StoreError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`The ${entity} ${id} was changed by someone else meanwhile. Reload it and try again.`);
  }
}

/**
 * A transaction's check of another item failed: the item it names is not what the write assumed (a funder
 * that is not one of the city's). The service says which rule that breaks.
 */
export class CheckFailedError extends StoreError {
  constructor(
    readonly check: string,
    readonly id: string,
  ) {
    super(`The check ${check} failed for ${id}.`);
  }
}

/** The item that must not exist already exists. → 409 */
export class AlreadyExistsError extends StoreError {}

/** DynamoDB cannot be reached or keeps throttling. → 503 with Retry-After */
export class StoreUnavailableError extends StoreError {
  constructor(cause: unknown) {
    super('The data store is unavailable.', { cause });
  }
}

/** A list cursor that this store did not hand out. → 400 */
export class InvalidCursorError extends StoreError {
  constructor() {
    super('The cursor is not valid for this list. Start again without it.');
  }
}

/**
 * A request that would write more items in one transaction than DynamoDB takes (100). → 422
 * Checked before anything is sent, so that nothing is half written and the client is told what happened.
 */
export class TransactionTooLargeError extends StoreError {
  constructor(
    readonly items: number,
    readonly limit: number,
  ) {
    super(`This change would write ${items} items at once; at most ${limit} can be written together.`);
  }
}

/**
 * Thrown when a concurrent request with the same Idempotency-Key won the race (or still holds the key).
 * → the first response is replayed; 409 with Retry-After while the first request is still in flight.
 */
export class IdempotencyRaceError extends StoreError {
  constructor() {
    super('A request with this Idempotency-Key is still being processed. Retry in a moment.');
  }
}

/** Node.js error codes of a connection that failed or broke: worth another attempt, then a 503. */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Error names and codes of a store that is down, overloaded or unreachable: worth a retry later. */
const UNAVAILABLE = new Set([
  // DynamoDB (after the client's own retries with backoff and jitter)
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  // the table's client (its timeouts)
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  ...NETWORK_ERROR_CODES,
]);

/** Cancellation reasons of a transaction that say "later", not "no". */
const UNAVAILABLE_REASONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

/**
 * Whether an error means the store cannot answer now (→ StoreUnavailableError → 503 with Retry-After),
 * as opposed to a refusal (a failed condition, a validation error) or a bug.
 */
export function isUnavailable(e: unknown, depth = 0): boolean {
  if (e === null || typeof e !== 'object' || depth > 5) return false;
  const err = e as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
    $metadata?: { httpStatusCode?: number };
    CancellationReasons?: { Code?: string }[];
  };
  const name = typeof err.name === 'string' ? err.name : '';
  const code = typeof err.code === 'string' ? err.code : '';
  if (UNAVAILABLE.has(name) || UNAVAILABLE.has(code)) return true;
  // A server-side fault of the service (HTTP 5xx) is transient by definition.
  if ((err.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (name === 'TransactionCanceledException' && Array.isArray(err.CancellationReasons)) {
    const codes = err.CancellationReasons.map((r) => r?.Code ?? 'None').filter((c) => c !== 'None');
    return codes.length > 0 && codes.every((c) => UNAVAILABLE_REASONS.has(c));
  }
  // Node's happy-eyeballs connect reports every failed address at once.
  if (name === 'AggregateError' && Array.isArray(err.errors))
    return err.errors.some((x) => isUnavailable(x, depth + 1));
  if (name === 'Error' && typeof err.message === 'string') {
    if (/ECONNREFUSED|ECONNRESET|socket hang up|connect ETIMEDOUT/i.test(err.message)) return true;
  }
  return err.cause !== undefined && isUnavailable(err.cause, depth + 1);
}
