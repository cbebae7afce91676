/**
 * A client that lost the answer sends the same request again with its Idempotency-Key. The creation is
 * tried first and the key's record read only when it fails, so these pin down what a retry must still get:
 * the first answer (even where the rules would refuse a new request now), the key-reused error for another
 * body, one record from simultaneous retries, and a rule's error with no key kept after a refused request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '../support/harness.ts';

describe('retries with an Idempotency-Key', () => {
  let sys: TestSystem;
  let cso: Client;
  let csoId: string;
  beforeAll(async () => {
    sys = await startTestSystem();
    cso = await sys.as('cso@sfax.demo');
    csoId = (await cso.get('/v1/me')).body.id;
  });
  afterAll(async () => {
    await sys.close();
  });

  const titled = (title: string) =>
    cso
      .get('/v1/grants?limit=100')
      .then((r) => r.body.items.filter((g: { title: string }) => g.title === title));

  it('replays the first 201 and its body to a retry, even when the rules would now refuse a new application', async () => {
    // Prepare: an application created with a key; then the city changes its currency, so a TND budget is refused
    const body = fastApplication({ title: 'Retried after the rules changed' });
    const first = await cso.post('/v1/grants', body, { 'Idempotency-Key': 'retry-rules-1' });
    expect(first.status).toBe(201);
    const city = await sys.deps.cities.get('sfax');
    await sys.deps.store.putCity({ ...city, currency: 'EUR' });
    sys.deps.cities.forget('sfax');
    try {
      // Act
      const retry = await cso.post('/v1/grants', body, { 'Idempotency-Key': 'retry-rules-1' });
      const fresh = await cso.post('/v1/grants', body, { 'Idempotency-Key': 'retry-rules-2' });
      // Assess: the retry gets the first answer; a new request with the same body is refused by the rule
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(fresh.status).toBe(422);
      expect(JSON.stringify(fresh.body)).toContain('currency');
      expect(await titled('Retried after the rules changed')).toHaveLength(1);
    } finally {
      await sys.deps.store.putCity(city);
      sys.deps.cities.forget('sfax');
    }
  });

  it('replays the first 200 of an event to a retry although the record has moved on since', async () => {
    // Prepare: a draft submitted with a key
    const { body: draft } = await cso.post('/v1/grants', fastApplication({ title: 'Submitted twice' }));
    const first = await cso.event(
      `/v1/grants/${draft.id}`,
      { type: 'submit' },
      { 'Idempotency-Key': 'submit-1' },
    );
    expect(first.status).toBe(200);
    // Act
    const retry = await cso.event(
      `/v1/grants/${draft.id}`,
      { type: 'submit' },
      { 'Idempotency-Key': 'submit-1' },
    );
    const again = await cso.event(
      `/v1/grants/${draft.id}`,
      { type: 'submit' },
      { 'Idempotency-Key': 'submit-2' },
    );
    // Assess: the retry answers as the first did; a new submit of a submitted grant is refused
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(again.status).toBeGreaterThanOrEqual(400);
    const audit = await cso.get(`/v1/audit/grant/${draft.id}`);
    expect(audit.body.items.filter((e: { event: string }) => e.event === 'submit')).toHaveLength(1);
  });

  it('refuses the same key with another body (422) and creates nothing with it', async () => {
    // Prepare
    const body = fastApplication({ title: 'First body' });
    const first = await cso.post('/v1/grants', body, { 'Idempotency-Key': 'reused-1' });
    expect(first.status).toBe(201);
    // Act: another body, valid and invalid, with the same key
    const other = await cso.post(
      '/v1/grants',
      { ...body, title: 'Second body' },
      { 'Idempotency-Key': 'reused-1' },
    );
    const broken = await cso.post(
      '/v1/grants',
      { ...body, title: 'Second body', amountRequested: { amount: 1, currency: 'TND' } },
      { 'Idempotency-Key': 'reused-1' },
    );
    // Assess
    for (const res of [other, broken]) {
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.type).toContain('idempotency-key-reused');
    }
    expect(await titled('Second body')).toHaveLength(0);
  });

  it('creates one record from simultaneous identical requests and answers them all with it', async () => {
    // Prepare
    const body = fastApplication({ title: 'Sent six times at once' });
    // Act
    const all = await Promise.all(
      Array.from({ length: 6 }, () => cso.post('/v1/grants', body, { 'Idempotency-Key': 'together-1' })),
    );
    // Assess: whoever did not win either replays the winner or is told to retry in a moment (409)
    const answered = all.filter((r) => r.status === 201);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    expect(all.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(new Set(answered.map((r) => r.body.id)).size).toBe(1);
    expect(await titled('Sent six times at once')).toHaveLength(1);
  });

  it("gives a refused first request its rule's error and keeps no key: the corrected request then creates", async () => {
    // Prepare: budget lines that do not add up to the amount asked for
    const body = fastApplication({ title: 'Corrected after a refusal' });
    const wrong = { ...body, amountRequested: { amount: 7_000_000, currency: 'TND' } };
    // Act
    const refused = await cso.post('/v1/grants', wrong, { 'Idempotency-Key': 'refused-1' });
    const kept = await sys.deps.store.getIdempotency(csoId, 'refused-1');
    const corrected = await cso.post('/v1/grants', body, { 'Idempotency-Key': 'refused-1' });
    // Assess
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('budget_total');
    expect(kept).toBeUndefined();
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).not.toBe('true');
    expect(await titled('Corrected after a refusal')).toHaveLength(1);
  });
});
