import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDeadlines } from '#jobs/deadlines';
import { MemoryMailer } from '#jobs/mailer';
import { fastApplication, startTestSystem, type TestSystem } from '../../../test/support/harness.ts';
import { demoWanted } from './demo-data.ts';
import { startSystem } from './system.ts';

describe('DEMO_DATA', () => {
  it('is on unless set to off, and refuses a value it does not know', () => {
    expect(demoWanted(undefined)).toBe(true);
    expect(demoWanted('on')).toBe(true);
    expect(demoWanted('off')).toBe(false);
    expect(demoWanted('OFF')).toBe(false);
    expect(() => demoWanted('maybe')).toThrow(/DEMO_DATA is "maybe"/);
  });

  it('off: the system starts on an empty store and loads no demo', async () => {
    // Act
    const system = await startSystem({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `demo-off-${process.pid}-${Date.now()}`,
      seed: demoWanted('off'),
    });
    try {
      // Assess: it answers, and there is no city and no demo user
      expect((await fetch(`${system.url}/health`)).status).toBe(200);
      expect(await system.deps.store.listCities()).toEqual([]);
      expect(await system.deps.store.findUserByEmail('cso@sfax.demo')).toBeUndefined();
    } finally {
      await system.close();
    }
  });
});

/** A fast-track application starting next month, whatever the day the test runs. */
const soon = () => {
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  return fastApplication({ startDate: day(30), endDate: day(120) });
};

describe('the demo, on the day npm start loads it (SPEC.md "Demo data v2 keeps true")', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    // Prepare: the demo loaded today, and the daily job run once, as `npm start` does
    sys = await startTestSystem(true);
    await runDeadlines(sys.deps, {
      now: sys.deps.clock().toISOString(),
      mailer: new MemoryMailer(),
      baseUrl: sys.url,
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await sys.close();
  });

  it('cso@sfax.demo may use the fast track today and has a grant report it can submit', async () => {
    // Act: it drafts a fast-track application and asks whether it is eligible
    const cso = await sys.as('cso@sfax.demo');
    const draft = await cso.post('/v1/grants', soon());
    const eligibility = await cso.get(`/v1/grants/${draft.body.id}/eligibility`);
    const reports = await cso.get('/v1/milestones');

    // Assess: every rule passes (active partnership, nothing overdue, under the open-grant limit)
    expect(draft.status).toBe(201);
    expect(eligibility.body.rules).toEqual(
      ['active_partnership', 'within_ceiling', 'no_overdue_reports', 'open_fast_grants'].map((rule) =>
        expect.objectContaining({ rule, passed: true }),
      ),
    );
    expect(eligibility.body.eligible).toBe(true);
    expect(reports.body.items.filter((m: { state: string }) => m.state === 'overdue')).toEqual([]);
    expect(
      reports.body.items.some(
        (m: { parentType: string; allowedEvents: string[] }) =>
          m.parentType === 'grant' && m.allowedEvents.includes('submit_report'),
      ),
    ).toBe(true);
  });

  it('tamkeen@sfax.demo has an overdue report, which keeps it off the fast track', async () => {
    // Act
    const tamkeen = await sys.as('tamkeen@sfax.demo');
    const overdue = await tamkeen.get('/v1/milestones?state=overdue');
    const draft = await tamkeen.post('/v1/grants', soon());
    const eligibility = await tamkeen.get(`/v1/grants/${draft.body.id}/eligibility`);

    // Assess
    expect(overdue.body.items.length).toBeGreaterThan(0);
    expect(eligibility.body.rules).toContainEqual(
      expect.objectContaining({ rule: 'no_overdue_reports', passed: false }),
    );
  });

  it('newcso@sfax.demo has no partnership and no application', async () => {
    // Act
    const newcso = await sys.as('newcso@sfax.demo');
    const partnerships = await newcso.get('/v1/partnerships');
    const grants = await newcso.get('/v1/grants');

    // Assess
    expect(partnerships.body.items).toEqual([]);
    expect(grants.body.items).toEqual([]);
  });

  it('horizons@sfax.demo and nour@sfax.demo belong to two other Sfax CSOs', async () => {
    // Act
    const orgOf = async (email: string) => (await (await sys.as(email)).get('/v1/me')).body;
    const [cso, horizons, nour] = await Promise.all(
      ['cso@sfax.demo', 'horizons@sfax.demo', 'nour@sfax.demo'].map(orgOf),
    );

    // Assess
    for (const me of [cso, horizons, nour]) expect(me).toMatchObject({ cityId: 'sfax', roles: ['cso'] });
    expect(new Set([cso.organisationId, horizons.organisationId, nour.organisationId]).size).toBe(3);
  });

  it('funder@sfax.demo co-funds at least one awarded Sfax grant', async () => {
    // Act
    const funder = await sys.as('funder@sfax.demo');
    const me = (await funder.get('/v1/me')).body;
    const grants = await funder.get('/v1/grants');

    // Assess: an award shared between this funder and at least one other
    const cofunded = grants.body.items.filter(
      (g: { cityId: string; award?: { funders: { funderId: string }[] } }) =>
        g.cityId === 'sfax' &&
        (g.award?.funders.length ?? 0) > 1 &&
        g.award?.funders.some((f) => f.funderId === me.organisationId),
    );
    expect(cofunded.length).toBeGreaterThan(0);
  });
});
