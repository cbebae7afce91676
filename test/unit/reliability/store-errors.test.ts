/**
 * Which store failures mean "try again later" (→ 503 with Retry-After) and which pass through, and how
 * every error becomes a problem: statuses, headers, and no internal message in any body.
 */
import fc from 'fast-check';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { EventNotAllowedError, ForbiddenError, NotFoundError } from '#domain/errors';
import { toApiError } from '#http/problem';
import { IdempotencyKeyReusedError, PreconditionFailedError } from '#services/errors';
import {
  InvalidCursorError,
  isUnavailable,
  StoreUnavailableError,
  TransactionTooLargeError,
  VersionConflictError,
} from '#store/errors';
import { IdempotencyRaceError } from '#store/store';
import { rethrow } from '#store/table-io';
import { recordFigures } from '../../e2e/reliability/figures.ts';

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...extra });

describe('store errors', () => {
  it.each([
    [
      'connection refused',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }),
    ],
    ['reset mid-request', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['socket hang up without a code', new Error('socket hang up')],
    ['a timeout of the SDK', named('TimeoutError')],
    ['throttling after the retries', named('ThrottlingException', { $metadata: { httpStatusCode: 400 } })],
    ['provisioned throughput', named('ProvisionedThroughputExceededException')],
    ['a 500 of DynamoDB', named('InternalServerError', { $metadata: { httpStatusCode: 500 } })],
    ['any 5xx', named('SomethingNew', { $metadata: { httpStatusCode: 503 } })],
    [
      'a transaction cancelled by throttling',
      named('TransactionCanceledException', {
        CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
      }),
    ],
    [
      'every address refused',
      Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}),
    ],
    ['DNS down', Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' })],
    ['a cause that is', new Error('wrapped', { cause: named('TimeoutError') })],
  ])('treats %s as the store being unavailable', (_what, error) => {
    expect(isUnavailable(error)).toBe(true);
    expect(() => rethrow(error)).toThrow(StoreUnavailableError);
  });

  it.each([
    ['a failed condition', named('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } })],
    ['a validation error', named('ValidationException', { $metadata: { httpStatusCode: 400 } })],
    [
      'a transaction cancelled by a condition',
      named('TransactionCanceledException', {
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ThrottlingError' }],
      }),
    ],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a thrown string', 'boom'],
  ])('passes %s through unchanged', (_what, error) => {
    expect(isUnavailable(error)).toBe(false);
    expect(() => rethrow(error)).toThrow();
    try {
      rethrow(error);
    } catch (e) {
      expect(e).toBe(error);
    }
  });

  it('never mistakes a refusal of the service (any other name, a 4xx) for an outage', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 100, max: 499 }), (name, message, status) => {
        const e = Object.assign(new Error(message), {
          name: `X${name}`,
          $metadata: { httpStatusCode: status },
        });
        expect(isUnavailable(e)).toBe(false);
      }),
      { numRuns: 300 },
    );
    recordFigures('unit', 'storeErrorsProperty', { runs: 300 });
  });
});

describe('errors as problems', () => {
  it.each([
    [new StoreUnavailableError(new Error('x')), 503, { 'Retry-After': '5' }],
    [new IdempotencyRaceError(), 409, { 'Retry-After': '1' }],
    [new VersionConflictError('grant', 'g_1'), 409, {}],
    [new PreconditionFailedError(), 412, {}],
    [new IdempotencyKeyReusedError(), 422, {}],
    [new InvalidCursorError(), 400, {}],
    [new TransactionTooLargeError(101, 100), 422, {}],
    [new NotFoundError('grant', 'g_1'), 404, {}],
    [new ForbiddenError('no'), 403, {}],
    [new EventNotAllowedError('approve', 'draft', 'no'), 409, {}],
    [new URIError('URI malformed'), 400, {}],
    [new HTTPException(400, { message: 'Malformed JSON in request body' }), 400, {}],
    [new HTTPException(413), 413, {}],
  ])('maps %o to %i', (error, status, headers) => {
    const api = toApiError(error);
    expect(api.status).toBe(status);
    expect(api.headers).toMatchObject(headers);
    expect(api.toBody()).toMatchObject({
      status,
      type: expect.stringMatching(/^https:\/\/passerelle\.city\/problems\//),
    });
  });

  it('answers any unexpected throw with a 500 that says nothing of it', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8 }),
        fc.constantFrom(Error, TypeError, RangeError, SyntaxError),
        (msg, Kind) => {
          const body = JSON.stringify(toApiError(new Kind(`secret:${msg}`)).toBody());
          expect(body).not.toContain('secret:');
          expect(JSON.parse(body)).toMatchObject({ status: 500, title: 'Something went wrong on our side.' });
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.anything(), (thrown) => {
        const api = toApiError(thrown);
        expect(api.status).toBeGreaterThanOrEqual(400);
        expect(api.status).toBeLessThan(600);
      }),
      { numRuns: 200 },
    );
    recordFigures('unit', 'problemProperty', { runs: 400 });
  });
});
