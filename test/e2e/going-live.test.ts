/**
 * Going live, through HTTP, from a brand-new city: the operator opens it (city:create), its admin sets
 * it up and invites people, a CSO registers itself, an officer verifies it, its contact signs in,
 * invites a colleague, becomes a partner and applies for a fast-track grant under the new ceiling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS } from '#domain/partnership';
import { createCity, parseCityArgs } from '#ops/city-create';
import { createDirectory } from '#users/directory';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '../support/harness.ts';

const registration = (number: string, email: string) => ({
  organisation: {
    name: 'Jeunesse Active Gabès',
    legalForm: 'association',
    registrationNumber: number,
    description: 'Youth clubs in the old town.',
    focusAreas: ['education'],
    languages: ['ar', 'fr'],
  },
  contact: { name: 'Salma Ben Ali', email, language: 'fr' },
});

const partnership = {
  motivation: 'We run youth clubs and want to work with the city.',
  focusAreas: ['education'],
  actionPlan: [
    { activity: 'Youth days', quarter: '2027-Q2', lead: 'joint', indicator: 'youth days held', target: 4 },
  ],
  documents: DOCUMENT_KINDS.map((kind) => ({ kind, reference: `${kind}-1`, date: '2026-03-01' })),
};
const checks = DOCUMENT_KINDS.map((item) => ({ item, ok: true }));

/** The mails left in the outbox, by recipient. */
async function outbox(sys: TestSystem, to: string) {
  const mails = [];
  for (const id of await sys.deps.store.pendingMailIds()) {
    const mail = await sys.deps.store.pendingMail<{
      id: string;
      createdAt: string;
      to: string;
      subject: string;
      text: string;
    }>(id);
    if (mail?.to === to) mails.push(mail);
  }
  return mails;
}

