// biome-ignore-all lint/suspicious/noExplicitAny: API replies are checked field by field
/**
 * The organisation's standing (one item read by fast-track eligibility and submissions) kept by the same
 * transactions as the records that change it: through a grant's life, a report marked overdue by the
 * daily job and then submitted, and two submissions racing for the last open fast-track place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#domain/calendar';
import { runDeadlines } from '#jobs/deadlines';
import { MemoryMailer } from '#jobs/mailer';
import { fastApplication, startTestSystem, type TestSystem } from '../../../test/support/harness.ts';
import { standingFromRecords } from './standing.ts';

const ORG = 'amal-sfax';
/** 08:00 in Tunis on a date of the Sfax calendar. */
const at = (date: string) => `${date}T07:00:00.000Z`;

describe("an organisation's standing", () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  }, 120_000);
  afterAll(async () => {
    await sys.close();
  });

  /** The standing as stored, and as the records show it: the two must agree after every event. */
  const standings = async () => {
    const stored = await sys.deps.store.getStanding(ORG);
    const records = standingFromRecords(await sys.deps.store.organisationRecords(ORG));
    const sorted = (s: typeof records) => ({
      partnerships: s.partnerships,
      openFastGrantIds: [...s.openFastGrantIds].sort(),
      overdueMilestones: [...s.overdueMilestones]
        .map(({ id, title, dueDate }) => ({ id, title, dueDate }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    });
    return { stored, kept: sorted(stored), fromRecords: sorted(records) };
  };
  const rule = (body: any, name: string) => body.rules.find((r: { rule: string }) => r.rule === name);

  it("stays right through a grant's life and a report's, and eligibility reads it", async () => {
    // Prepare: the demo wrote its records without a standing item; a CSO's draft and its eligibility
    const cso = await sys.as('cso@sfax.demo');
    const officer = await sys.as('officer@sfax.demo');
    const draft = (await cso.post('/v1/grants', fastApplication({ title: 'Standing probe' }))).body;
    const grant = (await cso.post('/v1/grants', fastApplication({ title: 'Standing life' }))).body;
    const before = (await cso.get(`/v1/grants/${draft.id}/eligibility`)).body;
    expect(rule(before, 'active_partnership').passed).toBe(true);

    // Act 1: the grant is submitted (the first write of the standing rebuilds it whole)
    expect((await cso.event(`/v1/grants/${grant.id}`, { type: 'submit' })).status).toBe(200);
    // Assess 1: counted as open, in the stored standing as in the records
    let s = await standings();
    expect(s.stored.built).toBe(true);
    expect(s.kept).toEqual(s.fromRecords);
    expect(s.kept.openFastGrantIds).toContain(grant.id);
    const open = (await cso.get(`/v1/grants/${draft.id}/eligibility`)).body;
    expect(rule(open, 'open_fast_grants').message).toContain(`${s.kept.openFastGrantIds.length} open`);

    // Act 2: changes are asked for (still open), then the CSO withdraws it
    await officer.event(`/v1/grants/${grant.id}`, { type: 'start_review' });
    await officer.event(`/v1/grants/${grant.id}`, { type: 'request_changes', comment: 'Budget lines.' });
    expect((await standings()).kept.openFastGrantIds).toContain(grant.id);
    expect((await cso.event(`/v1/grants/${grant.id}`, { type: 'withdraw' })).status).toBe(200);
    // Assess 2: no longer open
    s = await standings();
    expect(s.kept).toEqual(s.fromRecords);
    expect(s.kept.openFastGrantIds).not.toContain(grant.id);

    // Act 3: the daily job marks a report of the organisation overdue
    const grants = (await cso.get('/v1/grants?limit=100')).body.items as any[];
    const clinic = grants.find((g) => g.title === 'Legal clinic for newly arrived families');
    const report = (await cso.get(`/v1/grants/${clinic.id}/milestones`)).body.items[0];
    const late = at(addDays(report.dueDate, 1));
    await runDeadlines(sys.deps, { now: late, mailer: new MemoryMailer(), cityIds: ['sfax'] });
    // Assess 3: the standing names it, and eligibility refuses the fast track for it
    s = await standings();
    expect(s.kept).toEqual(s.fromRecords);
    expect(s.kept.overdueMilestones.map((m) => m.id)).toContain(report.id);
    const blocked = (await cso.get(`/v1/grants/${draft.id}/eligibility`)).body;
    expect(rule(blocked, 'no_overdue_reports')).toMatchObject({ passed: false });
    expect(rule(blocked, 'no_overdue_reports').message).toContain(report.title);

    // Act 4: the report comes in
    sys.setNow(late);
    const submitted = await cso.event(`/v1/milestones/${report.id}`, {
      type: 'submit_report',
      report: {
        narrative: 'The clinic ran every week.',
        indicatorResults: [
          { name: 'people reached', value: 140 },
          { name: 'sessions held', value: 12 },
        ],
        spent: { amount: 11_500_000, currency: 'TND' },
      },
    });
    sys.setNow(undefined);
    // Assess 4: out of the standing, the rule passes again
    expect(submitted.status).toBe(200);
    s = await standings();
    expect(s.kept).toEqual(s.fromRecords);
    expect(s.kept.overdueMilestones.map((m) => m.id)).not.toContain(report.id);
    const after = (await cso.get(`/v1/grants/${draft.id}/eligibility`)).body;
    expect(rule(after, 'no_overdue_reports').passed).toBe(s.kept.overdueMilestones.length === 0);
  }, 240_000);

  it('lets only one of two submissions at once take the last open fast-track place', async () => {
    // Prepare: fill the organisation's open places but one, then two drafts
    const cso = await sys.as('cso@sfax.demo');
    const city = await sys.deps.cities.get('sfax');
    let open = (await standings()).kept.openFastGrantIds.length;
    while (open < city.maxOpenFastGrants - 1) {
      const g = (await cso.post('/v1/grants', fastApplication({ title: `Filler ${open}` }))).body;
      expect((await cso.event(`/v1/grants/${g.id}`, { type: 'submit' })).status).toBe(200);
      open++;
    }
    const [a, b] = await Promise.all(
      ['Race A', 'Race B'].map(
        async (title) => (await cso.post('/v1/grants', fastApplication({ title }))).body,
      ),
    );
    // Act
    const results = await Promise.all([a, b].map((d) => cso.event(`/v1/grants/${d.id}`, { type: 'submit' })));
    // Assess: one went through; the other lost the race (409) or was refused (422), nothing half-written
    expect(results.map((r) => r.status).sort()).toEqual([200, expect.any(Number)]);
    const loser = results.find((r) => r.status !== 200);
    expect([409, 422]).toContain(loser?.status);
    const s = await standings();
    expect(s.kept).toEqual(s.fromRecords);
    expect(s.kept.openFastGrantIds).toHaveLength(city.maxOpenFastGrants);
    const loserId = results[0]?.status === 200 ? b.id : a.id;
    expect((await cso.get(`/v1/grants/${loserId}`)).body.state).toBe('draft');
    // Sent again once the race is over, it is told why.
    const again = await cso.event(`/v1/grants/${loserId}`, { type: 'submit' });
    expect(again.status).toBe(422);
    expect(JSON.stringify(again.body)).toContain('open_fast_grants');
  }, 240_000);
});
