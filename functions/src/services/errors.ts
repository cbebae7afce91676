/** The services' own failures, beside the domain's (#domain/errors): each maps to one HTTP status. */

/** A stale If-Match: the client's copy is older than the record. → 412 */
export class PreconditionFailedError extends Error {
  constructor() {
    super('The record has changed since you loaded it. Reload it and try again.');
    this.name = 'PreconditionFailedError';
  }
}

/** An Idempotency-Key reused for a different request. → 422 */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('This Idempotency-Key was already used for a different request.');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Too many attempts from one place in a while (the public registration form). → 429 with Retry-After */
export class TooManyRequestsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many registrations were sent from this address in the last hour. Please try again later.');
    this.name = 'TooManyRequestsError';
  }
}
