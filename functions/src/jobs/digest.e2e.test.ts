/**
 * The daily digest, end to end on DynamoDB Local: someone who chose it gets no mail at the event but
 * the in-app notice, then one mail from the daily job in their language listing it with its link, and
 * nothing more that day; someone who reads each notice as it happens gets no digest. The choice is
 * theirs to make on PATCH /v1/me, which refuses anything but 'each' or 'daily'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '#test/support/harness';
import { runDeadlines } from './deadlines.ts';
import { MemoryMailer } from './mailer.ts';

const STORAGE = ['PK', 'SK', 'GSI1PK', 'GSI3PK', 'GSI4PK', 'entity', 'auditHash'];

describe('the daily digest of notices', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, officer] = await Promise.all([sys.as('cso@sfax.demo'), sys.as('officer@sfax.demo')]);
  }, 300_000);
  afterAll(async () => {
    await sys?.close();
  });

  const pendingMailsTo = async (to: string) => {
    const ids = await sys.deps.store.pendingMailIds();
    const mails = await Promise.all(
      ids.map((id) =>
        sys.deps.store.pendingMail<{ id: string; createdAt: string; to: string; text: string }>(id),
      ),
    );
    return mails.filter((m) => m?.to === to);
  };

  it('refuses a mail choice it does not know, and keeps the one made', async () => {
    // Prepare
    const chosen = await cso.patch('/v1/me', { mailDigest: 'daily' });
    // Act
    const refused = await cso.patch('/v1/me', { mailDigest: 'weekly' });
    // Assess
    expect(chosen.status).toBe(200);
    expect(chosen.body.mailDigest).toBe('daily');
    for (const key of STORAGE) expect(chosen.body).not.toHaveProperty(key);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await cso.get('/v1/me')).body.mailDigest).toBe('daily');
    expect((await officer.get('/v1/me')).body.mailDigest).toBe('each');
  });

  it('sends who chose it no mail at the event, then one digest in their language, once a day', async () => {
    // Prepare: the CSO reads a daily digest (above); the officer asks for changes to its application
    await cso.patch('/v1/me', { mailDigest: 'daily' });
    const title = 'Digest: changes requested';
    const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard', title }));
    const path = `/v1/grants/${body.id}`;
    const link = `/grants/${body.id}?from=notice`;
    expect((await cso.event(path, { type: 'submit' })).status).toBe(200);
    expect((await officer.event(path, { type: 'start_review' })).status).toBe(200);
    expect(
      (await officer.event(path, { type: 'request_changes', comment: 'Détaillez le budget.' })).status,
    ).toBe(200);
    // Assess: the notice is in the app, and no mail waits for the CSO
    const notices = (await cso.get('/v1/notifications?limit=100')).body.items as {
      link?: string;
      kind: string;
    }[];
    expect(notices.filter((n) => n.link === link && n.kind === 'changes_requested')).toHaveLength(1);
    expect((await pendingMailsTo('cso@sfax.demo')).filter((m) => m?.text.includes(title))).toEqual([]);
    // Act: the daily job, twice the same day
    const mailer = new MemoryMailer();
    const now = new Date(Date.now() + 1000).toISOString();
    const first = await runDeadlines(sys.deps, {
      now,
      mailer,
      cityIds: ['sfax'],
      baseUrl: 'https://app.test',
    });
    const afterFirst = mailer.sent.length;
    await runDeadlines(sys.deps, {
      now: new Date(Date.now() + 2000).toISOString(),
      mailer,
      cityIds: ['sfax'],
    });
    // Assess: one digest, in Arabic, listing the notice with its link and the notifications page
    const digests = mailer.sent.filter((m) => m.to === 'cso@sfax.demo' && /^ملخّصكم اليومي/.test(m.subject));
    expect(digests).toHaveLength(1);
    const digest = digests[0];
    expect(digest?.language).toBe('ar');
    expect(digest?.subject).toMatch(/^ملخّصكم اليومي/);
    expect(digest?.text).toContain(title);
    expect(digest?.text).toContain(`https://app.test${link}`);
    expect(digest?.text).toContain('https://app.test/notifications');
    expect(first.cities[0]?.digests).toBe(1);
    // the second run sent nothing more
    expect(mailer.sent.length).toBe(afterFirst);
    // the officer, who reads each notice as it happens, got no digest
    expect(
      mailer.sent.filter((m) => m.to === 'officer@sfax.demo' && /récapitulatif/.test(m.subject)),
    ).toEqual([]);
  });
});
