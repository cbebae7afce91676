/**
 * The rules users tripped on, end to end on DynamoDB Local: the decision clock stops while an application
 * is with the CSO (and keeps its first deadline), and a partnership whose due diligence failed stays
 * with the officer instead of reaching the mayor's office.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '#test/support/harness';

const ITEMS = ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'] as const;

describe('whose turn it is', () => {
  let sys: TestSystem;
  let cso: Client;
  let newcso: Client;
  let officer: Client;
  let mayor: Client;
  // Seeding the demo takes long on a busy machine.
  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, newcso, officer, mayor] = await Promise.all([
      sys.as('cso@sfax.demo'),
      sys.as('newcso@sfax.demo'),
      sys.as('officer@sfax.demo'),
      sys.as('mayor@sfax.demo'),
    ]);
  }, 300_000);
  afterAll(async () => {
    sys?.setNow(undefined);
    await sys?.close();
  });

  it('the decision clock does not count the days an application spends with the CSO', async () => {
    // Prepare: a standard application submitted on Monday 7 Dec 2026, sent back on Tuesday 8 Dec
    const { body } = await cso.post(
      '/v1/grants',
      fastApplication({ track: 'standard', title: 'Clock: sent back' }),
    );
    const path = `/v1/grants/${body.id}`;
    sys.setNow('2026-12-07T09:00:00Z');
    const first = await cso.event(path, { type: 'submit' });
    sys.setNow('2026-12-08T09:00:00Z');
    await officer.event(path, { type: 'start_review' });
    await officer.event(path, { type: 'request_changes', comment: 'Add the rent to the budget.' });
    // Act: back on Thursday 10 Dec (two working days with the CSO)
    sys.setNow('2026-12-10T09:00:00Z');
    const back = await cso.event(path, { type: 'submit' });
    sys.setNow(undefined);
    const trail = (await officer.get(`/v1/audit/grant/${body.id}`)).body.items as {
      event: string;
      data?: Record<string, string>;
    }[];
    // Assess: the deadline moved by those two working days, the first one is kept, both are in the trail
    const due = first.body.decisionDueAt as string;
    expect(back.status).toBe(200);
    expect(back.body.firstDecisionDueAt).toBe(due);
    expect(back.body.decisionDueAt > due).toBe(true);
    const submits = trail.filter((e) => e.event === 'submit').map((e) => e.data);
    expect(submits).toEqual([
      { decisionDueAt: due, firstDecisionDueAt: due },
      { decisionDueAt: back.body.decisionDueAt, firstDecisionDueAt: due, previousDecisionDueAt: due },
    ]);
    expect(back.body.lastRequest).toMatchObject({ comment: 'Add the rent to the budget.' });
  });

  it('a partnership with a failed due-diligence item stays with the officer, never offered to the mayor', async () => {
    // Prepare: Jisr's application in review, its board list found wanting
    const p = await newcso.post('/v1/partnerships', {
      motivation: 'We bring young people of all origins together through sport.',
      focusAreas: ['employment'],
      actionPlan: [
        {
          activity: 'Mixed football league',
          quarter: '2027-Q2',
          lead: 'joint',
          indicator: 'players',
          target: 80,
        },
      ],
      documents: ITEMS.map((kind) => ({ kind, reference: `${kind} on file`, date: '2026-03-01' })),
    });
    expect(p.status).toBe(201);
    const path = `/v1/partnerships/${p.body.id}`;
    for (const [who, event] of [
      [newcso, { type: 'submit' }],
      [officer, { type: 'start_review' }],
      [officer, { type: 'declare_no_conflict' }],
      [
        officer,
        {
          type: 'record_due_diligence',
          checks: ITEMS.map((item) => ({ item, ok: item !== 'board_list', note: 'Unsigned' })),
        },
      ],
    ] as const) {
      expect((await who.event(path, event)).status).toBe(200);
    }
    // Act
    const seen = await mayor.get(path);
    const approve = await mayor.event(path, { type: 'approve' });
    const mayorQueue = (await mayor.get('/v1/queue?limit=100')).body.items as { record: { id: string } }[];
    const officerQueue = (await officer.get('/v1/queue?limit=100')).body.items as {
      reason: string;
      record: { id: string };
    }[];
    const officerSees = await officer.get(path);
    // Assess: nothing for the mayor's office to do; the officer asks for changes or records again
    expect(seen.body.allowedEvents).toEqual([]);
    expect(approve.status).toBe(409);
    expect(mayorQueue.some((i) => i.record.id === p.body.id)).toBe(false);
    expect(officerQueue.find((i) => i.record.id === p.body.id)?.reason).toBe('due_diligence');
    expect(officerSees.body.allowedEvents).toEqual(
      expect.arrayContaining(['request_changes', 'record_due_diligence']),
    );
    // once every item passes, it reaches the mayor's office
    const passed = await officer.event(path, {
      type: 'record_due_diligence',
      checks: ITEMS.map((item) => ({ item, ok: true })),
    });
    expect(passed.status).toBe(200);
    const later = (await mayor.get('/v1/queue?limit=100')).body.items as { record: { id: string } }[];
    expect(later.some((i) => i.record.id === p.body.id)).toBe(true);
    expect((await mayor.get(path)).body.allowedEvents).toContain('declare_no_conflict');
  });
});
