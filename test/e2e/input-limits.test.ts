/**
 * Input that must not pass, through HTTP on the real store: amounts too large to add up exactly, and an
 * Idempotency-Key whose record has expired (DynamoDB's TTL deletes it lazily, up to days late).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastApplication, startTestSystem, type TestSystem } from '../support/harness.ts';

describe('input that must not pass', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    sys.setNow(undefined);
    await sys.close();
  });

  it('answers 422, not 500, to budget lines that add up past 2^53 minor units', async () => {
    // Prepare
    const cso = await sys.as('newcso@sfax.demo');
    const huge = { amount: Number.MAX_SAFE_INTEGER, currency: 'TND' };
    // Act
    const res = await cso.post(
      '/v1/grants',
      fastApplication({
        track: 'standard',
        amountRequested: huge,
        budget: [
          { label: 'Clothes', amount: huge },
          { label: 'Transport', amount: huge },
        ],
      }),
    );
    const list = await cso.get('/v1/grants');
    // Assess
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(res.body)).toContain('amount_too_large');
    expect(list.body.items).toEqual([]);
  });

  it('does not honour an Idempotency-Key whose record is past its expiry, even if the store still holds it', async () => {
    // Prepare
    const cso = await sys.as('cso@sfax.demo');
    const key = { 'idempotency-key': 'expiring-key-1' };
    sys.setNow('2027-01-04T09:00:00.000Z');
    const first = await cso.post('/v1/grants', fastApplication({ track: 'standard', title: 'First' }), key);
    // Act: two days later, the record is expired but DynamoDB has not deleted it yet
    sys.setNow('2027-01-06T09:00:00.000Z');
    const again = await cso.post('/v1/grants', fastApplication({ track: 'standard', title: 'Second' }), key);
    const replay = await cso.post('/v1/grants', fastApplication({ track: 'standard', title: 'Second' }), key);
    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
    expect(again.body.title).toBe('Second');
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(again.body.id);
  });
});
