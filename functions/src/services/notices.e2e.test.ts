/**
 * "It's your turn", end to end on DynamoDB Local: each hand-over of a grant tells the people whose turn it
 * is, in app and by mail, in their own language, once, also when the request is retried with its
 * Idempotency-Key; the reason of a send-back is carried on the record as `lastRequest`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '#test/support/harness';

interface Mail {
  readonly to: string;
  readonly language: string;
  readonly subject: string;
  readonly text: string;
  readonly kind?: string;
}

interface Notice {
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly language?: string;
  readonly link?: string;
}

describe('notices on every hand-over', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let officer2: Client;
  let mayor: Client;
  let funder: Client;
  // Seeding the demo takes long on a busy machine.
  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, officer, officer2, mayor, funder] = await Promise.all([
      sys.as('cso@sfax.demo'),
      sys.as('officer@sfax.demo'),
      sys.as('officer2@sfax.demo'),
      sys.as('mayor@sfax.demo'),
      sys.as('funder@sfax.demo'),
    ]);
  }, 300_000);
  afterAll(async () => {
    await sys?.close();
  });

  /** The event mails in the outbox about the record at `link`. */
  async function mailsAbout(title: string, kind: string): Promise<Mail[]> {
    const ids = await sys.deps.store.pendingMailIds();
    const mails = await Promise.all(
      ids.map((id) => sys.deps.store.pendingMail<Mail & { id: string; createdAt: string }>(id)),
    );
    return mails.filter(
      (m): m is Mail & { id: string; createdAt: string } => m?.kind === kind && m.text.includes(title),
    );
  }

  /** A user's notifications of one kind about the record at `link`. */
  async function noticesOf(client: Client, link: string, kind: string): Promise<Notice[]> {
    const res = await client.get('/v1/notifications?limit=100');
    return (res.body.items as Notice[]).filter((n) => n.link === link && n.kind === kind);
  }

  it('tells the officers of a submission, and the CSO of the changes asked for, in Arabic, once', async () => {
    // Prepare
    const title = 'Notices: changes requested';
    const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard', title }));
    const path = `/v1/grants/${body.id}`;
    const link = `/grants/${body.id}?from=notice`;
    // Act
    expect((await cso.event(path, { type: 'submit' })).status).toBe(200);
    expect((await officer.event(path, { type: 'start_review' })).status).toBe(200);
    const reason = 'الميزانية غير مفصّلة بما يكفي.';
    const key = { 'Idempotency-Key': `changes-${body.id}` };
    const first = await officer.event(path, { type: 'request_changes', comment: reason }, key);
    const retry = await officer.event(path, { type: 'request_changes', comment: reason }, key);
    // Assess: the officers heard of the submission, each in their language, the one who acted too
    const submitted = await mailsAbout(title, 'submitted');
    expect(submitted.map((m) => [m.to, m.language]).sort()).toEqual([
      ['officer2@sfax.demo', 'en'],
      ['officer@sfax.demo', 'fr'],
    ]);
    expect(submitted.find((m) => m.language === 'fr')?.subject).toMatch(/^Nouvelle demande à examiner\s: /);
    const heard = await noticesOf(officer2, link, 'submitted');
    expect(heard).toHaveLength(1);
    // each in-app notice says the language it is written in, for a page in another language
    expect(heard[0]?.language).toBe('en');
    // the retry replays the first answer and sends nothing twice
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(first.body.lastRequest).toMatchObject({ by: 'u-officer-sfax', comment: reason });
    const told = await noticesOf(cso, link, 'changes_requested');
    expect(told).toHaveLength(1);
    const [mail, ...more] = await mailsAbout(title, 'changes_requested');
    expect(more).toEqual([]);
    // the CSO reads it in Arabic, with the reason and a link that opens the grant
    expect(mail?.to).toBe('cso@sfax.demo');
    expect(mail?.subject).toBe(`تعديلات مطلوبة: ${title}`);
    expect(mail?.text).toContain(reason);
    expect(mail?.text).not.toMatch(/Changes|The city/);
    expect(told[0]?.title).toBe(mail?.subject);
    expect(told[0]?.language).toBe('ar');
  });

  it('tells the mayor’s office of a recommendation, then the CSO and the funder of the award', async () => {
    // Prepare
    const title = 'Notices: award';
    const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard', title }));
    const path = `/v1/grants/${body.id}`;
    const link = `/grants/${body.id}?from=notice`;
    for (const [who, event] of [
      [cso, { type: 'submit' }],
      [officer, { type: 'start_review' }],
      [officer, { type: 'declare_no_conflict' }],
      [officer, { type: 'recommend', recommendation: 'approve', comment: 'Solid plan.' }],
      [mayor, { type: 'declare_no_conflict' }],
    ] as const) {
      expect((await who.event(path, event)).status).toBe(200);
    }
    // Act
    const approved = await mayor.event(path, {
      type: 'approve',
      award: {
        amount: { amount: 5_000_000, currency: 'TND' },
        funders: [
          { funderId: 'sfax-city-budget', share: { amount: 3_000_000, currency: 'TND' } },
          { funderId: 'fondation-sud', share: { amount: 2_000_000, currency: 'TND' } },
        ],
      },
    });
    // Assess
    expect(approved.status).toBe(200);
    expect(await noticesOf(mayor, link, 'recommended')).toHaveLength(1);
    expect(await noticesOf(officer, link, 'recommended')).toEqual([]);
    const [award] = await noticesOf(cso, link, 'award_to_accept');
    expect(award?.title).toBe(`تمّت الموافقة على المنحة: ${title}`);
    // an amount in Arabic words and Latin digits, never a bare ISO code or date
    expect(award?.body).toMatch(/5[.,\s\u202f\u00a0]?000/);
    expect(award?.body).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const [funded] = await noticesOf(funder, link, 'grant_awarded');
    expect(funded?.title).toBe(`Grant awarded: ${title}`);
    expect(funded?.body).toContain('Amal');
  });

  it('tells the CSO of a payment, with the day in its language and no ISO date', async () => {
    // Prepare: an awarded fast-track grant of the demo whose first tranche is released
    const grants = (await officer.get('/v1/grants?limit=100')).body.items as {
      id: string;
      title: string;
      organisationId: string;
      tranches: { id: string; state: string }[];
    }[];
    const grant = grants.find(
      (g) => g.organisationId === 'amal-sfax' && g.tranches.some((t) => t.state === 'released'),
    );
    expect(grant).toBeDefined();
    if (!grant) return;
    const tranche = grant.tranches.find((t) => t.state === 'released');
    sys.setNow('2026-12-11T10:00:00Z');
    // Act
    const paid = await officer.post(`/v1/grants/${grant.id}/tranches/${tranche?.id}/pay`, {});
    sys.setNow(undefined);
    // Assess
    expect(paid.status).toBe(200);
    const [mail] = await mailsAbout(grant.title, 'payment_made');
    expect(mail?.to).toBe('cso@sfax.demo');
    expect(mail?.subject).toBe(`تمّ صرف دفعة: ${grant.title}`);
    expect(mail?.text).toContain('11 ديسمبر 2026');
    expect(mail?.text).not.toMatch(/2026-12-11/);
  });
});
