/**
 * A milestone's event reads the milestone and its grant in one call when the milestone's id names the
 * grant (store/milestones.ts), on the real DynamoDB Local: the final report's acceptance releasing the
 * balance, the daily job's hold and the late report lifting it. Milestones scheduled before their ids
 * named the grant get the same answers with two reads, and the id is never trusted for the grant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeadlines } from '#jobs/deadlines';
import { MemoryMailer } from '#jobs/mailer';
import { randomId } from '#services/deps';
import { RECORD_SK } from '#store/keys';
import { parentOfMilestoneId } from '#store/milestones';
import { recordIndexKeys, recordPk } from '#store/records';
import { callsDuring } from '#test/support/calls';
import { activeStandardGrants, milestonesOfGrant, familiesReport as report } from '#test/support/grants';
import { type Client, startTestSystem, type TestSystem } from '#test/support/harness';
import { deleteItem, getItem, putItem } from '#test/support/raw-table';

/** Past the interim reports' due date: the daily job marks them overdue. */
const PAST_DUE = '2027-04-20T09:00:00.000Z';

interface Listed {
  id: string;
  kind: string;
  state: string;
}

describe('a milestone’s event reads its grant in the same call', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  /** Its final report accepted: the balance released. */
  let released: string;
  /** Its interim report held by the daily job, then sent late. */
  let held: string;
  /** Its interim report scheduled before milestone ids named their grant. */
  let older: string;
  /** Its final report's id names `released`, not its own grant. */
  let forged: string;

  const milestonesOf = (grantId: string) => milestonesOfGrant<Listed>(officer, grantId);
  const milestoneOf = async (grantId: string, kind: string): Promise<Listed> => {
    const found = (await milestonesOf(grantId)).find((m) => m.kind === kind);
    if (!found) throw new Error(`no ${kind} in ${grantId}`);
    return found;
  };
  const tranchesOf = async (grantId: string): Promise<string[]> =>
    (await officer.get(`/v1/grants/${grantId}`)).body.tranches.map((t: { state: string }) => t.state);

  /**
   * The reads (GetItem, BatchGetItem, Query) made while `act` runs of the items of these milestones and
   * grants (or of a grant's milestones).
   */
  async function readsOf<T>(
    records: { milestones?: string[]; grants?: string[] },
    act: () => Promise<T>,
  ): Promise<{ result: T; reads: string[] }> {
    const keys = [
      ...(records.milestones ?? []).map((id) => recordPk('milestone', id)),
      ...(records.grants ?? []).map((id) => recordPk('grant', id)),
    ];
    const read = (command: string, input: string) =>
      /Get|Query/.test(command) && keys.some((k) => input.includes(`"${k}`)) ? command : undefined;
    const { result, calls } = await callsDuring(sys.deps.store, read, act);
    return { result, reads: calls };
  }

  /**
   * Moves a milestone to another id, as if it had been scheduled with it: its item, its index keys and
   * its member of its grant's tally (its own `grantId` is left as it was).
   */
  async function renameMilestone(from: string, to: string): Promise<void> {
    const item = await getItem(sys.deps.store, recordPk('milestone', from), RECORD_SK);
    if (!item) throw new Error(`no milestone ${from}`);
    const keyed = {
      ...item,
      id: to,
      cityId: String(item.cityId),
      organisationId: String(item.organisationId),
      state: String(item.state),
      createdAt: String(item.createdAt),
    };
    await putItem(sys.deps.store, {
      ...keyed,
      PK: recordPk('milestone', to),
      ...recordIndexKeys('milestone', keyed),
    });
    await deleteItem(sys.deps.store, recordPk('milestone', from), RECORD_SK);
    const grantPk = recordPk('grant', String(item.grantId));
    const grant = await getItem(sys.deps.store, grantPk, RECORD_SK);
    if (!grant) throw new Error(`no grant ${item.grantId}`);
    const { [`MS#${from}`]: member, ...rest } = grant;
    await putItem(sys.deps.store, { ...rest, [`MS#${to}`]: member });
  }

  beforeAll(async () => {
    sys = await startTestSystem();
    let grants: string[];
    ({ cso, officer, grants } = await activeStandardGrants(sys, [
      'Balance released',
      'Held, then lifted',
      'Scheduled before',
      'Named after another',
    ]));
    [released = '', held = '', older = '', forged = ''] = grants;
    await renameMilestone((await milestoneOf(older, 'interim_report')).id, randomId('m'));
    const final = (await milestoneOf(forged, 'final_report')).id;
    await renameMilestone(final, `mg_${released}_${final.slice(final.lastIndexOf('_') + 1)}`);
  }, 300_000);
  afterAll(async () => {
    sys.setNow(undefined);
    await sys?.close();
  });

  it('names the grant in the ids of the reports its award schedules', async () => {
    // Act
    const reports = await milestonesOf(released);
    // Assess
    expect(reports.map((m) => m.kind).sort()).toEqual(['final_report', 'interim_report']);
    for (const m of reports) expect(parentOfMilestoneId(m.id)).toEqual({ type: 'grant', id: released });
  });

  it('accepts the final report with one read of the report and its grant, releasing the balance', async () => {
    // Prepare
    const final = await milestoneOf(released, 'final_report');
    await cso.event(`/v1/milestones/${final.id}`, report);
    // Act
    const { result: accepted, reads } = await readsOf({ milestones: [final.id], grants: [released] }, () =>
      officer.event(`/v1/milestones/${final.id}`, { type: 'accept' }),
    );
    // Assess
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('accepted');
    expect(reads).toEqual(['BatchGetItem']);
    expect(await tranchesOf(released)).toEqual(['released', 'released']);
    const trail = (await officer.get(`/v1/audit/grant/${released}`)).body.items;
    expect(trail.at(-1)).toMatchObject({ event: 'release_tranche', data: { milestoneId: final.id } });
  });

  it('releases the balance of the grant the report belongs to, not of the grant its id names', async () => {
    // Prepare: the final report of `forged`, whose id names `released`
    const final = await milestoneOf(forged, 'final_report');
    const other = await officer.get(`/v1/grants/${released}`);
    await cso.event(`/v1/milestones/${final.id}`, report);
    // Act
    const { result: accepted, reads } = await readsOf(
      { milestones: [final.id], grants: [forged, released] },
      () => officer.event(`/v1/milestones/${final.id}`, { type: 'accept' }),
    );
    // Assess
    expect(parentOfMilestoneId(final.id)).toEqual({ type: 'grant', id: released });
    expect(accepted.status).toBe(200);
    expect(reads).toEqual(['BatchGetItem', 'GetItem']);
    expect(await tranchesOf(forged)).toEqual(['released', 'released']);
    expect((await officer.get(`/v1/grants/${released}`)).body.version).toBe(other.body.version);
  });

  it('holds the grant from the daily job and lifts the hold on the late report, one read each', async () => {
    // Prepare
    const interim = await milestoneOf(held, 'interim_report');
    const before = await tranchesOf(held);
    sys.setNow(PAST_DUE);
    // Act: the daily job marks the report overdue, then the CSO sends it
    const job = await readsOf({ milestones: [interim.id], grants: [held] }, () =>
      runDeadlines(sys.deps, { now: PAST_DUE, mailer: new MemoryMailer(), cityIds: ['sfax'] }),
    );
    const during = await tranchesOf(held);
    const late = await readsOf({ milestones: [interim.id], grants: [held] }, () =>
      cso.event(`/v1/milestones/${interim.id}`, report),
    );
    // Assess
    expect(before).toEqual(['released', 'scheduled']);
    expect(job.reads).toEqual(['BatchGetItem']);
    expect(during).toEqual(['held', 'held']);
    expect(late.result.status).toBe(200);
    expect(late.result.body).toMatchObject({ state: 'submitted', late: true });
    expect(late.reads).toEqual(['BatchGetItem']);
    expect(await tranchesOf(held)).toEqual(['released', 'scheduled']);
  });

  it('holds and lifts the same for a report scheduled before its id named its grant, reading twice', async () => {
    // Prepare: the daily job of the test above marked it overdue too, and held its grant
    const interim = await milestoneOf(older, 'interim_report');
    const during = await tranchesOf(older);
    // Act
    const late = await readsOf({ milestones: [interim.id], grants: [older] }, () =>
      cso.event(`/v1/milestones/${interim.id}`, report),
    );
    // Assess
    expect(parentOfMilestoneId(interim.id)).toBeUndefined();
    expect(interim.state).toBe('overdue');
    expect(during).toEqual(['held', 'held']);
    expect(late.result.status).toBe(200);
    expect(late.result.body).toMatchObject({ state: 'submitted', late: true });
    expect(late.reads).toEqual(['GetItem', 'GetItem']);
    expect(await tranchesOf(older)).toEqual(['released', 'scheduled']);
  });

  it('answers an id naming a grant with no such report, or a report of another organisation, as today: 404', async () => {
    // Prepare: an id naming a real grant with another grant's report's random part; another CSO
    const real = await milestoneOf(held, 'final_report');
    const invented = `mg_${released}_${real.id.slice(real.id.lastIndexOf('_') + 1)}`;
    const stranger = await sys.as('cso@sfax.demo');
    // Act
    const unknown = await officer.event(`/v1/milestones/${invented}`, { type: 'accept' });
    const plain = await officer.event(`/v1/milestones/${randomId('m')}`, { type: 'accept' });
    const notTheirs = await stranger.event(`/v1/milestones/${real.id}`, report);
    // Assess
    expect(unknown.status).toBe(404);
    expect(plain.status).toBe(404);
    expect(notTheirs.status).toBe(404);
    expect(unknown.body.type).toBe(plain.body.type);
    expect(notTheirs.body.type).toBe(plain.body.type);
    expect((await officer.get(`/v1/milestones/${real.id}`)).body.state).toBe('scheduled');
  });
});
