/**
 * A record read after a quiet minute reads its city's settings in the same call, on the real DynamoDB
 * Local: a process that no longer keeps the settings (CityCache, a minute) fetches them with the record
 * an event or a GET reads (one BatchGetItem), keeps them, and answers as it would with two reads; one that
 * keeps them reads only the record (one GetItem). A milestone's event reads the milestone, its grant and
 * the city at once, a partnership's approval its party, the template and the city; a record of another city is refused as before, in the same one call. An admin's
 * change of the settings is seen by the next event of the same process.
 * The services are called with their own deps (their own CityCache and clock) on the test system's table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '#domain/errors';
import type { GrantEvent } from '#domain/grant';
import type { MilestoneEvent } from '#domain/milestone';
import type { Actor } from '#domain/types';
import { cityPk } from '#store/cities';
import { recordPk } from '#store/records';
import { standingKey } from '#store/standing';
import { callsDuring } from '#test/support/calls';
import { activeStandardGrants, familiesReport, milestonesOfGrant, play } from '#test/support/grants';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '#test/support/harness';
import { CityCache, type Deps } from './deps.ts';
import { getGrant, grantEvent } from './grants.ts';
import { milestoneEvent } from './milestones.ts';
import { partnershipEvent } from './partnerships.ts';

/** How long a process keeps a city's settings (CityCache's bound). */
const KEPT_MS = 60_000;
const SFAX = cityPk('sfax');
/** The reads of an event's audience: a roster, its members. */
const AUDIENCE = /"SK":"ROSTER"|"PK":"USER#/;
const grantPk = (id: string) => recordPk('grant', id);

