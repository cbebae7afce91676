import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstBrokenLink } from '#store/audit';
import { fastApplication, startTestSystem, type TestSystem } from '../support/harness.ts';

describe('a fast-track grant, from application to accepted report, through every role', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys.close();
  });

  it('runs the whole journey and writes every step to a hash-chained audit trail', async () => {
    // Prepare
    const cso = await sys.as('cso@sfax.demo');
    const officer = await sys.as('officer@sfax.demo');
    const mayor = await sys.as('mayor@sfax.demo');
    const funder = await sys.as('funder@sfax.demo');

    // Act: the CSO applies and sees its eligibility before submitting
    const created = await cso.post('/v1/grants', fastApplication());
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      state: 'draft',
      version: 1,
      track: 'fast',
      organisationId: 'amal-sfax',
      cityId: 'sfax',
    });
    expect(created.body.allowedEvents).toEqual(['submit', 'withdraw', 'edit']);
    const eligibility = await cso.get(`/v1/grants/${id}/eligibility`);
    expect(eligibility.body.eligible).toBe(true);
    expect(eligibility.body.rules.map((r: { rule: string }) => r.rule)).toEqual([
      'active_partnership',
      'within_ceiling',
      'no_overdue_reports',
      'open_fast_grants',
    ]);

    const submitted = await cso.event(`/v1/grants/${id}`, { type: 'submit' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('submitted');
    expect(submitted.body.decisionDueAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(submitted.body.decisionLate).toBe(false);

    // the officer reviews, declares no conflict, recommends
    expect((await officer.get(`/v1/grants/${id}`)).body.allowedEvents).toEqual(['start_review']);
    expect((await officer.event(`/v1/grants/${id}`, { type: 'start_review' })).body.state).toBe('in_review');
    const beforeDeclaring = await officer.get(`/v1/grants/${id}`);
    expect(beforeDeclaring.body.allowedEvents).toEqual([
      'request_changes',
      'declare_no_conflict',
      'recommend',
    ]);
    expect((await officer.event(`/v1/grants/${id}`, { type: 'declare_no_conflict' })).status).toBe(200);
    const recommended = await officer.event(`/v1/grants/${id}`, {
      type: 'recommend',
      recommendation: 'approve',
      comment: 'Urgent and well costed.',
    });
    expect(recommended.body.state).toBe('recommended');

    // the mayor's office sees it in its queue, declares, approves with co-funding
    const queue = await mayor.get('/v1/queue');
    const deadlines = queue.body.items.map((i: { dueDate?: string }) => i.dueDate ?? '9999');
    expect([...deadlines].sort()).toEqual(deadlines);
    expect(queue.body.items.some((i: { record: { id: string } }) => i.record.id === id)).toBe(true);
    await mayor.event(`/v1/grants/${id}`, { type: 'declare_no_conflict' });
    const approved = await mayor.event(`/v1/grants/${id}`, {
      type: 'approve',
      award: {
        amount: { amount: 5_000_000, currency: 'TND' },
        funders: [
          { funderId: 'sfax-city-budget', share: { amount: 3_000_000, currency: 'TND' } },
          { funderId: 'fondation-sud', share: { amount: 2_000_000, currency: 'TND' } },
        ],
      },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');
    expect(approved.body.award.funders).toHaveLength(2);
    expect(approved.body.tranches).toEqual([
      expect.objectContaining({
        amount: { amount: 5_000_000, currency: 'TND' },
        condition: 'award_accepted',
        state: 'scheduled',
      }),
    ]);

    // the CSO accepts: the grant is active and its advance is released
    expect((await cso.get(`/v1/grants/${id}`)).body.allowedEvents).toContain('accept_award');
    const active = await cso.event(`/v1/grants/${id}`, { type: 'accept_award' });
    expect(active.body.state).toBe('active');
    expect(active.body.tranches[0].state).toBe('released');

    // one final report, due 8 weeks after the end date
    const milestones = await cso.get(`/v1/grants/${id}/milestones`);
    expect(milestones.body.items).toHaveLength(1);
    const report = milestones.body.items[0];
    expect(report).toMatchObject({
      kind: 'final_report',
      dueDate: '2027-06-10',
      state: 'scheduled',
      late: false,
      grantId: id,
    });
    expect(report.allowedEvents).toEqual(['submit_report']);
    const sent = await cso.event(`/v1/milestones/${report.id}`, {
      type: 'submit_report',
      report: {
        narrative: 'We supported 131 families.',
        indicatorResults: [{ name: 'families supported', value: 131 }],
        spent: { amount: 4_950_000, currency: 'TND' },
      },
    });
    expect(sent.status).toBe(200);
    expect(sent.body.state).toBe('submitted');

    // the funder sees it among the milestones of what it funds, and accepts it
    const funded = await funder.get('/v1/milestones?state=submitted');
    expect(funded.body.items.map((m: { id: string }) => m.id)).toContain(report.id);
    const funderGrants = await funder.get('/v1/grants');
    expect(funderGrants.body.items.map((g: { id: string }) => g.id)).toContain(id);
    const accepted = await funder.event(`/v1/milestones/${report.id}`, {
      type: 'accept',
      comment: 'Thank you.',
    });
    expect(accepted.body.state).toBe('accepted');

    // Assess: the audit trail has every step in order, and its hash chain holds
    const trail = await cso.get(`/v1/audit/grant/${id}`);
    expect(trail.body.items.map((e: { event: string }) => e.event)).toEqual([
      'create',
      'submit',
      'start_review',
      'declare_no_conflict',
      'recommend',
      'declare_no_conflict',
      'approve',
      'accept_award',
    ]);
    expect(trail.body.items.map((e: { to: string }) => e.to)).toEqual([
      'draft',
      'submitted',
      'in_review',
      'in_review',
      'recommended',
      'recommended',
      'approved',
      'active',
    ]);
    expect(trail.body.items[6]).toMatchObject({
      actorId: 'u-mayor-sfax',
      role: 'mayor_office',
      conflictDeclared: true,
    });
    expect(firstBrokenLink(trail.body.items)).toBeUndefined();
    const mTrail = await officer.get(`/v1/audit/milestone/${report.id}`);
    expect(mTrail.body.items.map((e: { event: string }) => e.event)).toEqual([
      'schedule',
      'submit_report',
      'accept',
    ]);
    expect(mTrail.body.items[2]).toMatchObject({ role: 'funder', actorId: 'u-funder-sfax' });
  });

  it('gives a partnership from application to an active agreement, which opens the fast track', async () => {
    // Prepare: a CSO without a partnership cannot use the fast track
    const cso = await sys.as('newcso@sfax.demo');
    const officer = await sys.as('officer2@sfax.demo');
    const mayor = await sys.as('mayor@sfax.demo');
    const draft = await cso.post('/v1/grants', fastApplication({ title: 'Youth football for all' }));
    const before = await cso.get(`/v1/grants/${draft.body.id}/eligibility`);
    expect(before.body.eligible).toBe(false);
    expect(before.body.rules.find((r: { rule: string }) => r.rule === 'active_partnership').passed).toBe(
      false,
    );

    // Act
    const p = await cso.post('/v1/partnerships', {
      motivation: 'We bring young people of all origins together through sport.',
      focusAreas: ['social_cohesion'],
      actionPlan: [
        {
          activity: 'Mixed football league',
          quarter: '2027-Q1',
          lead: 'joint',
          indicator: 'players',
          target: 80,
        },
      ],
      documents: (
        ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'] as const
      ).map((kind) => ({
        kind,
        reference: `${kind} on file`,
        date: '2026-03-01',
      })),
    });
    expect(p.status).toBe(201);
    const pid = p.body.id;
    expect((await cso.event(`/v1/partnerships/${pid}`, { type: 'submit' })).body.state).toBe('submitted');
    await officer.event(`/v1/partnerships/${pid}`, { type: 'start_review' });
    // Both the officer and the mayor's office declare no conflict of interest before acting
    expect((await mayor.event(`/v1/partnerships/${pid}`, { type: 'declare_no_conflict' })).status).toBe(200);
    const early = await mayor.event(`/v1/partnerships/${pid}`, { type: 'approve' });
    expect(early.status).toBe(422);
    expect(early.body.errors.map((e: { rule: string }) => e.rule)).toEqual(['due_diligence']);
    expect((await officer.event(`/v1/partnerships/${pid}`, { type: 'declare_no_conflict' })).status).toBe(
      200,
    );
    const checked = await officer.event(`/v1/partnerships/${pid}`, {
      type: 'record_due_diligence',
      checks: (['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'] as const).map(
        (item) => ({ item, ok: true }),
      ),
    });
    expect(checked.status).toBe(200);
    const approved = await mayor.event(`/v1/partnerships/${pid}`, { type: 'approve' });
    expect(approved.body.state).toBe('approved');
    await cso.event(`/v1/partnerships/${pid}`, { type: 'sign', name: 'Sami Haddad' });
    const signed = await mayor.event(`/v1/partnerships/${pid}`, { type: 'sign', name: 'Mayor Office' });

    // Assess: in force once both have signed, a three-year term with three annual reviews, and the fast
    // track is open
    expect(signed.body.state).toBe('active');
    expect(approved.body.term.start < approved.body.term.end).toBe(true);
    const reviews = await cso.get('/v1/milestones');
    expect(
      reviews.body.items.filter(
        (m: { kind: string; partnershipId?: string }) =>
          m.kind === 'annual_review' && m.partnershipId === pid,
      ),
    ).toHaveLength(3);
    const after = await cso.get(`/v1/grants/${draft.body.id}/eligibility`);
    expect(after.body.eligible).toBe(true);
  });
});
