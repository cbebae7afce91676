import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeGrant,
  tnd,
  WINTER_AWARD,
  WINTER_INDICATORS,
  winterReport,
} from '../../../test/support/grants.ts';
import { type Client, startTestSystem, type TestSystem } from '../../../test/support/harness.ts';

describe('a report funders can use, reviewed by the city and the co-funder that asked to', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let funder: Client;
  let milestoneId: string;
  let grantId: string;

  beforeAll(async () => {
    sys = await startTestSystem();
    cso = await sys.as('cso@sfax.demo');
    officer = await sys.as('officer@sfax.demo');
    funder = await sys.as('funder@sfax.demo');
    const mayor = await sys.as('mayor@sfax.demo');
    grantId = await activeGrant({ cso, officer, mayor }, { indicators: WINTER_INDICATORS }, WINTER_AWARD);
    const milestones = await cso.get(`/v1/grants/${grantId}/milestones`);
    milestoneId = milestones.body.items[0].id;
  }, 240_000);
  afterAll(async () => {
    await sys.close();
  });

  const report = (narrative: string) => ({ type: 'submit_report', report: winterReport(narrative) });

  it('refuses lines that do not add up to the amount spent, writing nothing', async () => {
    // Prepare
    const bad = report('Lines off.');
    bad.report.spentByLine = [{ label: 'Clothes', amount: tnd(100) }];
    const before = await cso.get(`/v1/milestones/${milestoneId}`);
    // Act
    const refused = await cso.event(`/v1/milestones/${milestoneId}`, bad);
    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ path: 'report.spentByLine', rule: 'spent_by_line_total' }),
    ]);
    expect((await cso.get(`/v1/milestones/${milestoneId}`)).body).toMatchObject({
      state: 'scheduled',
      version: before.body.version,
    });
  });

  it('shows the CSO each target beside its result, the budget lines and the underspend', async () => {
    // Prepare
    const before = await cso.get(`/v1/milestones/${milestoneId}`);
    // Act
    const sent = await cso.event(`/v1/milestones/${milestoneId}`, report('We supported 131 families.'));
    // Assess
    expect(before.body).toMatchObject({
      targets: [
        { name: 'families supported', target: 120, categories: ['with children', 'without children'] },
        { name: 'distributions', target: 6 },
      ],
      budget: [
        { label: 'Clothes', amount: tnd(4_000_000) },
        { label: 'Transport', amount: tnd(1_000_000) },
      ],
      awarded: tnd(5_000_000),
      reviewers: ['fondation-sud'],
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ state: 'submitted', underspent: tnd(200_000) });
    expect(sent.body.report.underspend).toBe('returned');
  });

  it('is accepted only once the city and the co-funder have accepted; a query sends it back', async () => {
    // Act: the city accepts, the co-funder queries, the CSO answers, both accept
    const cityFirst = await officer.event(`/v1/milestones/${milestoneId}`, { type: 'accept' });
    const queried = await funder.event(`/v1/milestones/${milestoneId}`, {
      type: 'query',
      comment: 'Which receipts cover the transport?',
    });
    const resent = await cso.event(`/v1/milestones/${milestoneId}`, report('Receipts 12 to 19: transport.'));
    const funderAccepts = await funder.event(`/v1/milestones/${milestoneId}`, { type: 'accept' });
    const cityAccepts = await officer.event(`/v1/milestones/${milestoneId}`, { type: 'accept' });

    // Assess
    expect(cityFirst.body.state).toBe('submitted');
    expect(queried.body).toMatchObject({
      state: 'revision_requested',
      reviewComment: 'Which receipts cover the transport?',
    });
    expect(resent.body.state).toBe('submitted');
    expect(funderAccepts.body.state).toBe('submitted');
    expect(funderAccepts.body.allowedEvents).not.toContain('accept');
    expect(cityAccepts.body.state).toBe('accepted');
    expect(
      cityAccepts.body.reviews.map((r: { side: string; decision: string }) => `${r.side}:${r.decision}`),
    ).toEqual(['funder:accepted', 'city:accepted']);
    const trail = await officer.get(`/v1/audit/milestone/${milestoneId}`);
    expect(trail.body.items.map((e: { event: string; to: string }) => `${e.event}→${e.to}`)).toEqual([
      'schedule→scheduled',
      'submit_report→submitted',
      'accept→submitted',
      'query→revision_requested',
      'submit_report→submitted',
      'accept→submitted',
      'accept→accepted',
    ]);
  });

  it('puts the spending per budget line and the fate of the underspend in the funder’s export', async () => {
    // Act
    const exported = await funder.get('/v1/exports/portfolio.json');
    // Assess
    const grant = exported.body.grants.find((g: { id: string }) => g.id === grantId);
    expect(grant.milestones[0]).toMatchObject({
      spent: tnd(4_800_000),
      spentByLine: [
        { label: 'Clothes', amount: tnd(3_900_000) },
        { label: 'Transport', amount: tnd(900_000) },
      ],
      underspend: 'returned',
    });
    expect(grant.targetGroups).toEqual(['families in transit']);
  });
});