describe('a record and its city’s settings, read in one call after a quiet minute', () => {
  let sys: TestSystem;
  let cso: Client;
  let admin: Client;
  /** The services with a CityCache of their own, on a clock the tests move. */
  let deps: Deps;
  let now = Date.parse('2027-01-10T09:00:00.000Z');
  let csoActor: Actor;
  let officerActor: Actor;
  /** The demo association's grant under review, sent its events below. */
  let grant: string;

  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, admin] = await Promise.all([sys.as('cso@sfax.demo'), sys.as('admin@sfax.demo')]);
    deps = { ...sys.deps, cities: new CityCache(sys.deps.store, KEPT_MS, () => now) };
    [csoActor, officerActor] = await Promise.all([actorOf('cso@sfax.demo'), actorOf('officer@sfax.demo')]);
    const draft = await cso.post('/v1/grants', fastApplication({ track: 'standard', title: 'Quiet city' }));
    grant = draft.body.id;
  }, 300_000);
  afterAll(async () => {
    await sys?.close();
  });

  const actorOf = async (email: string): Promise<Actor> => {
    const u = await sys.deps.store.findUserByEmail(email);
    if (!u) throw new Error(`no demo user ${email}`);
    return { userId: u.id, cityId: u.cityId, roles: u.roles, organisationId: u.organisationId };
  };

  /**
   * Each DynamoDB call `act` makes, by its command (a BatchGetItem with the partition keys it reads); but
   * for the reads of who hears of an event (a roster and its members, kept by their own cache), which
   * are not the record's.
   */
  async function callsOf<T>(act: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
    return callsDuring(
      sys.deps.store,
      (command, input) => {
        if (command !== 'TransactWriteItems' && AUDIENCE.test(input)) return undefined;
        if (command !== 'BatchGetItem') return command;
        const asked: { RequestItems: Record<string, { Keys: { PK: string }[] }> } = JSON.parse(input);
        const keys = Object.values(asked.RequestItems).flatMap((r) => r.Keys.map((k) => k.PK));
        return `BatchGetItem ${keys.join(' + ')}`;
      },
      act,
    );
  }
  const event = (actor: Actor, e: GrantEvent) => callsOf(() => grantEvent(deps, actor, grant, e));
  const quietMinute = () => {
    now += KEPT_MS + 1;
  };

  it('reads the grant and the city in one call for an event after a quiet minute, and answers right', async () => {
    // Prepare: the grant submitted (its settings then kept), then a minute without a request
    const submitted = await event(csoActor, { type: 'submit' });
    quietMinute();
    // Act
    const { result, calls } = await event(officerActor, { type: 'start_review' });
    // Assess
    expect(submitted.result.body.state).toBe('submitted');
    expect(calls).toEqual([`BatchGetItem ${grantPk(grant)} + ${SFAX}`, 'TransactWriteItems']);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      state: 'in_review',
      decisionDueAt: submitted.result.body.decisionDueAt,
      rulesAtSubmission: submitted.result.body.rulesAtSubmission,
    });
  });

  it('then reads only the grant for a GET, the settings read with the event being kept', async () => {
    // Act
    const { result, calls } = await callsOf(() => getGrant(deps, officerActor, grant));
    // Assess
    expect(calls).toEqual(['GetItem']);
    expect(result).toMatchObject({ id: grant, state: 'in_review' });
  });

  it('reads the grant and the city in one call for a GET after a quiet minute, the same view', async () => {
    // Prepare
    const before = await getGrant(deps, officerActor, grant);
    quietMinute();
    // Act
    const { result, calls } = await callsOf(() => getGrant(deps, officerActor, grant));
    // Assess
    expect(calls).toEqual([`BatchGetItem ${grantPk(grant)} + ${SFAX}`]);
    expect(result).toEqual(before);
  });

  it('reads only the grant for an event while the settings are kept', async () => {
    // Act
    const { result, calls } = await event(officerActor, { type: 'request_changes', comment: 'Précisez.' });
    // Assess
    expect(calls).toEqual(['GetItem', 'TransactWriteItems']);
    expect(result.body.state).toBe('changes_requested');
  });

  it('reads the milestone, its grant and the city in one call for a report sent after a quiet minute', async () => {
    // Prepare: an active grant of another association, its interim report due; a quiet minute
    const { grants } = await activeStandardGrants(sys, ['Reported after a quiet minute']);
    const [active = ''] = grants;
    const actor = await actorOf('newcso@sfax.demo');
    const officer = await sys.as('officer@sfax.demo');
    const reports = await milestonesOfGrant<{ id: string; kind: string }>(officer, active);
    const interim = reports.find((m) => m.kind === 'interim_report')?.id ?? '';
    await getGrant(deps, officerActor, active);
    quietMinute();
    // Act
    const { result, calls } = await callsOf(() =>
      milestoneEvent(deps, actor, interim, familiesReport as MilestoneEvent),
    );
    // Assess
    expect(calls).toEqual([
      `BatchGetItem ${recordPk('milestone', interim)} + ${grantPk(active)} + ${SFAX}`,
      'TransactWriteItems',
    ]);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: interim, state: 'submitted' });
  });

  it('reads a partnership to approve, its party, the template and the city in one call after a quiet minute', async () => {
    // Prepare: an application of another association, taken up to the mayor's decision; a quiet minute
    const [jisr, officer2, mayor] = await Promise.all([
      sys.as('newcso@sfax.demo'),
      sys.as('officer2@sfax.demo'),
      sys.as('mayor@sfax.demo'),
    ]);
    const checks = ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'].map(
      (item) => ({ item, ok: true }),
    );
    const applied = await jisr.post('/v1/partnerships', {
      motivation: 'We bring young people of all origins together through sport.',
      focusAreas: ['employment'],
      actionPlan: [
        { activity: 'A league', quarter: '2027-Q2', lead: 'joint', indicator: 'players', target: 80 },
      ],
      documents: checks.map(({ item }) => ({ kind: item, reference: `${item} on file`, date: '2026-03-01' })),
    });
    const id: string = applied.body.id;
    await play(`/v1/partnerships/${id}`, [
      [jisr, { type: 'submit' }],
      [officer2, { type: 'start_review' }],
      [officer2, { type: 'declare_no_conflict' }],
      [officer2, { type: 'record_due_diligence', checks }],
      [mayor, { type: 'declare_no_conflict' }],
    ]);
    const mayorActor = await actorOf('mayor@sfax.demo');
    quietMinute();
    // Act
    const { result, calls } = await callsOf(() =>
      partnershipEvent(deps, mayorActor, id, { type: 'approve' }),
    );
    // Assess: the partnership, its party, the template and the settings (the last two under the city's
    // key), then the transaction
    expect(calls).toEqual([
      `BatchGetItem ${recordPk('partnership', id)} + AGREEMENT#${id} + ${SFAX} + ${SFAX}`,
      'TransactWriteItems',
    ]);
    expect(result.status).toBe(200);
    expect(result.body.state).toBe('approved');
  });

  it('refuses a record of another city as before, in one call, keeping the reader’s own city', async () => {
    // Prepare: Malaga's officer, whose city's settings this process does not keep
    const malaga = await sys.deps.store.findUserByEmail('officer@malaga.demo');
    if (!malaga) throw new Error('no demo user officer@malaga.demo');
    const actor: Actor = { userId: malaga.id, cityId: malaga.cityId, roles: malaga.roles };
    // Act
    const refused = await callsOf(() => getGrant(deps, actor, grant).catch((e: unknown) => e));
    const kept = await callsOf(() => deps.cities.get(malaga.cityId));
    // Assess: a plain 404, from one read of the grant and Malaga's settings, which are then kept
    expect(refused.result).toBeInstanceOf(NotFoundError);
    expect(refused.calls).toEqual([`BatchGetItem ${grantPk(grant)} + ${cityPk(malaga.cityId)}`]);
    expect(kept.calls).toEqual([]);
    expect(kept.result.id).toBe(malaga.cityId);
  });

  it('applies an admin’s change of the settings to the next event of the same process', async () => {
    // Prepare: the API's process keeps the settings (a submission just read them); the admin lengthens
    // the fast track's decision deadline
    const first = await cso.post('/v1/grants', fastApplication({ track: 'standard', title: 'Before' }));
    const before = await cso.event(`/v1/grants/${first.body.id}`, { type: 'submit' });
    const next = await cso.post('/v1/grants', fastApplication({ title: 'After the change' }));
    const city = await admin.get('/v1/city');
    const days = city.body.decisionWorkingDays + 5;
    const changed = await admin.patch(
      '/v1/city',
      { decisionWorkingDays: days },
      { 'If-Match': city.headers.get('etag') ?? '' },
    );
    // Act
    const { result: after, calls } = await callsOf(() =>
      cso.event(`/v1/grants/${next.body.id}`, { type: 'submit' }),
    );
    // Assess: the settings read again, with the grant and the standing, and applied
    expect(changed.status).toBe(200);
    expect(before.status).toBe(200);
    expect(after.status).toBe(200);
    expect(after.body.rulesAtSubmission.decisionWorkingDays).toBe(days);
    expect(calls.filter((c) => c.startsWith('BatchGetItem'))).toEqual([
      `BatchGetItem ${grantPk(next.body.id)} + ${standingKey(csoActor.organisationId ?? '').PK} + ${SFAX}`,
    ]);
  });
});
