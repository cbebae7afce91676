/**
 * A grant's tally of its milestones (grant-tally.ts), on the real DynamoDB Local: the register's "reports
 * on time", the `close` guard and the lifting of a hold read it instead of the milestones; a grant event
 * read before a milestone's event and committed after it keeps the milestone's member; and a grant
 * awarded before the tally was kept still gets the right answers (its milestones are read then).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '#domain/calendar';
import type { Grant } from '#domain/grant';
import type { MilestoneState } from '#domain/milestone';
import { isLate } from '#domain/report-tally';
import { runDeadlines } from '#jobs/deadlines';
import { MemoryMailer } from '#jobs/mailer';
import { auditDraft } from '#services/audit-draft';
import { activeGrant, tnd } from '#test/support/grants';
import { type Client, startTestSystem, type TestSystem } from '#test/support/harness';
import { getItem, putItem, callsOf as storeCalls } from '#test/support/raw-table';
import { getGrantWithTally } from './grant-tally.ts';
import { isTallyAttribute, RECORD_SK } from './keys.ts';
import { recordIndexKeys, recordPk } from './records.ts';

/** A standard grant: an interim report due 2027-04-15 and a final one after 2027-07-15. */
const standard = (title: string) => ({
  track: 'standard',
  title,
  amountRequested: tnd(6_000_000),
  budget: [{ label: 'Staff', amount: tnd(6_000_000) }],
  startDate: '2027-01-15',
  endDate: '2027-07-15',
  indicators: [{ name: 'families supported', target: 100 }],
});

const report = {
  type: 'submit_report',
  report: {
    narrative: '40 families supported.',
    indicatorResults: [{ name: 'families supported', value: 40 }],
    spent: tnd(3_000_000),
  },
};

interface Listed {
  id: string;
  kind: string;
  state: MilestoneState;
  dueDate: string;
  late: boolean;
}

