/**
 * Going live, the parts a city relies on once it runs: registrations wait in the officers' queue until
 * verified, and a submitted grant is judged by the rules in force the day it was submitted, not by the
 * settings the admin changes afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  fastApplication,
  type Reply,
  startTestSystem,
  type TestSystem,
} from '../support/harness.ts';

/** Every item of the queue, following its cursor. */
async function wholeQueue(client: Client) {
  const items = [];
  let cursor: string | null = null;
  do {
    const page: Reply = await client.get(`/v1/queue${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** A fast-track application for `amount` millimes, starting next month whatever the day the test runs. */
function fastFor(amount: number) {
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  return fastApplication({
    amountRequested: { amount, currency: 'TND' },
    budget: [{ label: 'Desk', amount: { amount, currency: 'TND' } }],
    startDate: day(30),
    endDate: day(120),
  });
}

describe('going live: the queue and the rules of the day', () => {
  let sys: TestSystem;
  let admin: Client;
  let officer: Client;
  let mayor: Client;
  let cso: Client;
  beforeAll(async () => {
    sys = await startTestSystem(true);
    admin = await sys.as('admin@sfax.demo');
    officer = await sys.as('officer@sfax.demo');
    mayor = await sys.as('mayor@sfax.demo');
    cso = await sys.as('cso@sfax.demo');
  });
  afterAll(async () => {
    await sys.close();
  });

  it('a registration waits in the officers’ queue, with its name and date, until an officer verifies it', async () => {
    // Prepare: an association registers on the public form
    const sent = await fetch(`${sys.url}/v1/public/cities/sfax/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        organisation: {
          name: 'جمعية الأمل للشباب',
          legalForm: 'association',
          registrationNumber: 'TN-2020-777',
          description: 'Youth clubs in Sfax medina.',
          focusAreas: ['education'],
          languages: ['ar'],
        },
        contact: { name: 'Hela', email: 'hela@amal-youth.example', language: 'ar' },
      }),
    });
    expect(sent.status).toBe(202);
    const { id } = (await sent.json()) as { id: string };

    // Act: the officer, the mayor's office and the CSO read their queues
    const officers = await wholeQueue(officer);
    const mayors = await wholeQueue(mayor);
    const csos = await wholeQueue(cso);

    // Assess: only the officer sees it, as a registration to verify, with the name it registered under
    const waiting = officers.filter((i: { kind: string }) => i.kind === 'registration');
    expect(waiting).toEqual([
      {
        kind: 'registration',
        reason: 'verify_registration',
        organisationName: 'جمعية الأمل للشباب',
        record: {
          id,
          state: 'submitted',
          submittedAt: expect.any(String),
          registrationNumber: 'TN-2020-777',
        },
      },
    ]);
    expect(mayors.some((i: { kind: string }) => i.kind === 'registration')).toBe(false);
    expect(csos.some((i: { kind: string }) => i.kind === 'registration')).toBe(false);

    // Act: the officer verifies it from there
    const verified = await officer.event(`/v1/registrations/${id}`, { type: 'verify' });

    // Assess: it has left the queue
    expect(verified.status).toBe(200);
    expect((await wholeQueue(officer)).some((i: { kind: string }) => i.kind === 'registration')).toBe(false);
  });

  it('a grant submitted under a ceiling is still approved at its amount after the admin lowers it', async () => {
    // Prepare: cso@sfax.demo submits 14,000 TND under the 15,000 TND ceiling
    const draft = await cso.post('/v1/grants', fastFor(14_000_000));
    expect(draft.status).toBe(201);
    const path = `/v1/grants/${draft.body.id}`;
    const submitted = await cso.event(path, { type: 'submit' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.rulesAtSubmission).toEqual({
      fastTrackCeiling: { amount: 15_000_000, currency: 'TND' },
      decisionWorkingDays: 10,
    });

    // Act: the admin lowers the ceiling to 10,000 TND and lengthens the decision deadline
    const city = await admin.get('/v1/city');
    const lowered = await admin.patch(
      '/v1/city',
      { fastTrackCeiling: { amount: 10_000_000, currency: 'TND' }, decisionWorkingDays: 20 },
      { 'If-Match': city.headers.get('etag') ?? '' },
    );
    expect(lowered.status).toBe(200);
    // ... and the grant goes through review and decision
    await officer.event(path, { type: 'start_review' });
    await officer.event(path, { type: 'declare_no_conflict' });
    await officer.event(path, { type: 'recommend', recommendation: 'approve', comment: 'Clear need.' });
    await mayor.event(path, { type: 'declare_no_conflict' });
    const approved = await mayor.event(path, { type: 'approve' });

    // Assess: approved at the amount asked, judged by the rules of its day
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'approved',
      award: { amount: { amount: 14_000_000, currency: 'TND' } },
      decisionDueAt: submitted.body.decisionDueAt,
      rulesAtSubmission: { fastTrackCeiling: { amount: 15_000_000, currency: 'TND' } },
    });
  });

  it('a new submission over the lowered ceiling is refused with the within_ceiling rule', async () => {
    // Prepare: the ceiling is now 10,000 TND (previous test)
    const draft = await cso.post('/v1/grants', fastFor(12_000_000));
    expect(draft.status).toBe(201);

    // Act
    const refused = await cso.event(`/v1/grants/${draft.body.id}`, { type: 'submit' });

    // Assess: problem+json naming the rule, and the grant is still a draft
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors.map((e: { rule: string }) => e.rule)).toContain('within_ceiling');
    expect((await cso.get(`/v1/grants/${draft.body.id}`)).body.state).toBe('draft');
  });
});
