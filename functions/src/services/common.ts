/**
 * What the HTTP layer still imports under this name; the services' helpers live in errors.ts, access.ts,
 * if-match.ts, idempotency.ts and audit-draft.ts. Delete this file once nothing imports it.
 */
export { auditTrail } from './access.ts';
export { IdempotencyKeyReusedError, PreconditionFailedError } from './errors.ts';
