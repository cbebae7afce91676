/**
 * Access and duties, as a city relies on them: award funders of the grant's city only, separation of
 * duties on partnerships, reports and payments, audited profile changes, and CSO actions only for a real
 * CSO of the token's city.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS } from '#domain/partnership';
import type { User } from '#domain/types';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '../support/harness.ts';

const application = {
  motivation: 'We run youth clubs and want to work with the city.',
  focusAreas: ['education'],
  actionPlan: [
    { activity: 'Youth days', quarter: '2027-Q2', lead: 'joint', indicator: 'youth days held', target: 4 },
  ],
  documents: DOCUMENT_KINDS.map((kind) => ({ kind, reference: `${kind}-1`, date: '2026-03-01' })),
};
const checks = DOCUMENT_KINDS.map((item) => ({ item, ok: true }));
const rules = (body: { errors?: { rule: string }[] }) => (body.errors ?? []).map((e) => e.rule);

const user = (id: string, roles: User['roles'], organisationId?: string, cityId = 'sfax'): User => ({
  id,
  email: `${id}@example.test`,
  name: id,
  cityId,
  roles,
  language: 'en',
  ...(organisationId ? { organisationId } : {}),
});

describe('trust: access and duties', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let mayor: Client;

  /** A standard-track grant of amal-sfax (no fast-track limit between tests), recommended by the demo officer. */
  async function recommendedGrant(): Promise<string> {
    const { body } = await cso.post(
      '/v1/grants',
      fastApplication({ track: 'standard', title: `Grant ${Math.random()}` }),
    );
    await cso.event(`/v1/grants/${body.id}`, { type: 'submit' });
    await officer.event(`/v1/grants/${body.id}`, { type: 'start_review' });
    await officer.event(`/v1/grants/${body.id}`, { type: 'declare_no_conflict' });
    await officer.event(`/v1/grants/${body.id}`, {
      type: 'recommend',
      recommendation: 'approve',
      comment: 'Good.',
    });
    await mayor.event(`/v1/grants/${body.id}`, { type: 'declare_no_conflict' });
    return body.id as string;
  }

  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, officer, mayor] = await Promise.all([
      sys.as('cso@sfax.demo'),
      sys.as('officer@sfax.demo'),
      sys.as('mayor@sfax.demo'),
    ]);
  });
  afterAll(async () => {
    await sys.close();
  });

  it("refuses an award funder of another city (422), and the other city's funder sees nothing", async () => {
    // Prepare
    const id = await recommendedGrant();
    const share = { amount: 5_000_000, currency: 'TND' };
    // Act
    const res = await mayor.event(`/v1/grants/${id}`, {
      type: 'approve',
      award: { amount: share, funders: [{ funderId: 'malaga-city-budget', share }] },
    });
    // Assess: refused with the funder named, the grant still waits for a decision
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(rules(res.body)).toEqual(['award_funder_unknown']);
    expect(res.body.errors[0].path).toBe('award.funders.0.funderId');
    expect((await mayor.get(`/v1/grants/${id}`)).body.state).toBe('recommended');
    const malagaFunder = await sys.asUser(
      user('u-malaga-funder', ['funder'], 'malaga-city-budget', 'malaga'),
    );
    expect((await malagaFunder.get(`/v1/grants/${id}`)).status).toBe(404);
    // The city's own funders still work
    const ok = await mayor.event(`/v1/grants/${id}`, {
      type: 'approve',
      award: { amount: share, funders: [{ funderId: 'fondation-sud', share }] },
    });
    expect(ok.status).toBe(200);
  });

  it('a partnership is reviewed and decided only after each person declares no conflict, and the checker does not decide', async () => {
    // Prepare: Jisr applies; an officer who also sits in the mayor's office
    const jisr = await sys.as('newcso@sfax.demo');
    const both = await sys.asUser(user('u-officer-mayor', ['city_officer', 'mayor_office']));
    const { status, body } = await jisr.post('/v1/partnerships', application);
    expect(status).toBe(201);
    const path = `/v1/partnerships/${body.id}`;
    await jisr.event(path, { type: 'submit' });
    await officer.event(path, { type: 'start_review' });

    // Act / Assess: due diligence needs the officer's declaration first
    const early = await officer.event(path, { type: 'record_due_diligence', checks });
    expect(early.status).toBe(422);
    expect(rules(early.body)).toEqual(['conflict_declaration']);
    const offered = (await officer.get(path)).body.allowedEvents;
    expect(offered).toContain('declare_no_conflict');
    expect((await officer.event(path, { type: 'declare_no_conflict' })).status).toBe(200);
    expect((await officer.event(path, { type: 'record_due_diligence', checks })).status).toBe(200);

    // Act / Assess: the mayor's office declares too before deciding
    const undeclared = await mayor.event(path, { type: 'approve' });
    expect(undeclared.status).toBe(422);
    expect(rules(undeclared.body)).toEqual(['conflict_declaration']);

    // Act / Assess: whoever recorded due diligence does not decide, whatever their roles
    await both.event(path, { type: 'declare_no_conflict' });
    await both.event(path, { type: 'record_due_diligence', checks });
    const self = await both.event(path, { type: 'approve' });
    expect(self.status).toBe(403);
    expect(self.body.detail).toMatch(/due diligence/);

    await mayor.event(path, { type: 'declare_no_conflict' });
    const approved = await mayor.event(path, { type: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');
    const trail = (await jisr.get(`/v1/audit/partnership/${body.id}`)).body.items;
    expect(trail.filter((e: { event: string }) => e.event === 'declare_no_conflict')).toHaveLength(3);
  });

  it('nobody reviews a report of, or pays, an organisation they belong to (403)', async () => {
    // Prepare: an awarded grant of Amal, its advance released; a city officer who is a member of Amal
    const id = await recommendedGrant();
    await mayor.event(`/v1/grants/${id}`, { type: 'approve' });
    await cso.event(`/v1/grants/${id}`, { type: 'accept_award' });
    const insider = await sys.asUser(user('u-officer-amal', ['city_officer'], 'amal-sfax'));
    const [ms] = (await cso.get(`/v1/grants/${id}/milestones`)).body.items;
    await cso.event(`/v1/milestones/${ms.id}`, {
      type: 'submit_report',
      report: {
        narrative: 'Done.',
        indicatorResults: [{ name: 'families supported', value: 120 }],
        spent: { amount: 5_000_000, currency: 'TND' },
      },
    });
    // Act
    const pay = await insider.post(`/v1/grants/${id}/tranches/t1/pay`, {});
    const review = await insider.event(`/v1/milestones/${ms.id}`, { type: 'accept' });
    // Assess: both refused, nothing changed; another officer may
    expect(pay.status).toBe(403);
    expect(review.status).toBe(403);
    expect((await officer.get(`/v1/grants/${id}`)).body.tranches[0].state).toBe('released');
    expect((await officer.get(`/v1/milestones/${ms.id}`)).body.state).toBe('submitted');
    expect((await officer.post(`/v1/grants/${id}/tranches/t1/pay`, {})).status).toBe(200);
  });

  it('audits every profile change, readable by members and city staff only', async () => {
    // Prepare: Jisr has no partnership in force yet
    const jisr = await sys.as('newcso@sfax.demo');
    const before = (await jisr.get('/v1/organisations/jisr-sfax')).body;
    // Act
    const res = await jisr.patch('/v1/organisations/jisr-sfax', { description: 'Youth clubs in Sfax.' });
    // Assess
    expect(res.status).toBe(200);
    const trail = await jisr.get('/v1/audit/organisation/jisr-sfax');
    expect(trail.status).toBe(200);
    const last = trail.body.items.at(-1);
    expect(last).toMatchObject({ event: 'edit_profile', actorId: 'u-newcso-sfax', role: 'cso' });
    expect(last.data.changes.description).toEqual({
      from: before.description ?? null,
      to: 'Youth clubs in Sfax.',
    });
    expect((await officer.get('/v1/audit/organisation/jisr-sfax')).status).toBe(200);
    expect((await (await sys.as('horizons@sfax.demo')).get('/v1/audit/organisation/jisr-sfax')).status).toBe(
      404,
    );
    expect((await (await sys.as('officer@malaga.demo')).get('/v1/audit/organisation/jisr-sfax')).status).toBe(
      404,
    );
  });

  it("locks a CSO's name and registration number once its partnership is in force; an officer changes them, audited", async () => {
    // Prepare: Amal has an active partnership
    const name = (await cso.get('/v1/organisations/amal-sfax')).body.name;
    // Act
    const rename = await cso.patch('/v1/organisations/amal-sfax', { name: 'City of Sfax — own budget' });
    const renumber = await cso.patch('/v1/organisations/amal-sfax', { registrationNumber: 'X-1' });
    // Assess: refused, the name unchanged, in the register too
    expect(rename.status).toBe(422);
    expect(rules(rename.body)).toEqual(['profile_locked']);
    expect(renumber.status).toBe(422);
    expect((await cso.get('/v1/organisations/amal-sfax')).body.name).toBe(name);
    // Other fields stay the CSO's to edit
    expect((await cso.patch('/v1/organisations/amal-sfax', { website: 'https://amal.example' })).status).toBe(
      200,
    );
    // An officer makes the change, and it is on the record
    const byOfficer = await officer.patch('/v1/organisations/amal-sfax', { name: 'Association Amal' });
    expect(byOfficer.status).toBe(200);
    expect(byOfficer.body.name).toBe('Association Amal');
    const trail = (await cso.get('/v1/audit/organisation/amal-sfax')).body.items;
    expect(trail.at(-1)).toMatchObject({
      event: 'edit_profile',
      actorId: 'u-officer-sfax',
      role: 'city_officer',
    });
    expect(trail.at(-1).data.changes.name).toEqual({ from: name, to: 'Association Amal' });
  });

  it.each([
    // An organisation of another city was already refused at sign-in (auth.ts): the token is inconsistent.
    ['an organisation that does not exist', 'ghost-org', 403],
    ['a funder', 'fondation-sud', 403],
    ["another city's CSO", 'acoge-malaga', 401],
  ])('refuses CSO actions to a token naming %s (%s)', async (_what, organisationId, status) => {
    // Prepare
    const token = await sys.asUser(user(`u-${organisationId}`, ['cso'], organisationId));
    // Act
    const grant = await token.post('/v1/grants', fastApplication());
    const partnership = await token.post('/v1/partnerships', application);
    // Assess: refused, and nothing was created for that organisation
    expect(grant.status).toBe(status);
    expect(partnership.status).toBe(status);
    expect(grant.headers.get('content-type')).toContain('application/problem+json');
    const listed = await token.get('/v1/grants');
    expect(listed.status === 200 ? listed.body.items : []).toEqual([]);
  });
});
