import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_GRANT } from '#domain/grant';
import { fastApplication, startTestSystem, type TestSystem } from '../support/harness.ts';

/** Moves a fresh fast-track application of amal-sfax to `recommended`, by the demo officer. */
async function recommendedGrant(sys: TestSystem) {
  const cso = await sys.as('cso@sfax.demo');
  const officer = await sys.as('officer@sfax.demo');
  const { body } = await cso.post('/v1/grants', fastApplication({ title: `Grant ${Math.random()}` }));
  await cso.event(`/v1/grants/${body.id}`, { type: 'submit' });
  await officer.event(`/v1/grants/${body.id}`, { type: 'start_review' });
  await officer.event(`/v1/grants/${body.id}`, { type: 'declare_no_conflict' });
  await officer.event(`/v1/grants/${body.id}`, {
    type: 'recommend',
    recommendation: 'approve',
    comment: 'Good.',
  });
  return body.id as string;
}

describe('refusals: who may not do what', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys.close();
  });

  it('refuses a role that may not call a route (403, problem+json)', async () => {
    const officer = await sys.as('officer@sfax.demo');
    const res = await officer.post('/v1/grants', fastApplication());
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      status: 403,
      title: expect.any(String),
      type: expect.stringContaining('forbidden'),
    });
  });

  it("hides another organisation's and another city's records (404), and refuses their events", async () => {
    // Prepare
    const amal = await sys.as('cso@sfax.demo');
    const { body } = await amal.post('/v1/grants', fastApplication());
    const horizons = await sys.as('horizons@sfax.demo');
    const malagaOfficer = await sys.as('officer@malaga.demo');
    const malagaCso = await sys.as('cso@malaga.demo');
    // Act / Assess
    expect((await horizons.get(`/v1/grants/${body.id}`)).status).toBe(404);
    expect((await horizons.event(`/v1/grants/${body.id}`, { type: 'submit' })).status).toBe(404);
    expect((await malagaOfficer.get(`/v1/grants/${body.id}`)).status).toBe(404);
    expect((await malagaOfficer.get(`/v1/audit/grant/${body.id}`)).status).toBe(404);
    expect((await malagaCso.get(`/v1/grants/${body.id}/eligibility`)).status).toBe(404);
    const list = await malagaOfficer.get('/v1/grants');
    expect(list.body.items.every((g: { cityId: string }) => g.cityId === 'malaga')).toBe(true);
    const cso = await horizons.get('/v1/grants');
    expect(
      cso.body.items.every((g: { organisationId: string }) => g.organisationId === 'horizons-sfax'),
    ).toBe(true);
  });

  it('refuses an ineligible fast-track submission and lists every reason', async () => {
    // Prepare: no partnership, above the ceiling
    const cso = await sys.as('newcso@sfax.demo');
    const { body } = await cso.post(
      '/v1/grants',
      fastApplication({
        amountRequested: { amount: 20_000_000, currency: 'TND' },
        budget: [{ label: 'All', amount: { amount: 20_000_000, currency: 'TND' } }],
      }),
    );
    // Act
    const res = await cso.event(`/v1/grants/${body.id}`, { type: 'submit' });
    // Assess
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { rule: string }) => e.rule).sort()).toEqual([
      'active_partnership',
      'within_ceiling',
    ]);
    expect(res.body.errors[0].message).toMatch(/partnership/);
    expect((await cso.get(`/v1/grants/${body.id}`)).body.state).toBe('draft');
  });

  it('blocks the fast track of an organisation with an overdue report, naming the report', async () => {
    const tamkeen = await sys.as('tamkeen@sfax.demo');
    const { body } = await tamkeen.post('/v1/grants', fastApplication());
    const res = await tamkeen.event(`/v1/grants/${body.id}`, { type: 'submit' });
    expect(res.status).toBe(422);
    const overdue = res.body.errors.find((e: { rule: string }) => e.rule === 'no_overdue_reports');
    expect(overdue.message).toContain('CV and interview workshops');
  });

  it('refuses a decision without a declaration of no conflict (422)', async () => {
    const id = await recommendedGrant(sys);
    const mayor = await sys.as('mayor@sfax.demo');
    const res = await mayor.event(`/v1/grants/${id}`, { type: 'approve' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ rule: 'conflict_declaration' })]);
  });

  it('does not let the person who recommended decide, even with the mayor role (403)', async () => {
    // Prepare: someone who holds both roles recommends
    const both = await sys.asUser({
      id: 'u-both',
      email: 'both@sfax.demo',
      name: 'Two Hats',
      cityId: 'sfax',
      roles: ['city_officer', 'mayor_office'],
      language: 'en',
    });
    const cso = await sys.as('cso@sfax.demo');
    const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard' }));
    await cso.event(`/v1/grants/${body.id}`, { type: 'submit' });
    await both.event(`/v1/grants/${body.id}`, { type: 'start_review' });
    await both.event(`/v1/grants/${body.id}`, { type: 'declare_no_conflict' });
    await both.event(`/v1/grants/${body.id}`, {
      type: 'recommend',
      recommendation: 'approve',
      comment: 'Fine.',
    });
    // Act
    const res = await both.event(`/v1/grants/${body.id}`, { type: 'approve' });
    // Assess
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/recommended/);
    expect((await both.get(`/v1/grants/${body.id}`)).body.allowedEvents).not.toContain('approve');
  });

  it('does not let a member of the applying organisation review it (403)', async () => {
    const insider = await sys.asUser({
      id: 'u-insider',
      email: 'insider@sfax.demo',
      name: 'Insider',
      cityId: 'sfax',
      organisationId: 'amal-sfax',
      roles: ['city_officer'],
      language: 'en',
    });
    const cso = await sys.as('cso@sfax.demo');
    const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard' }));
    await cso.event(`/v1/grants/${body.id}`, { type: 'submit' });
    const res = await insider.event(`/v1/grants/${body.id}`, { type: 'start_review' });
    expect(res.status).toBe(403);
  });

  it('refuses an event not allowed in the current state (409) and a stale If-Match (412)', async () => {
    const cso = await sys.as('cso@sfax.demo');
    const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard' }));
    expect((await cso.event(`/v1/grants/${body.id}`, { type: 'accept_award' })).status).toBe(409);
    const stale = await cso.event(`/v1/grants/${body.id}`, { type: 'submit' }, { 'If-Match': '"7"' });
    expect(stale.status).toBe(412);
    const fresh = await cso.event(`/v1/grants/${body.id}`, { type: 'submit' }, { 'If-Match': '"1"' });
    expect(fresh.status).toBe(200);
  });

  it('lets a funder query a report only of a grant it funds', async () => {
    const funder = await sys.as('funder@sfax.demo');
    const mine = await funder.get('/v1/milestones');
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((m: { funderIds: string[] }) => m.funderIds.includes('fondation-sud'))).toBe(
      true,
    );
    const officer = await sys.as('officer@sfax.demo');
    const all = await officer.get('/v1/milestones?limit=100');
    const notFunded = all.body.items.find(
      (m: { funderIds?: string[] }) => !(m.funderIds ?? []).includes('fondation-sud'),
    );
    expect((await funder.get(`/v1/milestones/${notFunded.id}`)).status).toBe(404);
    expect((await funder.event(`/v1/milestones/${notFunded.id}`, { type: 'accept' })).status).toBe(404);
  });
});

