/**
 * Throttling: DynamoDB's ThrottlingException is retried by the store's client with exponential backoff and
 * full jitter; what is still throttled after the last attempt is a 503 with Retry-After, never a 500.
 * The throttling is injected by a hook on each attempt of a client built with the store's own createDocumentClient:
 * the attempt is answered with DynamoDB's error without being sent.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '#http/app';
import { signLocalToken } from '#http/auth';
import { createDeps } from '#services/deps';
import { createDocumentClient } from '#store/client';
import type { DynamoClient } from '#store/dynamo-client';
import { StoreUnavailableError } from '#store/errors';
import { Store } from '#store/store';
import { startTestSystem, type TestSystem } from '../../support/harness.ts';
import { recordFigures } from './figures.ts';

const throttled = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

/** Makes the next `failures` calls of each operation fail with ThrottlingException; logs every attempt. */
function injectThrottling(db: DynamoClient, failures: number) {
  const attempts: { call: string; at: number }[] = [];
  // inside the retries, so that the client sees and retries the error as DynamoDB's
  db.aroundAttempt(async (attempt, next) => {
    const call = String(attempt.id);
    attempts.push({ call, at: performance.now() });
    if (attempt.attempt <= failures) throw throttled();
    return next();
  });
  return attempts;
}

describe('throttling from DynamoDB', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('retries throttled calls with bounded exponential, jittered waits until they succeed', async () => {
    // Prepare: 8 reads, each throttled twice before DynamoDB is let through
    const db = createDocumentClient({ endpoint: inject('dynamoEndpoint') });
    const attempts = injectThrottling(db, 2);
    const store = new Store(db, sys.deps.store.tableName);

    // Act
    const started = performance.now();
    const cities = await Promise.all(Array.from({ length: 8 }, () => store.getCity('sfax')));
    const ms = Math.round(performance.now() - started);
    db.destroy();

    // Assess: each call succeeded on its third attempt, after two waits
    expect(cities.every((c) => c?.id === 'sfax')).toBe(true);
    const byCall = new Map<string, number[]>();
    for (const a of attempts) byCall.set(a.call, [...(byCall.get(a.call) ?? []), a.at]);
    expect(byCall.size).toBe(8);
    const waits = [...byCall.values()].map((at) => {
      expect(at).toHaveLength(3);
      return [(at[1] as number) - (at[0] as number), (at[2] as number) - (at[1] as number)];
    });
    // backoff: not all immediate, and no wait above its cap (1 s × 2^retry, plus slack for the event loop)
    for (const [first, second] of waits) {
      expect((first as number) + (second as number)).toBeGreaterThan(0);
      expect(first).toBeLessThan(1_000 + 250);
      expect(second).toBeLessThan(2_000 + 250);
    }
    // jitter: eight calls throttled at the same moment do not all come back at the same moment
    const firstWaits = waits.map(([first]) => Math.round(first as number));
    expect(new Set(firstWaits).size).toBeGreaterThan(1);
    recordFigures('throttling', 'retried', {
      calls: 8,
      throttlesPerCall: 2,
      attemptsPerCall: 3,
      waitsMs: waits.map((w) => w.map((x) => Math.round(x))),
      totalMs: ms,
    });
  });

  it('answers 503 problem+json with Retry-After, not 500, when throttling outlasts the retries', async () => {
    // Prepare: an app whose store is throttled on every attempt
    const db = createDocumentClient({ endpoint: inject('dynamoEndpoint'), maxAttempts: 2 });
    const attempts = injectThrottling(db, Number.POSITIVE_INFINITY);
    const store = new Store(db, sys.deps.store.tableName);
    const app = createApp({ deps: createDeps(store), auth: sys.auth, log: false });
    const token = await signLocalToken(
      sys.auth,
      {
        id: 'u-officer-sfax',
        email: 'officer@sfax.demo',
        name: 'O',
        cityId: 'sfax',
        roles: ['city_officer'],
        language: 'en',
      },
      new Date(),
    );

    // Act
    const direct = await store.getCity('sfax').catch((e: unknown) => e);
    const health = await app.request('/health');
    const list = await app.request('/v1/grants', { headers: { authorization: `Bearer ${token}` } });
    db.destroy();

    // Assess
    expect(direct).toBeInstanceOf(StoreUnavailableError);
    for (const res of [health, list]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ status: 503, type: expect.stringContaining('unavailable') });
    }
    expect(attempts.length).toBeGreaterThanOrEqual(6);
    recordFigures('throttling', 'exhausted', { attemptsPerCall: 2, statuses: [health.status, list.status] });
  });
});
