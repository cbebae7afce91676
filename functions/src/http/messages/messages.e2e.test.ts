/**
 * The conversation on a record, end to end on DynamoDB Local: who may read and write it, what each side
 * is told (in app per message, one mail per burst, in the recipient's language), bad bodies, and paging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_WINDOW_MS } from '#services/messages';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '#test/support/harness';

interface PendingMail {
  readonly to: string;
  readonly language: string;
  readonly subject: string;
  readonly text: string;
}

describe('conversation on the record', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let officer2: Client;
  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, officer, officer2] = await Promise.all([
      sys.as('cso@sfax.demo'),
      sys.as('officer@sfax.demo'),
      sys.as('officer2@sfax.demo'),
    ]);
  });
  afterAll(async () => {
    await sys?.close();
  });

  /** A submitted grant of amal-sfax with a title no other record has. */
  async function grant(title: string): Promise<string> {
    const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard', title }));
    const submitted = await cso.event(`/v1/grants/${body.id}`, { type: 'submit' });
    expect(submitted.status).toBe(200);
    return body.id as string;
  }

  /** The message mails waiting in the outbox about a record, by its title (not those of its events). */
  async function mailsAbout(title: string): Promise<PendingMail[]> {
    const ids = await sys.deps.store.pendingMailIds();
    const mails = await Promise.all(
      ids.map((id) => sys.deps.store.pendingMail<PendingMail & { id: string; createdAt: string }>(id)),
    );
    return mails.filter(
      (m): m is PendingMail & { id: string; createdAt: string } =>
        !!m?.subject.includes(title) && !('kind' in m),
    );
  }

  /** A user's message notifications about a record. */
  async function noticesOf(client: Client, id: string) {
    const res = await client.get('/v1/notifications?limit=100');
    return (res.body.items as { kind: string; link?: string; title: string }[]).filter(
      (n) => n.kind === 'message' && n.link === `/grants/${id}#messages`,
    );
  }

  it('a CSO asks, the officer answers; each side is told once, in app and by one mail in its language', async () => {
    // Prepare
    const title = 'Conversation ask and answer';
    const id = await grant(title);
    // Act
    const asked = await cso.post(`/v1/grants/${id}/messages`, { body: 'أين نضع الإيجار في الميزانية؟' });
    const answered = await officer.post(`/v1/grants/${id}/messages`, {
      body: 'Sur la ligne « Transport ».\nMerci.',
    });
    const thread = await cso.get(`/v1/grants/${id}/messages`);
    // Assess: the thread, oldest first, with author, role and time
    expect(asked.status).toBe(201);
    expect(answered.status).toBe(201);
    expect(
      thread.body.items.map((m: { body: string; authorName: string; authorRole: string }) => [
        m.authorName,
        m.authorRole,
        m.body,
      ]),
    ).toEqual([
      ['Leila Ben Salah', 'cso', 'أين نضع الإيجار في الميزانية؟'],
      ['Karim Officer', 'city_officer', 'Sur la ligne « Transport ».\nMerci.'],
    ]);
    expect(typeof thread.body.items[0].createdAt).toBe('string');
    // the officers heard of the question once each, the CSO of the answer once; the author of nothing
    expect(await noticesOf(officer, id)).toHaveLength(1);
    expect(await noticesOf(officer2, id)).toHaveLength(1);
    expect(await noticesOf(cso, id)).toHaveLength(1);
    const mails = await mailsAbout(title);
    expect(mails.map((m) => [m.to, m.language]).sort()).toEqual([
      ['cso@sfax.demo', 'ar'],
      ['officer2@sfax.demo', 'en'],
      ['officer@sfax.demo', 'fr'],
    ]);
    const byTo = Object.fromEntries(mails.map((m) => [m.to, m]));
    expect(byTo['officer@sfax.demo']?.subject).toContain('Nouveau message sur la subvention');
    expect(byTo['officer2@sfax.demo']?.subject).toContain('New message on the grant');
    expect(byTo['cso@sfax.demo']?.subject).toContain('رسالة جديدة بشأن المنحة');
    expect(byTo['cso@sfax.demo']?.text).toContain('Sur la ligne « Transport ».');
  });

  it('a burst of three messages makes one mail per recipient, and a notification per message', async () => {
    // Prepare: a moment at the start of a mail window
    const title = 'Conversation burst';
    const id = await grant(title);
    const start = Math.ceil(Date.now() / MAIL_WINDOW_MS) * MAIL_WINDOW_MS + 1000;
    // Act: three questions within two minutes
    for (const [i, body] of ['First question.', 'A second one.', 'And a third.'].entries()) {
      sys.setNow(new Date(start + i * 60_000).toISOString());
      expect((await cso.post(`/v1/grants/${id}/messages`, { body })).status).toBe(201);
    }
    sys.setNow(undefined);
    // Assess
    expect(await noticesOf(officer, id)).toHaveLength(3);
    const mails = await mailsAbout(title);
    expect(mails.map((m) => m.to).sort()).toEqual(['officer2@sfax.demo', 'officer@sfax.demo']);
  });

  it('is not found for a funder, another CSO and another city, who neither read nor write it', async () => {
    // Prepare: a grant the funder co-funds
    const funder = await sys.as('funder@sfax.demo');
    const funded = (await funder.get('/v1/grants')).body.items[0].id as string;
    const owner = (await officer.get(`/v1/grants/${funded}`)).body.organisationId as string;
    const otherCso = owner === 'horizons-sfax' ? 'nour@sfax.demo' : 'horizons@sfax.demo';
    const strangers = await Promise.all([
      sys.as(otherCso),
      sys.as('officer@malaga.demo'),
      sys.as('cso@malaga.demo'),
    ]);
    // Act
    const answers = [];
    for (const who of [funder, ...strangers]) {
      answers.push((await who.get(`/v1/grants/${funded}/messages`)).status);
      answers.push((await who.post(`/v1/grants/${funded}/messages`, { body: 'Hello?' })).status);
    }
    const seen = await officer.get(`/v1/grants/${funded}/messages`);
    // Assess: 404 each time, and nothing was written
    expect(answers).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    expect(seen.body.items).toEqual([]);
  });

  it('refuses empty, invisible, over-long and control-character bodies with 400, writing nothing', async () => {
    // Prepare
    const id = await grant('Conversation bad bodies');
    const bad = [
      { body: '' },
      { body: '   ' },
      { body: 'x'.repeat(4001) },
      { body: 'ring\u0007' },
      {},
      { body: 'ok', extra: 1 },
    ];
    // Act
    const statuses = [];
    for (const b of bad) statuses.push((await cso.post(`/v1/grants/${id}/messages`, b)).status);
    const longest = await cso.post(`/v1/grants/${id}/messages`, { body: 'x'.repeat(4000) });
    const thread = await cso.get(`/v1/grants/${id}/messages`);
    // Assess
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400]);
    expect(longest.status).toBe(201);
    expect(thread.body.items).toHaveLength(1);
  });

  it('takes a question on a closed record: a withdrawn application still has its conversation', async () => {
    // Prepare
    const id = await grant('Conversation after the end');
    expect((await cso.event(`/v1/grants/${id}`, { type: 'withdraw' })).status).toBe(200);
    // Act
    const asked = await cso.post(`/v1/grants/${id}/messages`, { body: 'Can we apply again in spring?' });
    const answered = await officer2.post(`/v1/grants/${id}/messages`, { body: 'Yes, from March.' });
    // Assess
    expect([asked.status, answered.status]).toEqual([201, 201]);
    expect((await cso.get(`/v1/grants/${id}/messages`)).body.items).toHaveLength(2);
  });

  it('keeps every message of a 200-message thread once, in order, across pages', async () => {
    // Prepare
    const id = await grant('Conversation paging');
    const start = Date.now();
    const written: string[] = [];
    for (let i = 0; i < 200; i++) {
      sys.setNow(new Date(start + i * 10).toISOString());
      const who = i % 2 === 0 ? cso : officer;
      const res = await who.post(`/v1/grants/${id}/messages`, { body: `Message ${i}` });
      written.push(res.body.id);
    }
    sys.setNow(undefined);
    // Act
    const read: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await officer.get(
        `/v1/grants/${id}/messages?limit=30${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      read.push(...res.body.items.map((m) => m.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    // Assess
    expect(read).toEqual(written);
    expect(pages).toBe(7);
  });

  it('accepts a message on a milestone, and replays a retry with the same Idempotency-Key', async () => {
    // Prepare: a milestone of the CSO
    const milestone = (await cso.get('/v1/milestones')).body.items[0].id as string;
    // Act
    const first = await cso.post(
      `/v1/milestones/${milestone}/messages`,
      { body: 'Is the photo list enough?' },
      { 'Idempotency-Key': 'conv-1' },
    );
    const retry = await cso.post(
      `/v1/milestones/${milestone}/messages`,
      { body: 'Is the photo list enough?' },
      { 'Idempotency-Key': 'conv-1' },
    );
    const thread = await officer.get(`/v1/milestones/${milestone}/messages`);
    // Assess
    expect(first.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(thread.body.items.map((m: { id: string }) => m.id)).toEqual([first.body.id]);
  });
});
