/**
 * Who hears of an event is exact on every instance, however long since its last event: two instances'
 * worth of state on one table of the real DynamoDB Local (the test system's, and a second store with its
 * own client, directory cache and clock). What the second one keeps of the rosters is checked by each
 * event's transaction: an officer added through the first hears of the next event sent through the
 * second, a disabled one hears of nothing, and a warm instance's event after nine quiet minutes reads only
 * its record (the city's settings are kept by their own cache, CityCache, for a minute of real time here:
 * deployed, an event after more than a minute's quiet also reads them). A roster that is not complete (a table older than rosters) is read from the index as
 * before, and the directory's own writes keep the rosters right.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GrantEvent } from '#domain/grant';
import type { Actor } from '#domain/types';
import { createDocumentClient } from '#store/client';
import type { DynamoClient } from '#store/dynamo-client';
import { VersionConflictError } from '#store/errors';
import { getRoster, rosterKey } from '#store/rosters';
import { Store } from '#store/store';
import { getUserRecord } from '#store/users';
import { callsDuring } from '#test/support/calls';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '#test/support/harness';
import { getItem, putItem } from '#test/support/raw-table';
import { createDeps, type Deps } from './deps.ts';
import { DirectoryCache, directoryCache, ROSTER_MS } from './directory-cache.ts';
import { grantEvent } from './grants.ts';
import { postMessage } from './messages.ts';

describe('the audiences of events, kept exact across instances by their rosters', () => {
  let sys: TestSystem;
  let cso: Client;
  let admin: Client;
  /** The second instance: its own client, store, directory cache and clock. */
  let db2: DynamoClient;
  let deps2: Deps;
  let now2 = Date.parse('2027-01-10T09:00:00.000Z');
  let csoActor: Actor;
  let officerActor: Actor;

  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, admin] = await Promise.all([sys.as('cso@sfax.demo'), sys.as('admin@sfax.demo')]);
    db2 = createDocumentClient({ endpoint: inject('dynamoEndpoint') });
    const store2 = new Store(db2, sys.deps.store.tableName);
    directoryCache(store2, () => new DirectoryCache(() => now2));
    deps2 = createDeps(store2);
    const actorOf = async (email: string): Promise<Actor> => {
      const u = await sys.deps.store.findUserByEmail(email);
      if (!u) throw new Error(`no demo user ${email}`);
      return { userId: u.id, cityId: u.cityId, roles: u.roles, organisationId: u.organisationId };
    };
    [csoActor, officerActor] = await Promise.all([actorOf('cso@sfax.demo'), actorOf('officer@sfax.demo')]);
  }, 300_000);
  afterAll(async () => {
    await sys?.close();
    db2?.destroy();
  });

  /** A new application of the demo association, through the first instance; its id. */
  async function drafted(title: string): Promise<string> {
    const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard', title }));
    return body.id;
  }

  /** An event sent through the second instance, with the DynamoDB calls it made. */
  async function onSecond(actor: Actor, id: string, event: GrantEvent) {
    const { calls } = await callsDuring(
      deps2.store,
      (command, input) =>
        command === 'TransactWriteItems' && input.includes('ConditionCheck')
          ? `${command} (checked)`
          : command,
      () => grantEvent(deps2, actor, id, event),
    );
    return calls;
  }

  /** A new officer of Sfax, invited through the first instance; their id. */
  async function invitedOfficer(email: string): Promise<string> {
    const res = await admin.post('/v1/users', {
      email,
      name: 'Nouvel agent',
      roles: ['city_officer'],
      language: 'fr',
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const linksOf = async (userId: string) =>
    (await sys.deps.store.unreadNotifications(userId)).map((n) => n.link);

  it('tells an officer added through one instance of the next event sent through another, which kept the old roster', async () => {
    // Prepare: the second instance tells the officers of a submission (it keeps the city's staff roster)
    await onSecond(csoActor, await drafted('Kept roster one'), { type: 'submit' });
    const officerId = await invitedOfficer('added.officer@sfax.demo');
    // Act: the next submission, through the second instance
    const second = await drafted('Kept roster two');
    const calls = await onSecond(csoActor, second, { type: 'submit' });
    // Assess: the new officer is told; the transaction was refused on the roster's check once, and sent
    // again after reading the roster and its members
    expect(await linksOf(officerId)).toEqual([`/grants/${second}?from=notice`]);
    expect(calls).toEqual([
      'BatchGetItem',
      'TransactWriteItems (checked)',
      'GetItem',
      'BatchGetItem',
      'TransactWriteItems (checked)',
    ]);
  });

  it('tells a user disabled through one instance of nothing sent through another', async () => {
    // Prepare: an officer the second instance keeps on the roster, then disabled through the first
    const officerId = await invitedOfficer('disabled.officer@sfax.demo');
    await onSecond(csoActor, await drafted('Disabled one'), { type: 'submit' });
    expect(await linksOf(officerId)).toHaveLength(1);
    expect((await admin.patch(`/v1/users/${officerId}`, { disabled: true })).status).toBe(200);
    // Act
    const after = await drafted('Disabled two');
    await onSecond(csoActor, after, { type: 'submit' });
    // Assess: nothing new for the disabled officer; the other officers are told
    expect(await linksOf(officerId)).toHaveLength(1);
    expect(await linksOf(officerActor.userId)).toContain(`/grants/${after}?from=notice`);
  });

  it('tells an officer added through one instance of the next message sent through another', async () => {
    // Prepare: the second instance tells the officers of an association's message (it keeps the roster)
    const id = await drafted('Kept roster for messages');
    await onSecond(csoActor, id, { type: 'submit' });
    await postMessage(deps2, csoActor, 'grant', id, { body: 'Une première question.' });
    const officerId = await invitedOfficer('message.officer@sfax.demo');
    // Act
    await postMessage(deps2, csoActor, 'grant', id, { body: 'Une deuxième question.' });
    // Assess
    expect(await linksOf(officerId)).toEqual([`/grants/${id}#messages`]);
  });

  it('gives up after three tries when the audience changes before every commit, and writes nothing', async () => {
    // Prepare: before each of the second instance's transactions, another instance changes the staff roster
    const id = await drafted('Restless roster');
    const roster = rosterKey({ kind: 'city', id: 'sfax' });
    let sent = 0;
    const stop = db2.aroundCall(async (call, next) => {
      if (call.operation === 'TransactWriteItems') {
        sent++;
        await sys.deps.store.db.send('UpdateItem', {
          TableName: sys.deps.store.tableName,
          Key: roster,
          UpdateExpression: 'ADD #v :one',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':one': 1 },
        });
      }
      return next();
    });
    // Act
    const outcome = await grantEvent(deps2, csoActor, id, { type: 'submit' }).catch((e: Error) => e);
    stop();
    // Assess: a conflict (409), three transactions sent, the application still a draft
    expect(outcome).toBeInstanceOf(VersionConflictError);
    expect(sent).toBe(3);
    expect((await cso.get(`/v1/grants/${id}`)).body.state).toBe('draft');
  });

  it('reads no one it tells for an event of a warm instance after nine quiet minutes, only its record', async () => {
    // Prepare: a warm second instance (it told the association's members of an event), a grant under
    // review, then nine and a half minutes without an event
    const warm = await drafted('Warm');
    const id = await drafted('Quiet time');
    for (const g of [warm, id]) {
      await onSecond(csoActor, g, { type: 'submit' });
      await onSecond(officerActor, g, { type: 'start_review' });
    }
    await onSecond(officerActor, warm, { type: 'request_changes', comment: 'Précisez le calendrier.' });
    now2 += ROSTER_MS - 30_000;
    // Act: an event that tells the association's members
    const calls = await onSecond(officerActor, id, {
      type: 'request_changes',
      comment: 'Détaillez le budget.',
    });
    // Assess
    expect(calls).toEqual(['GetItem', 'TransactWriteItems (checked)']);
    expect(await linksOf(csoActor.userId)).toContain(`/grants/${id}?from=notice`);
  });

  it('finds the audience of a roster that is not complete from the index, as before, unchecked', async () => {
    // Prepare: the association's roster as a table older than rosters has it (begun by a user's write)
    const key = rosterKey({ kind: 'organisation', id: csoActor.organisationId ?? '' });
    const roster = await getItem(sys.deps.store, key.PK, key.SK);
    const { complete: _complete, ...begun } = roster ?? {};
    await putItem(sys.deps.store, begun);
    const id = await drafted('Incomplete roster');
    await onSecond(csoActor, id, { type: 'submit' });
    await onSecond(officerActor, id, { type: 'start_review' });
    now2 += ROSTER_MS + 1;
    // Act
    const calls = await onSecond(officerActor, id, { type: 'request_changes', comment: 'Précisez.' });
    // Assess: the roster, then the index (Query); the transaction checks nothing
    expect(calls).toEqual(['GetItem', 'GetItem', 'Query', 'TransactWriteItems']);
    expect(await linksOf(csoActor.userId)).toContain(`/grants/${id}?from=notice`);
    await putItem(sys.deps.store, roster ?? {});
  });

  it('keeps the rosters right through the directory’s writes: an invitation, a change of roles, disabling', async () => {
    // Prepare
    const sfax = { kind: 'city' as const, id: 'sfax' };
    const org = { kind: 'organisation' as const, id: csoActor.organisationId ?? '' };
    const before = await getRoster(sys.deps.store, sfax);
    // Act: an officer invited, then made an admin only (no longer staff who hears)
    const officerId = await invitedOfficer('moved.officer@sfax.demo');
    const invited = await getRoster(sys.deps.store, sfax);
    expect((await admin.patch(`/v1/users/${officerId}`, { roles: ['admin'] })).status).toBe(200);
    const changed = await getRoster(sys.deps.store, sfax);
    // Act: a member of the association invited, then disabled
    const member = await admin.post('/v1/users', {
      email: 'second.member@sfax.demo',
      name: 'Deuxième membre',
      roles: ['cso'],
      language: 'ar',
      organisationId: org.id,
    });
    expect(member.status).toBe(201);
    const joined = await getRoster(sys.deps.store, org);
    expect((await admin.patch(`/v1/users/${member.body.id}`, { disabled: true })).status).toBe(200);
    const left = await getRoster(sys.deps.store, org);
    // Assess
    expect(before?.complete).toBe(true);
    expect(invited?.members).toContain(officerId);
    expect(invited?.version).toBe((before?.version ?? 0) + 1);
    expect(changed?.members).not.toContain(officerId);
    expect(changed?.version).toBe((before?.version ?? 0) + 2);
    expect(joined?.members).toContain(member.body.id);
    expect(left?.members).not.toContain(member.body.id);
    expect(left?.version).toBe((joined?.version ?? 0) + 1);
    expect((await getUserRecord(sys.deps.store, member.body.id))?.user.state).toBe('disabled');
  });
});
