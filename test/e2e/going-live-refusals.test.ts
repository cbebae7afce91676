/**
 * What the going-live routes refuse, each with a problem+json and nothing half-written: unknown fields,
 * a role/organisation mismatch, a used e-mail, another city's user, a stale If-Match, a CSO on an admin
 * route, too many registrations from one address, a registration number registered twice; and what a
 * disabled user and the last admin meet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCity, parseCityArgs } from '#ops/city-create';
import { createDirectory } from '#users/directory';
import { type Client, startTestSystem, type TestSystem } from '../support/harness.ts';

const cityArgs = (id: string, adminEmail: string) =>
  parseCityArgs({
    id,
    name: id,
    country: 'TN',
    currency: 'TND',
    timeZone: 'Africa/Tunis',
    adminEmail,
    adminName: 'Admin',
  });

const registration = (number: string, email: string, language = 'ar') => ({
  organisation: {
    name: `Association ${number}`,
    legalForm: 'association',
    registrationNumber: number,
    description: 'Neighbourhood work.',
    focusAreas: ['education'],
    languages: ['ar'],
  },
  contact: { name: 'Contact', email, language },
});

describe('going live: what is refused', () => {
  let sys: TestSystem;
  let admin: Client;
  let otherAdmin: Client;
  const register = (city: string, body: unknown, address: string) =>
    fetch(`${sys.url}/v1/public/cities/${city}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `${address}, 10.0.0.1` },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    sys = await startTestSystem(false);
    sys.setNow('2026-12-01T09:10:00.000Z');
    const directory = createDirectory(sys.deps);
    await createCity(sys.deps, directory, cityArgs('kairouan', 'admin@kairouan.example'));
    await createCity(sys.deps, directory, cityArgs('bizerte', 'admin@bizerte.example'));
    admin = await sys.as('admin@kairouan.example');
    otherAdmin = await sys.as('admin@bizerte.example');
  });
  afterAll(async () => {
    await sys.close();
  });

  it('refuses bad invitations and changes with the matching status, and writes nothing for them', async () => {
    // Act / Assess: an unknown field is a 400
    const unknown = await admin.post('/v1/users', {
      email: 'x@kairouan.example',
      name: 'X',
      roles: ['city_officer'],
      language: 'fr',
      password: 'secret',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');

    // a staff role with an organisation, a CSO role without one: 422
    const mismatch = await admin.post('/v1/users', {
      email: 'y@kairouan.example',
      name: 'Y',
      roles: ['cso'],
      language: 'fr',
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors.map((e: { rule: string }) => e.rule)).toEqual(['organisation_of_kind']);

    // an e-mail in use: 409, even in another city
    const used = await otherAdmin.post('/v1/users', {
      email: 'ADMIN@kairouan.example',
      name: 'Z',
      roles: ['city_officer'],
      language: 'fr',
    });
    expect(used.status).toBe(409);

    // another city's user: 404
    const theirs = (await otherAdmin.get('/v1/users')).body.items[0].id as string;
    expect((await admin.patch(`/v1/users/${theirs}`, { disabled: true })).status).toBe(404);

    // the last admin cannot lock themselves out: 409
    const me = (await admin.get('/v1/me')).body.id as string;
    expect((await admin.patch(`/v1/users/${me}`, { disabled: true })).status).toBe(409);
    expect((await admin.patch(`/v1/users/${me}`, { roles: ['city_officer'] })).status).toBe(409);

    // Assess: none of the refused invitations left a user
    const emails = (await admin.get('/v1/users')).body.items.map((u: { email: string }) => u.email);
    expect(emails).toEqual(['admin@kairouan.example']);
  });

  it('refuses a stale If-Match (412), a ceiling in another currency (422) and a CSO on admin routes (403)', async () => {
    // Prepare
    const city = await admin.get('/v1/city');
    const etag = city.headers.get('etag') ?? '';
    expect((await admin.patch('/v1/city', { maxOpenFastGrants: 3 }, { 'If-Match': etag })).status).toBe(200);

    // Act / Assess
    const stale = await admin.patch('/v1/city', { maxOpenFastGrants: 4 }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    const currency = await admin.patch('/v1/city', { fastTrackCeiling: { amount: 1000, currency: 'EUR' } });
    expect(currency.status).toBe(422);
    const holiday = await admin.patch('/v1/city', { calendar: { holidays: ['2027-02-30'] } });
    expect(holiday.status).toBe(400);
    const weekend = await admin.patch('/v1/city', { calendar: { weekend: [8] } });
    expect(weekend.status).toBe(400);
    expect((await admin.get('/v1/city')).body.maxOpenFastGrants).toBe(3);

    const registered = await register('kairouan', registration('K-1', 'k1@assoc.example'), '203.0.113.9');
    const { id } = (await registered.json()) as { id: string };
    const officer = await admin.post('/v1/users', {
      email: 'officer@kairouan.example',
      name: 'O',
      roles: ['city_officer'],
      language: 'fr',
    });
    expect(officer.status).toBe(201);
    const verified = await (await sys.as('officer@kairouan.example')).event(`/v1/registrations/${id}`, {
      type: 'verify',
    });
    const cso = await sys.as('k1@assoc.example');
    expect((await cso.get('/v1/users')).status).toBe(403);
    expect((await cso.patch('/v1/city', { maxOpenFastGrants: 1 })).status).toBe(403);
    expect((await cso.get('/v1/registrations')).status).toBe(403);

    // a CSO member invites only to their own organisation
    const other = await admin.post('/v1/organisations', { kind: 'funder', name: 'Fondation Nord' });
    expect(other.status).toBe(201);
    const elsewhere = await cso.post(`/v1/organisations/${other.body.id}/members`, {
      email: 'sneak@assoc.example',
      name: 'S',
      language: 'fr',
    });
    // another organisation is not found rather than forbidden
    expect(elsewhere.status).toBe(404);
    expect(verified.body.organisationId).toBeTruthy();
  });

  it('refuses a registration number twice at verify (409) and mails a decline in the contact’s language', async () => {
    // Prepare
    const officer = await sys.as('officer@kairouan.example');
    const first = (await (
      await register('kairouan', registration('B 22', 'b1@a.example'), '198.51.100.1')
    ).json()) as {
      id: string;
    };
    const second = (await (
      await register('kairouan', registration('b-22', 'b2@a.example'), '198.51.100.1')
    ).json()) as {
      id: string;
    };
    const third = (await (
      await register('kairouan', registration('C-3', 'c@a.example', 'fr'), '198.51.100.1')
    ).json()) as {
      id: string;
    };

    // Act / Assess
    expect((await officer.event(`/v1/registrations/${first.id}`, { type: 'verify' })).status).toBe(200);
    const again = await officer.event(`/v1/registrations/${second.id}`, { type: 'verify' });
    expect(again.status).toBe(409);
    expect((await officer.get(`/v1/registrations/${second.id}`)).body.state).toBe('submitted');
    const declined = await officer.event(`/v1/registrations/${third.id}`, {
      type: 'decline',
      comment: 'Le numéro ne figure pas au registre.',
    });
    expect(declined.body.state).toBe('declined');
    const mails = [];
    for (const mailId of await sys.deps.store.pendingMailIds()) {
      const mail = await sys.deps.store.pendingMail<{
        id: string;
        createdAt: string;
        to: string;
        text: string;
      }>(mailId);
      if (mail?.to === 'c@a.example') mails.push(mail);
    }
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('Le numéro ne figure pas au registre.');
    expect(mails[0]?.text).toContain('municipalité');
    const trail = await officer.get(`/v1/audit/registration/${third.id}`);
    expect(trail.body.items.map((e: { event: string }) => e.event)).toEqual(['submit', 'decline']);
  });

  it('takes five registrations an hour from one address, then 429 with Retry-After; an unknown city is 404', async () => {
    // Act
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await register('bizerte', registration(`R-${i}`, `r${i}@a.example`), '192.0.2.7')).status,
      );
    const refused = await register('bizerte', registration('R-9', 'r9@a.example'), '192.0.2.7');

    // Assess
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await register('bizerte', registration('R-10', 'r10@a.example'), '192.0.2.8')).status).toBe(202);
    expect((await register('nowhere', registration('R-11', 'r11@a.example'), '192.0.2.9')).status).toBe(404);
    const strict = await register(
      'bizerte',
      { ...registration('R-12', 'r12@a.example'), extra: 1 },
      '192.0.2.9',
    );
    expect(strict.status).toBe(400);
  });

  it('refuses a disabled user from the next request (401)', async () => {
    // Prepare
    const invited = await otherAdmin.post('/v1/users', {
      email: 'mayor@bizerte.example',
      name: 'M',
      roles: ['mayor_office'],
      language: 'ar',
    });
    const mayor = await sys.as('mayor@bizerte.example');
    expect((await mayor.get('/v1/city')).status).toBe(200);

    // Act
    const disabled = await otherAdmin.patch(`/v1/users/${invited.body.id}`, { disabled: true });

    // Assess
    expect(disabled.body.state).toBe('disabled');
    expect((await mayor.get('/v1/city')).status).toBe(401);
  });
});