describe('the error contract', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys.close();
  });

  it('rejects unknown fields, malformed JSON, bad cursors and oversize bodies with problem+json', async () => {
    const cso = await sys.as('cso@sfax.demo');
    const unknown = await cso.post('/v1/grants', { ...fastApplication(), colour: 'blue' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toContain('colour');
    const missing = await cso.post('/v1/grants', { track: 'fast' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['title', 'amountRequested']),
    );
    const malformed = await cso.post('/v1/grants', '{"track": "fast",');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const cursor = await cso.get('/v1/grants?cursor=not-a-cursor');
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].path).toBe('cursor');
    const forged = Buffer.from(
      JSON.stringify({ GSI1PK: 'ORG#horizons-sfax', GSI1SK: 'GRANT#', PK: 'x', SK: 'R' }),
    ).toString('base64url');
    expect((await cso.get(`/v1/grants?cursor=${forged}`)).status).toBe(400);
    const big = await cso.post('/v1/grants', { ...fastApplication(), summary: 'x'.repeat(300 * 1024) });
    expect(big.status).toBe(413);
    const badMoney = await cso.post(
      '/v1/grants',
      fastApplication({ amountRequested: { amount: 12.5, currency: 'TND' } }),
    );
    expect(badMoney.status).toBe(400);
    const mismatch = await cso.post(
      '/v1/grants',
      fastApplication({ amountRequested: { amount: 1, currency: 'TND' } }),
    );
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors[0].rule).toBe('budget_total');
  });

  it('answers 401 without a valid token, and 404 for unknown paths and records', async () => {
    const res = await fetch(`${sys.url}/v1/grants`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const tampered = await fetch(`${sys.url}/v1/me`, { headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(tampered.status).toBe(401);
    const cso = await sys.as('cso@sfax.demo');
    expect((await cso.get('/v1/grants/g_doesnotexist')).status).toBe(404);
    expect((await cso.get('/v1/nothing-here')).status).toBe(404);
  });

  it('pages lists with an opaque cursor and filters by state', async () => {
    const officer = await sys.as('officer@sfax.demo');
    const first = await officer.get('/v1/grants?limit=3');
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await officer.get(`/v1/grants?limit=3&cursor=${first.body.nextCursor}`);
    const ids = new Set([...first.body.items, ...second.body.items].map((g: { id: string }) => g.id));
    expect(ids.size).toBe(first.body.items.length + second.body.items.length);
    const recommended = await officer.get('/v1/grants?state=recommended');
    expect(recommended.body.items.length).toBeGreaterThan(0);
    expect(recommended.body.items.every((g: { state: string }) => g.state === 'recommended')).toBe(true);
  });

  it('serves the health check, OpenAPI 3.1 with every v1 route, and human docs', async () => {
    expect(await (await fetch(`${sys.url}/health`)).json()).toEqual({ status: 'ok' });
    const doc = (await (await fetch(`${sys.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/v1/grants',
      '/v1/grants/{id}',
      '/v1/grants/{id}/events',
      '/v1/grants/{id}/eligibility',
      '/v1/partnerships/{id}/events',
      '/v1/milestones/{id}/events',
      '/v1/queue',
      '/v1/me',
      '/v1/audit/{entityType}/{id}',
      '/v1/organisations/{id}',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const docs = await fetch(`${sys.url}/docs`);
    expect(docs.headers.get('content-type')).toContain('text/html');
    expect(await docs.text()).toContain('POST /v1/grants/{id}/events');
  });
});

describe('concurrency and idempotency', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys.close();
  });

  it('applies exactly one of two conflicting decisions sent at once', async () => {
    // Prepare
    const id = await recommendedGrant(sys);
    const mayor = await sys.as('mayor@sfax.demo');
    await mayor.event(`/v1/grants/${id}`, { type: 'declare_no_conflict' });
    // Act
    const results = await Promise.all([
      mayor.event(`/v1/grants/${id}`, { type: 'approve' }),
      mayor.event(`/v1/grants/${id}`, { type: 'reject', comment: 'No budget left.' }),
      mayor.event(`/v1/grants/${id}`, { type: 'approve' }),
    ]);
    // Assess
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
    const trail = await mayor.get(`/v1/audit/grant/${id}`);
    const decisions = trail.body.items.filter(
      (e: { event: string }) => e.event === 'approve' || e.event === 'reject',
    );
    expect(decisions).toHaveLength(1);
    const grant = await mayor.get(`/v1/grants/${id}`);
    expect(grant.body.state).toBe(decisions[0].to);
  });

  it('creates once per Idempotency-Key, also when the retries arrive together', async () => {
    const cso = await sys.as('cso@sfax.demo');
    const body = fastApplication({ title: 'Idempotent application' });
    const first = await cso.post('/v1/grants', body, { 'Idempotency-Key': 'key-1' });
    const retry = await cso.post('/v1/grants', body, { 'Idempotency-Key': 'key-1' });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const together = await Promise.all(
      Array.from({ length: 8 }, () => cso.post('/v1/grants', body, { 'Idempotency-Key': 'key-2' })),
    );
    expect(new Set(together.map((r) => r.body.id)).size).toBe(1);
    expect(together.every((r) => r.status === 201)).toBe(true);
    const reused = await cso.post(
      '/v1/grants',
      { ...body, title: 'Something else' },
      { 'Idempotency-Key': 'key-1' },
    );
    expect(reused.status).toBe(422);
    const mine = await cso.get('/v1/grants?limit=100');
    expect(
      mine.body.items.filter((g: { title: string }) => g.title === 'Idempotent application'),
    ).toHaveLength(2);
  });
});

describe('the open fast-track limit under simultaneous submissions', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys.close();
  });

  it('lets no more fast-track grants be open than the city allows, even when all are submitted at once', async () => {
    // Prepare: as many drafts as the organisation has room for, and three more
    const cso = await sys.as('cso@sfax.demo');
    const openFast = async () =>
      (await cso.get('/v1/grants?limit=100')).body.items.filter(
        (g: { track: string; state: string }) =>
          g.track === 'fast' && (OPEN_GRANT as readonly string[]).includes(g.state),
      ).length;
    const city = await sys.deps.cities.get('sfax');
    const room = city.maxOpenFastGrants - (await openFast());
    expect(room).toBeGreaterThan(0);
    const drafts = await Promise.all(
      Array.from({ length: room + 3 }, (_, i) =>
        cso.post('/v1/grants', fastApplication({ title: `Race ${i}` })),
      ),
    );
    // Act
    const results = await Promise.all(
      drafts.map((d) => cso.event(`/v1/grants/${d.body.id}`, { type: 'submit' })),
    );
    // Assess: at most `room` went through; every other one was refused (422) or lost the race (409)
    const accepted = results.filter((r) => r.status === 200);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length).toBeLessThanOrEqual(room);
    expect(results.every((r) => [200, 409, 422].includes(r.status))).toBe(true);
    expect(await openFast()).toBeLessThanOrEqual(city.maxOpenFastGrants);
    // A refused one, sent again once the race is over, is told why.
    const loser = drafts[results.findIndex((r) => r.status !== 200)];
    const again = await cso.event(`/v1/grants/${loser?.body.id}`, { type: 'submit' });
    if (accepted.length === room) {
      expect(again.status).toBe(422);
      expect(JSON.stringify(again.body)).toContain('open_fast_grants');
    }
  });
});
