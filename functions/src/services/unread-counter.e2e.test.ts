/**
 * The unread count a user sees on the bell is a counter kept in the same transactions as their
 * notifications, and always equals what is really unread: after events, messages and the daily job's
 * notices, after marking one read (twice), after marking all read, and for a user notified before the
 * counter was kept. And a warm process reads, for an event, only its record: not the signed-in user, not
 * the people it tells; for a funder's list of grants, only the list. What it keeps is dropped by a write
 * of the directory in the same process: a new officer hears of the next event, a disabled user is
 * refused from the next request, a new name shows on the next answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeWrite, notifyOnce } from '#jobs/notify';
import { notificationItem, UNREAD_SK } from '#store/notifications';
import { getUserRecord } from '#store/users';
import { userPk } from '#store/users-keys';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '#test/support/harness';
import { deleteItem, getItem, putItem } from '#test/support/raw-table';

describe('the unread count and the reads of a warm process', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let officerId: string;
  // Seeding the demo takes long on a busy machine.
  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, officer] = await Promise.all([sys.as('cso@sfax.demo'), sys.as('officer@sfax.demo')]);
    officerId = (await officer.get('/v1/me')).body.id;
  }, 300_000);
  afterAll(async () => {
    await sys?.close();
  });

  /** What the bell shows, and what is really unread (the unread index). */
  async function counts(client: Client, userId: string) {
    const bell = (await client.get('/v1/notifications?limit=1')).body.unread as number;
    const really = (await sys.deps.store.unreadNotifications(userId)).length;
    return { bell, really };
  }

  /** A new fast-track application of the demo association, submitted; its id. */
  async function submitted(title: string): Promise<string> {
    const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard', title }));
    expect((await cso.event(`/v1/grants/${body.id}`, { type: 'submit' })).status).toBe(200);
    return body.id;
  }

  it('follows events, messages, the daily job and marking read, and never counts a notification twice', async () => {
    // Prepare: the officer starts from nothing unread
    await officer.post('/v1/notifications/read', {});
    expect(await counts(officer, officerId)).toEqual({ bell: 0, really: 0 });

    // Act: two submissions tell the officers
    const grants = [await submitted('Counter one'), await submitted('Counter two')];
    // Assess
    expect(await counts(officer, officerId)).toEqual({ bell: 2, really: 2 });

    // Act: two messages from the association in the same mail window (the second one in app only)
    for (const body of ['Une question sur le budget.', 'Et une deuxième.'])
      expect((await cso.post(`/v1/grants/${grants[0]}/messages`, { body })).status).toBe(201);
    // Assess
    expect(await counts(officer, officerId)).toEqual({ bell: 4, really: 4 });

    // Act: the daily job's notice, twice (the second run finds its marker), and a digest mail (no notification)
    const officerUser = await sys.deps.store.getUser(officerId);
    if (!officerUser) throw new Error('no officer');
    const notice = {
      key: `decision_due_soon#${grants[0]}`,
      notice: { kind: 'decision_due_soon' as const, title: 'Counter one', deadline: '2027-03-01' },
      recipients: [officerUser],
      now: new Date().toISOString(),
    };
    expect(await notifyOnce(sys.deps, notice)).toBe(1);
    expect(await notifyOnce(sys.deps, notice)).toBe(0);
    const digest = noticeWrite(officerUser, {
      key: `digest#counter#${officerId}`,
      kind: 'digest',
      rendered: { subject: 'Digest', text: 'Digest' },
      language: 'en',
      link: undefined,
      baseUrl: undefined,
      at: new Date().toISOString(),
    });
    await sys.deps.store.commit([{ ...digest, notification: undefined }]);
    // Assess
    expect(await counts(officer, officerId)).toEqual({ bell: 5, really: 5 });

    // Act: mark one read, then the same one again
    const newest = (await officer.get('/v1/notifications?limit=1')).body.items[0].id as string;
    const once = await officer.post('/v1/notifications/read', { ids: [newest] });
    const twice = await officer.post('/v1/notifications/read', { ids: [newest] });
    // Assess
    expect(once.body).toEqual({ marked: 1, unread: 4 });
    expect(twice.body).toEqual({ marked: 0, unread: 4 });
    expect(await counts(officer, officerId)).toEqual({ bell: 4, really: 4 });

    // Act: mark all read
    const all = await officer.post('/v1/notifications/read', {});
    // Assess
    expect(all.body).toEqual({ marked: 4, unread: 0 });
    expect(await counts(officer, officerId)).toEqual({ bell: 0, really: 0 });
  });

  it('counts a user notified before the counter was kept from their notifications once, then keeps it', async () => {
    // Prepare: three notifications written without a counter, as before it was kept
    const mayor = await sys.as('mayor@sfax.demo');
    const mayorId = (await mayor.get('/v1/me')).body.id as string;
    await mayor.post('/v1/notifications/read', {});
    const at = new Date().toISOString();
    for (const i of [1, 2, 3])
      await putItem(sys.deps.store, {
        ...notificationItem({
          id: `n_legacy_${i}`,
          userId: mayorId,
          kind: 'submitted',
          title: `Old ${i}`,
          body: 'Old',
          createdAt: at,
        }),
      });
    await deleteItem(sys.deps.store, userPk(mayorId), UNREAD_SK);
    // Act
    const first = await counts(mayor, mayorId);
    const readOne = await mayor.post('/v1/notifications/read', { ids: ['n_legacy_2'] });
    const after = await counts(mayor, mayorId);
    // Assess
    expect(first).toEqual({ bell: 3, really: 3 });
    expect(readOne.body).toEqual({ marked: 1, unread: 2 });
    expect(after).toEqual({ bell: 2, really: 2 });
    expect((await getItem(sys.deps.store, userPk(mayorId), UNREAD_SK))?.counted).toBe(true);
  });

  it('reads for a warm event only its record, and for a funder’s list of grants only the list', async () => {
    // Prepare: count the DynamoDB calls of each request; a first round warms the process up as a warm
    // Lambda is (what it keeps lasts 15 s: the second round follows at once)
    const funder = await sys.as('funder@sfax.demo');
    const calls: string[] = [];
    const stopCounting = sys.deps.store.db.aroundCall((call, next) => {
      calls.push(call.operation);
      return next();
    });
    const counted = async (request: () => Promise<{ status: number }>) => {
      calls.length = 0;
      expect((await request()).status).toBe(200);
      return calls.join(' + ');
    };
    const round = async (title: string) => {
      const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard', title }));
      const path = `/v1/grants/${body.id}`;
      return {
        submit: await counted(() => cso.event(path, { type: 'submit' })),
        startReview: await counted(() => officer.event(path, { type: 'start_review' })),
        requestChanges: await counted(() =>
          officer.event(path, { type: 'request_changes', comment: 'Detail the budget.' }),
        ),
        funderGrants: await counted(() => funder.get('/v1/grants')),
      };
    };
    await round('Warming up');
    // Act
    const warm = await round('Warm');
    stopCounting();
    // Assess: the submission reads the grant with its organisation's standing; nobody else is read
    expect(warm).toEqual({
      submit: 'BatchGetItem + TransactWriteItems',
      startReview: 'GetItem + TransactWriteItems',
      requestChanges: 'GetItem + TransactWriteItems',
      funderGrants: 'Query',
    });
  });

  it('sees a change of the directory made in this process at once: a new officer, a disabled one, a new name', async () => {
    // Prepare: a warm process (the officers and the funder's name are kept)
    const admin = await sys.as('admin@sfax.demo');
    const funder = await sys.as('funder@sfax.demo');
    const before = await funder.get('/v1/grants');
    const funded = (before.body.items as { id: string; award?: { funders: { funderId: string }[] } }[]).find(
      (g) => g.award?.funders.some((f) => f.funderId === 'fondation-sud'),
    );
    if (!funded) throw new Error('the demo funder funds no grant');
    await submitted('Directory one');
    // Act: a new officer is invited, then the next submission; the officer is disabled; the funder is renamed
    const invited = await admin.post('/v1/users', {
      email: 'new.officer@sfax.demo',
      name: 'New Officer',
      roles: ['city_officer'],
      language: 'fr',
    });
    expect(invited.status).toBe(201);
    const newOfficer = await sys.as('new.officer@sfax.demo');
    const second = await submitted('Directory two');
    const told = await sys.deps.store.unreadNotifications(invited.body.id);
    const admitted = await newOfficer.get('/v1/notifications?limit=1');
    const activated = (await getUserRecord(sys.deps.store, invited.body.id))?.user.state;
    expect((await newOfficer.get('/v1/me')).status).toBe(200); // now kept as admitted
    await admin.patch(`/v1/users/${invited.body.id}`, { disabled: true });
    const disabled = (await getUserRecord(sys.deps.store, invited.body.id))?.user.state;
    const refused = await newOfficer.get('/v1/notifications?limit=1');
    await funder.patch('/v1/organisations/fondation-sud', { name: 'Fondation Sud (nouveau nom)' });
    const after = await funder.get(`/v1/grants/${funded.id}`);
    // Assess
    expect(told.map((n) => n.link)).toEqual([`/grants/${second}?from=notice`]);
    expect(admitted.status).toBe(200);
    expect([activated, disabled]).toEqual(['active', 'disabled']);
    expect(refused.status).toBe(401);
    expect(
      (after.body.award.funders as { funderId: string; name: string }[]).find(
        (f) => f.funderId === 'fondation-sud',
      )?.name,
    ).toBe('Fondation Sud (nouveau nom)');
  });
});