describe('a grant’s tally of its milestones', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  /** Reports sent on time. */
  let onTime: string;
  /** Reports left to run late. */
  let behind: string;
  /** A grant awarded before the tally was kept (its tally removed from the table). */
  let older: string;

  const milestonesOf = async (grantId: string): Promise<Listed[]> =>
    (await officer.get(`/v1/grants/${grantId}/milestones`)).body.items;

  /** The grant's entry in the public register, page after page. */
  async function registerEntry(grantId: string, city = 'sfax') {
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const res = await fetch(`${sys.url}/v1/public/cities/${city}/register?limit=100${q}`);
      const body = (await res.json()) as {
        grants: { id: string; reportsOnTime: boolean }[];
        nextCursor: string | null;
      };
      const found = body.grants.find((g) => g.id === grantId);
      if (found) return found;
      cursor = body.nextCursor;
    } while (cursor);
    throw new Error(`${grantId} is not in the register`);
  }

  /** The rule as it was read before the tally: from the grant's milestones, one by one. */
  const oldRule = async (grantId: string, today: string) =>
    !(await milestonesOf(grantId)).some((m) => isLate(m, today));

  /**
   * The DynamoDB calls made while `act` runs, by command; a Query of a grant's milestones (pattern 9)
   * is named as such.
   */
  async function callsOf<T>(act: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
    return storeCalls(sys.deps.store, act, (command, input) =>
      JSON.stringify((input as { ExpressionAttributeValues?: object }).ExpressionAttributeValues)?.includes(
        '#MILESTONES',
      )
        ? 'Query of milestones'
        : command,
    );
  }

  /** Takes the tally off a grant's item, as a grant awarded before it was kept has none. */
  async function forgetTally(grantId: string) {
    const item = await getItem(sys.deps.store, recordPk('grant', grantId), RECORD_SK);
    if (!item) throw new Error(`no grant ${grantId}`);
    await putItem(
      sys.deps.store,
      Object.fromEntries(Object.entries(item).filter(([name]) => !isTallyAttribute(name))),
    );
  }

  beforeAll(async () => {
    sys = await startTestSystem();
    cso = await sys.as('newcso@sfax.demo');
    officer = await sys.as('officer@sfax.demo');
    const cast = { cso, officer, mayor: await sys.as('mayor@sfax.demo') };
    onTime = await activeGrant(cast, standard('Reports on time'));
    behind = await activeGrant(cast, standard('Reports behind'));
    older = await activeGrant(cast, standard('Awarded before the tally'));
    await forgetTally(older);
    // Its interim report sent on time: its member is written, and the tally is still not whole.
    const [interim] = await milestonesOf(older);
    await cso.event(`/v1/milestones/${interim?.id}`, report);
  }, 300_000);
  afterAll(async () => {
    sys.setNow(undefined);
    await sys?.close();
  });

  it('is written whole by the award, one member per milestone scheduled', async () => {
    // Act
    const stored = await getGrantWithTally(sys.deps.store, onTime);
    // Assess
    const listed = await milestonesOf(onTime);
    expect(stored?.tally.whole).toBe(true);
    expect(stored?.tally.members).toEqual(
      Object.fromEntries(
        listed.map((m) => [m.id, { state: 'scheduled', dueDate: m.dueDate, late: false, kind: m.kind }]),
      ),
    );
    // and the grant as the API shows it carries none of it
    const shown = await officer.get(`/v1/grants/${onTime}`);
    expect(Object.keys(shown.body).filter(isTallyAttribute)).toEqual([]);
  });

  it('tells the register whether the reports are on time, as the milestones do', async () => {
    // Prepare: the first grant's reports sent before they are due; the second's not
    for (const m of await milestonesOf(onTime)) await cso.event(`/v1/milestones/${m.id}`, report);
    const [interim] = await milestonesOf(behind);
    if (!interim) throw new Error('no interim report');
    const dayAfter = '2027-04-20T09:00:00.000Z';
    const today = localDate(dayAfter, 'Africa/Tunis');

    // Act: past the interim report's due date, before the daily job marked it
    sys.setNow(dayAfter);
    const scheduledPastDue = await registerEntry(behind);
    const sent = await registerEntry(onTime);
    // Act: the daily job marks it overdue
    await runDeadlines(sys.deps, { now: dayAfter, mailer: new MemoryMailer() });
    const overdue = await registerEntry(behind);

    // Assess
    expect(sent.reportsOnTime).toBe(true);
    expect(scheduledPastDue.reportsOnTime).toBe(false);
    expect(overdue.reportsOnTime).toBe(false);
    expect((await milestonesOf(behind)).find((m) => m.id === interim.id)?.state).toBe('overdue');
    expect(overdue.reportsOnTime).toBe(await oldRule(behind, today));
    expect(sent.reportsOnTime).toBe(await oldRule(onTime, today));
  });

  it('lifts the hold of an overdue report without reading the other reports, and stays late', async () => {
    // Prepare: the overdue report held the grant's unpaid tranches
    const [interim] = await milestonesOf(behind);
    const held = (await officer.get(`/v1/grants/${behind}`)).body.tranches;
    // Act
    const { result: sent, calls } = await callsOf(() => cso.event(`/v1/milestones/${interim?.id}`, report));
    // Assess
    expect(sent.status).toBe(200);
    expect(held.map((t: { state: string }) => t.state)).toContain('held');
    const after = (await officer.get(`/v1/grants/${behind}`)).body.tranches;
    expect(after.map((t: { state: string }) => t.state)).not.toContain('held');
    expect(calls).not.toContain('Query of milestones');
    expect((await registerEntry(behind)).reportsOnTime).toBe(false);
  });

  it('keeps a milestone’s member when a grant event read before it is committed after it', async () => {
    // Prepare: the grant as a grant event read it, then a report accepted meanwhile
    const read = await sys.deps.store.getRecord<Grant>('grant', onTime);
    if (!read) throw new Error('no grant');
    const [interim] = await milestonesOf(onTime);
    const accepted = await officer.event(`/v1/milestones/${interim?.id}`, { type: 'accept' });
    const g = read.record;
    const at = new Date().toISOString();
    const edited: Grant = {
      ...g,
      version: g.version + 1,
      updatedAt: at,
      summary: 'Edited meanwhile.',
      recommendation: undefined,
    };
    // Act: the grant event commits on the version it read (the milestone did not move it)
    await sys.deps.store.commit([
      {
        kind: 'update',
        type: 'grant',
        record: edited,
        previous: g,
        expectedVersion: g.version,
        prevHash: read.auditHash,
        audit: auditDraft({
          entityType: 'grant',
          entityId: g.id,
          event: 'edit',
          from: g.state,
          to: g.state,
          actor: { userId: 'system', roles: [], cityId: g.cityId },
          role: 'system',
          at,
        }),
      },
    ]);
    // Assess: both changes are there, and what the grant event dropped is gone
    expect(accepted.body.state).toBe('accepted');
    const after = await getGrantWithTally(sys.deps.store, onTime);
    expect(after?.record).toMatchObject({ version: g.version + 1, summary: 'Edited meanwhile.' });
    expect(read.record.recommendation).toBeDefined();
    expect(after?.record).not.toHaveProperty('recommendation');
    expect(after?.tally.members[interim?.id ?? '']?.state).toBe('accepted');
    expect(after?.tally.whole).toBe(true);
  });

  it('refuses to close a grant while a report is not accepted, and closes it once all are', async () => {
    // Prepare: the final report sent, not yet accepted; the grant completed
    const final = (await milestonesOf(onTime)).find((m) => m.kind === 'final_report');
    await officer.event(`/v1/grants/${onTime}`, { type: 'complete' });
    // Act
    const refused = await officer.event(`/v1/grants/${onTime}`, { type: 'close' });
    await officer.event(`/v1/milestones/${final?.id}`, { type: 'accept' });
    const { result: closed, calls } = await callsOf(() =>
      officer.event(`/v1/grants/${onTime}`, { type: 'close' }),
    );
    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ rule: 'reports_accepted' })]);
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');
    expect(calls).not.toContain('QueryCommand');
  });

  it('answers for a grant awarded before the tally was kept, from its milestones', async () => {
    // Prepare: its interim report was sent on time (before all), its final one is not due yet
    const [interim] = await milestonesOf(older);
    const kept = await getGrantWithTally(sys.deps.store, older);
    sys.setNow('2027-05-01T09:00:00.000Z');
    // Act
    const beforeDue = await registerEntry(older);
    sys.setNow('2027-09-30T09:00:00.000Z');
    const { result: finalPastDue, calls } = await callsOf(() => registerEntry(older));
    await officer.event(`/v1/grants/${older}`, { type: 'complete' });
    const close = await officer.event(`/v1/grants/${older}`, { type: 'close' });
    // Assess
    expect(kept?.tally.whole).toBe(false);
    expect(Object.keys(kept?.tally.members ?? {})).toEqual([interim?.id]);
    expect(beforeDue.reportsOnTime).toBe(true);
    expect(finalPastDue.reportsOnTime).toBe(false);
    expect(finalPastDue.reportsOnTime).toBe(await oldRule(older, '2027-09-30'));
    expect(calls).toContain('Query of milestones'); // its milestones, read as before the tally
    expect(close.status).toBe(422);
  });

  it('serves a register page of 25 grants without one read per grant', async () => {
    // Prepare: a city with 30 awarded grants, each with its tally
    const sfax = await sys.deps.store.getCity('sfax');
    const template = (await sys.deps.store.getRecord<Grant>('grant', onTime))?.record;
    if (!sfax || !template) throw new Error('no demo city');
    await sys.deps.store.putCity({ ...sfax, id: 'tallytown', name: 'Tallytown' });
    for (let i = 0; i < 30; i++) {
      const g = { ...template, id: `g-tally-${i}`, cityId: 'tallytown', state: 'active' };
      await putItem(sys.deps.store, {
        ...g,
        PK: recordPk('grant', g.id),
        SK: RECORD_SK,
        entity: 'grant',
        auditHash: 'x',
        ...recordIndexKeys('grant', g),
        MS: true,
        [`MS#m-${i}`]: { state: 'overdue', dueDate: '2027-04-15', late: true, kind: 'interim_report' },
      });
    }
    const page = async (limit: number) => {
      const res = await fetch(`${sys.url}/v1/public/cities/tallytown/register?limit=${limit}`);
      return (await res.json()) as { grants: { reportsOnTime: boolean }[] };
    };
    await page(25); // the summary, computed once and kept
    // Act
    const five = await callsOf(() => page(5));
    const full = await callsOf(() => page(25));
    // Assess: the same calls for 5 grants as for 25
    expect(five.result.grants).toHaveLength(5);
    expect(full.result.grants).toHaveLength(25);
    expect(full.result.grants.every((g) => g.reportsOnTime === false)).toBe(true);
    expect(full.calls).toEqual(five.calls);
    expect(full.calls).not.toContain('Query of milestones');
  });
});
