/**
 * Errors become `application/problem+json` (RFC 9457) here and nowhere else.
 * ApiError is the one HTTP error type; domain and store errors are mapped by class.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError, ProblemBody } from '#contract/problem';
import {
  DomainError,
  EventNotAllowedError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
} from '#domain/errors';
import { logSink } from '#runtime/logger';
import { IdempotencyKeyReusedError, PreconditionFailedError, TooManyRequestsError } from '#services/errors';
import {
  AlreadyExistsError,
  InvalidCursorError,
  StoreUnavailableError,
  TransactionTooLargeError,
  VersionConflictError,
} from '#store/errors';
import { IdempotencyRaceError } from '#store/store';

export type { FieldError, ProblemBody };

const TYPE_BASE = 'https://passerelle.city/problems/';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly slug: string,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }

  toBody(): ProblemBody {
    return {
      type: `${TYPE_BASE}${this.slug}`,
      title: this.title,
      status: this.status,
      ...(this.message !== this.title ? { detail: this.message } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new ApiError(400, 'validation', 'Your request is not valid.', detail, errors);
export const unauthorized = (detail = 'Sign in to continue.') =>
  new ApiError(401, 'unauthorized', 'You are not signed in.', detail, undefined, {
    'WWW-Authenticate': 'Bearer',
  });

/** Maps any thrown value to an ApiError; unknown errors become a 500 that says nothing internal. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof RuleViolationError) {
    return new ApiError(
      422,
      'rule-violation',
      'The request breaks one or more rules.',
      err.message,
      err.failures.map((f) => ({ path: f.path ?? '', message: f.message, rule: f.rule })),
    );
  }
  if (err instanceof NotFoundError) return new ApiError(404, 'not-found', 'Not found.', err.message);
  if (err instanceof ForbiddenError)
    return new ApiError(403, 'forbidden', 'You may not do this.', err.message);
  if (err instanceof EventNotAllowedError)
    return new ApiError(409, 'event-not-allowed', 'Not possible now.', err.message);
  if (err instanceof DomainError)
    return new ApiError(422, 'rule-violation', 'The request breaks a rule.', err.message);
  if (err instanceof PreconditionFailedError)
    return new ApiError(412, 'precondition-failed', 'The record has changed.', err.message);
  if (err instanceof VersionConflictError)
    return new ApiError(409, 'conflict', 'The record was changed meanwhile.', err.message);
  if (err instanceof AlreadyExistsError)
    return new ApiError(
      409,
      'conflict',
      'This already exists.',
      err.message || 'It was created meanwhile. Reload it.',
    );
  if (err instanceof IdempotencyRaceError) {
    // A retry that arrives while the first request with the same key is still in flight.
    return new ApiError(409, 'idempotency-in-progress', 'Still processing.', err.message, undefined, {
      'Retry-After': '1',
    });
  }
  if (err instanceof TooManyRequestsError)
    return new ApiError(429, 'too-many-requests', 'Too many requests.', err.message, undefined, {
      'Retry-After': String(err.retryAfterSeconds),
    });
  if (err instanceof IdempotencyKeyReusedError)
    return new ApiError(422, 'idempotency-key-reused', 'Idempotency-Key reused.', err.message);
  if (err instanceof TransactionTooLargeError)
    return new ApiError(422, 'too-many-changes', 'Too many changes at once.', err.message);
  if (err instanceof InvalidCursorError)
    return badRequest(err.message, [{ path: 'cursor', message: err.message, code: 'invalid' }]);
  if (err instanceof StoreUnavailableError) {
    return new ApiError(
      503,
      'unavailable',
      'Passerelle is briefly unavailable.',
      'Please try again in a few seconds.',
      undefined,
      {
        'Retry-After': '5',
      },
    );
  }
  // A malformed percent-encoding in the address (decodeURIComponent) is the client's mistake.
  if (err instanceof URIError) return badRequest('The address is malformed.');
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    if (status === 413)
      return new ApiError(413, 'too-large', 'The request is too large.', 'Send at most 256 KB.');
    if (status === 400)
      return badRequest(
        /JSON/i.test(err.message) ? 'The body is not valid JSON.' : 'The request is malformed.',
      );
    if (status === 401) return unauthorized();
    return new ApiError(status, 'http', err.message || 'Request failed.');
  }
  return new ApiError(
    500,
    'internal',
    'Something went wrong on our side.',
    'The error was logged. Please try again later.',
  );
}

/** One structured log line (JSON); never tokens, bodies or personal data. */
export type LogSink = (entry: Record<string, unknown>) => void;

/** The one logger's sink; the default of problemResponse when no app logger is given. */
export const stderrSink: LogSink = (entry) => logSink()?.(entry);

/**
 * The response for any error: problem+json, with the status's headers (Retry-After, WWW-Authenticate).
 * A 500 is logged with its stack (to the log, never to the client); the client gets a generic text.
 */
export function problemResponse(c: Context, err: unknown, log: LogSink = stderrSink): Response {
  const api = toApiError(err);
  if (api.status >= 500 && api.status !== 503) {
    const e = err as { name?: unknown; message?: unknown; stack?: unknown } | undefined;
    log({
      level: 'error',
      msg: 'unhandled',
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      error: typeof e?.name === 'string' ? e.name : typeof err,
      message: typeof e?.message === 'string' ? e.message.slice(0, 500) : undefined,
      stack: typeof e?.stack === 'string' ? e.stack.split('\n').slice(0, 12).join('\n') : undefined,
    });
  }
  if (api.status === 503) {
    const cause = (err as { cause?: { name?: unknown; code?: unknown } } | undefined)?.cause;
    log({
      level: 'warn',
      msg: 'store unavailable',
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      cause:
        typeof cause?.code === 'string'
          ? cause.code
          : typeof cause?.name === 'string'
            ? cause.name
            : undefined,
    });
  }
  for (const [k, v] of Object.entries(api.headers)) c.header(k, v);
  return c.body(JSON.stringify(api.toBody()), api.status, { 'Content-Type': 'application/problem+json' });
}