describe('going live: a brand-new city, from city:create to a grant under its own ceiling', () => {
  let sys: TestSystem;
  let admin: Client;
  beforeAll(async () => {
    sys = await startTestSystem(false);
    sys.setNow('2026-12-01T09:00:00.000Z');
    await createCity(
      sys.deps,
      createDirectory(sys.deps),
      parseCityArgs({
        id: 'gabes',
        name: 'Gabès',
        country: 'TN',
        currency: 'TND',
        timeZone: 'Africa/Tunis',
        adminEmail: 'admin@gabes.example',
        adminName: 'Amira Admin',
        language: 'fr',
      }),
    );
    admin = await sys.as('admin@gabes.example');
  });
  afterAll(async () => {
    await sys.close();
  });

  it('runs the whole journey over HTTP, and a submitted grant keeps the deadline of its day', async () => {
    // Act: the admin sets the ceiling and the holidays (If-Match from the ETag)
    const city = await admin.get('/v1/city');
    expect(city.status).toBe(200);
    expect(city.body).toMatchObject({ id: 'gabes', currency: 'TND', version: 1 });
    const set = await admin.patch(
      '/v1/city',
      {
        fastTrackCeiling: { amount: 20_000_000, currency: 'TND' },
        calendar: { holidays: ['2027-01-14', '2027-03-20'] },
      },
      { 'If-Match': city.headers.get('etag') ?? '' },
    );
    expect(set.status).toBe(200);
    expect(set.body.fastTrackCeiling.amount).toBe(20_000_000);
    expect(set.body.calendar).toMatchObject({ holidays: ['2027-01-14', '2027-03-20'], weekend: [6, 7] });
    expect(set.headers.get('etag')).toBe('"2"');
    const trail = await admin.get('/v1/audit/city/gabes');
    expect(trail.body.items.map((e: { event: string }) => e.event)).toEqual(['edit_settings']);

    // Act: the admin invites an officer and a mayor; the invitations land in the outbox
    const officerInvite = await admin.post('/v1/users', {
      email: 'officer@gabes.example',
      name: 'Omar Officer',
      roles: ['city_officer'],
      language: 'ar',
    });
    expect(officerInvite.status).toBe(201);
    expect(officerInvite.body.state).toBe('invited');
    expect(
      (
        await admin.post('/v1/users', {
          email: 'mayor@gabes.example',
          name: 'Mona Mayor',
          roles: ['mayor_office'],
          language: 'fr',
        })
      ).status,
    ).toBe(201);
    const [invitation] = await outbox(sys, 'officer@gabes.example');
    expect(invitation?.subject).toContain('Passerelle');
    expect(invitation?.text).toContain('http://');

    // Act: a CSO registers through the public form
    const registered = await fetch(`${sys.url}/v1/public/cities/gabes/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registration('TN-2019-123', 'salma@jeunesse.example')),
    });
    expect(registered.status).toBe(202);
    const { id: registrationId, state } = (await registered.json()) as { id: string; state: string };
    expect(state).toBe('submitted');

    // Act: the officer signs in (activated by the first request), sees it waiting and verifies it
    const officer = await sys.as('officer@gabes.example');
    const waiting = await officer.get('/v1/registrations?state=submitted');
    expect(waiting.body.items.map((r: { id: string }) => r.id)).toEqual([registrationId]);
    expect(waiting.body.items[0].allowedEvents).toEqual(['verify', 'decline']);
    const users = await admin.get('/v1/users?role=city_officer');
    expect(users.body.items).toEqual([
      expect.objectContaining({ email: 'officer@gabes.example', state: 'active' }),
    ]);
    const verified = await officer.event(`/v1/registrations/${registrationId}`, { type: 'verify' });
    expect(verified.status).toBe(200);
    expect(verified.body.state).toBe('verified');
    const organisationId = verified.body.organisationId as string;
    expect(organisationId).toBeTruthy();
    expect((await outbox(sys, 'salma@jeunesse.example'))[0]?.subject).toContain('Invitation');

    // Act: the contact signs in and invites a colleague to her organisation
    const salma = await sys.as('salma@jeunesse.example');
    const me = await salma.get('/v1/me');
    expect(me.body).toMatchObject({ organisationId, roles: ['cso'], cityId: 'gabes' });
    const colleague = await salma.post(`/v1/organisations/${organisationId}/members`, {
      email: 'karim@jeunesse.example',
      name: 'Karim',
      language: 'ar',
    });
    expect(colleague.status).toBe(201);
    expect(colleague.body).toMatchObject({ roles: ['cso'], organisationId, state: 'invited' });

    // Act: she applies for partnership; the officer and the mayor's office decide it
    const mayor = await sys.as('mayor@gabes.example');
    const applied = await salma.post('/v1/partnerships', partnership);
    expect(applied.status).toBe(201);
    const path = `/v1/partnerships/${applied.body.id}`;
    await salma.event(path, { type: 'submit' });
    await officer.event(path, { type: 'start_review' });
    await officer.event(path, { type: 'declare_no_conflict' });
    expect((await officer.event(path, { type: 'record_due_diligence', checks })).status).toBe(200);
    await mayor.event(path, { type: 'declare_no_conflict' });
    expect((await mayor.event(path, { type: 'approve' })).body.state).toBe('approved');
    // The agreement drawn up at approval is in force once both sides have signed it.
    await salma.event(path, { type: 'sign', name: 'Salma' });
    expect((await mayor.event(path, { type: 'sign', name: 'Mayor of Tunis' })).body.state).toBe('active');

    // Act: a fast-track grant above the old default ceiling (15,000 TND), within the new one
    const grant = await salma.post(
      '/v1/grants',
      fastApplication({
        amountRequested: { amount: 18_000_000, currency: 'TND' },
        budget: [{ label: 'Clubs', amount: { amount: 18_000_000, currency: 'TND' } }],
      }),
    );
    expect(grant.status).toBe(201);
    const eligibility = await salma.get(`/v1/grants/${grant.body.id}/eligibility`);
    expect(eligibility.body.eligible).toBe(true);
    const submitted = await salma.event(`/v1/grants/${grant.body.id}`, { type: 'submit' });
    expect(submitted.status).toBe(200);
    const deadline = submitted.body.decisionDueAt as string;

    // Act: the admin changes the decision deadline afterwards
    const now = await admin.get('/v1/city');
    const longer = await admin.patch(
      '/v1/city',
      { decisionWorkingDays: 30 },
      { 'If-Match': now.headers.get('etag') ?? '' },
    );
    expect(longer.status).toBe(200);

    // Assess: the submitted grant keeps the deadline of the day it was submitted
    expect((await salma.get(`/v1/grants/${grant.body.id}`)).body.decisionDueAt).toBe(deadline);
  });
});
