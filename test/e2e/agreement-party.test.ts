/**
 * Approving a partnership reads the partnership, the organisation as its agreement names it (kept with the
 * application) and the city's template in one call, and checks the organisation's name and number in the
 * approval's own transaction. What the organisation is called when the mayor approves is what the
 * agreement says, renamed or not, and the agreement is the one the template and the data give.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Partnership } from '#domain/partnership';
import { getAgreementContent } from '#store/agreements';
import { agreementHash, drawUpAgreement } from '../../functions/src/papers/agreement.ts';
import { DEFAULT_AGREEMENT_TEMPLATE } from '../../functions/src/papers/template.ts';
import { callsDuring } from '../support/calls.ts';
import { play } from '../support/grants.ts';
import { type Client, startTestSystem, type TestSystem } from '../support/harness.ts';
import { deleteItem, getItem } from '../support/raw-table.ts';

const checks = (
  ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'] as const
).map((item) => ({ item, ok: true }));

describe("a partnership's agreement names the organisation as it is at approval", () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let mayor: Client;
  let orgId: string;
  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, officer, mayor] = await Promise.all([
      sys.as('newcso@sfax.demo'),
      sys.as('officer2@sfax.demo'),
      sys.as('mayor@sfax.demo'),
    ]);
    orgId = (await cso.get('/v1/me')).body.organisationId;
  });
  afterAll(async () => {
    await sys?.close();
  });

  /** An application of newcso's organisation, taken up to the mayor's decision; `between` runs after submitting. */
  async function awaitingDecision(between?: () => Promise<void>): Promise<string> {
    const p = await cso.post('/v1/partnerships', {
      motivation: 'We bring young people of all origins together through sport.',
      focusAreas: ['employment'],
      actionPlan: [
        {
          activity: 'A football league',
          quarter: '2027-Q2',
          lead: 'joint',
          indicator: 'players',
          target: 80,
        },
      ],
      documents: checks.map(({ item }) => ({ kind: item, reference: `${item} on file`, date: '2026-03-01' })),
    });
    expect(p.status).toBe(201);
    const path = `/v1/partnerships/${p.body.id}`;
    expect((await cso.event(path, { type: 'submit' })).status).toBe(200);
    await between?.();
    await play(path, [
      [officer, { type: 'start_review' }],
      [officer, { type: 'declare_no_conflict' }],
      [officer, { type: 'record_due_diligence', checks }],
      [mayor, { type: 'declare_no_conflict' }],
    ]);
    return p.body.id;
  }

  /**
   * The mayor's decision on a partnership, with the DynamoDB calls it made, by command; but for the reads
   * of who hears of it (a roster and its members, read once and then kept by the process), which are not
   * the decision's own.
   */
  const decided = (id: string, event: Record<string, unknown>) =>
    callsDuring(
      sys.deps.store,
      (command, input) =>
        /"SK":"ROSTER"|"PK":"USER#/.test(input) && command !== 'TransactWriteItems' ? undefined : command,
      () => mayor.event(`/v1/partnerships/${id}`, event),
    );

  /** Ends an approved partnership, so that the organisation may apply again in the next test. */
  async function ended(id: string) {
    const res = await mayor.event(`/v1/partnerships/${id}`, { type: 'terminate', comment: 'Test over.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  it('approves with one read of the partnership, its party and the template, and draws up the same agreement as from the organisation', async () => {
    // Prepare
    const id = await awaitingDecision();
    const before = await sys.deps.store.getRecord<Partnership>('partnership', id);
    const org = await sys.deps.store.getOrganisation(orgId);
    // Act
    const { result: approved, calls } = await decided(id, { type: 'approve' });
    // Assess: one BatchGetItem and no GetItem before the one transaction
    expect(approved.status).toBe(200);
    expect(calls.filter((c) => c === 'BatchGetItem')).toHaveLength(1);
    expect(calls.filter((c) => c === 'GetItem')).toHaveLength(0);
    expect(calls.filter((c) => c === 'TransactWriteItems')).toHaveLength(1);
    // The agreement is the one the default template gives for the record and the organisation as stored
    const trail = (await mayor.get(`/v1/audit/partnership/${id}`)).body.items;
    const { term, today } = trail.at(-1).data;
    const city = await sys.deps.cities.get('sfax');
    const expected = drawUpAgreement({
      template: DEFAULT_AGREEMENT_TEMPLATE,
      partnership: before?.record as Partnership,
      organisation: { id: orgId, name: org?.name ?? '', registrationNumber: org?.registrationNumber },
      city,
      term,
      date: today,
    });
    expect(approved.body.agreement.hash).toBe(agreementHash(expected));
    expect(await getAgreementContent(sys.deps.store, id, approved.body.agreement.hash)).toEqual(expected);
    await ended(id);
  });

  it('names an organisation renamed after it applied by its new name and number', async () => {
    // Prepare: the officer corrects the name and the number after the submission
    const renamed = { name: 'Jisr Sport (renamed)', registrationNumber: 'SFX-RENAMED-42' };
    const old = (await cso.get(`/v1/organisations/${orgId}`)).body;
    const id = await awaitingDecision(async () => {
      const res = await officer.patch(`/v1/organisations/${orgId}`, renamed);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });
    // Act
    const { result: approved, calls } = await decided(id, { type: 'approve' });
    // Assess: the check of the name failed the first transaction; the organisation was read, the second went through
    expect(approved.status).toBe(200);
    expect(calls.filter((c) => c === 'GetItem')).toHaveLength(1);
    expect(calls.filter((c) => c === 'TransactWriteItems')).toHaveLength(2);
    // The agreement names it as it is now, in every language
    for (const lang of ['en', 'fr', 'ar']) {
      const page = await cso.get(`/v1/partnerships/${id}/agreement?lang=${lang}`);
      expect(page.status).toBe(200);
      const text = String(page.body);
      expect(text).toContain(renamed.name);
      expect(text).toContain(renamed.registrationNumber);
      if (old.registrationNumber) expect(text).not.toContain(old.registrationNumber);
    }
    await ended(id);
  });

  it('approves a partnership created before its party was kept: reads the organisation once and keeps the party', async () => {
    // Prepare: an application whose party item is gone, as one created before it was written
    const id = await awaitingDecision();
    await deleteItem(sys.deps.store, `AGREEMENT#${id}`, 'PARTY');
    const org = await sys.deps.store.getOrganisation(orgId);
    // Act
    const { result: approved, calls } = await decided(id, { type: 'approve' });
    // Assess: one more read (the organisation), one transaction, and the party written back
    expect(approved.status).toBe(200);
    expect(calls.filter((c) => c === 'GetItem')).toHaveLength(1);
    expect(calls.filter((c) => c === 'TransactWriteItems')).toHaveLength(1);
    const page = String((await cso.get(`/v1/partnerships/${id}/agreement?lang=en`)).body);
    expect(page).toContain(org?.name);
    expect(await getItem(sys.deps.store, `AGREEMENT#${id}`, 'PARTY')).toMatchObject({
      organisationId: orgId,
      name: org?.name,
    });
    await ended(id);
  });

  it('renews an active partnership with the same one read, its new agreement naming the organisation', async () => {
    // Prepare: the demo's partnership in force (amal-sfax's)
    const active = (await mayor.get('/v1/partnerships?state=active')).body.items[0];
    expect(active).toBeDefined();
    const org = await sys.deps.store.getOrganisation(active.organisationId);
    // Act
    const { result: renewed, calls } = await decided(active.id, {
      type: 'renew',
      comment: 'Another three years.',
    });
    // Assess
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.agreement.hash).not.toBe(active.agreement?.hash);
    expect(calls.filter((c) => c === 'GetItem')).toHaveLength(0);
    expect(calls.filter((c) => c === 'BatchGetItem')).toHaveLength(1);
    expect(calls.filter((c) => c === 'TransactWriteItems')).toHaveLength(1);
    const page = String((await mayor.get(`/v1/partnerships/${active.id}/agreement?lang=fr`)).body);
    expect(page).toContain(org?.name);
  });

  it("refuses another city's staff as before (404), and nothing is written", async () => {
    // Prepare
    const id = await awaitingDecision();
    const malaga = await sys.as('officer@malaga.demo');
    // Act
    const res = await malaga.event(`/v1/partnerships/${id}`, { type: 'approve' });
    // Assess
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await mayor.get(`/v1/partnerships/${id}`)).body.state).not.toBe('approved');
  });
});
