/**
 * The staff workspace, on a town of its own so that every answer is known: grants named by organisation
 * and funder, the grants list's search and filters, the payments to make, the organisation panel and who
 * may read it, and the mayor's office's figures of a year.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CitySettings, Organisation, Role, User } from '#domain/types';
import { RECORD_SK } from '#store/keys';
import { recordIndexKeys, recordPk } from '#store/records';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '#test/support/harness';
import { putItem } from '#test/support/raw-table';

const TOWN = 'whoistown';
const tnd = (amount: number) => ({ amount, currency: 'TND' });

function org(id: string, kind: 'cso' | 'funder', name: string): Organisation {
  const at = '2026-06-01T08:00:00Z';
  return { id, kind, cityId: TOWN, name, version: 1, createdAt: at, updatedAt: at };
}

function user(id: string, roles: Role[], organisationId?: string): User {
  return {
    id,
    email: `${id}@whoistown.test`,
    name: `Person ${id}`,
    cityId: TOWN,
    roles,
    language: 'en',
    ...(organisationId ? { organisationId } : {}),
  };
}

/** A standard-track application of `amount` minor units, one budget line. */
const application = (title: string, amount: number) =>
  fastApplication({
    track: 'standard',
    title,
    amountRequested: tnd(amount),
    budget: [{ label: 'All costs', amount: tnd(amount) }],
  });

describe('the staff workspace', () => {
  let sys: TestSystem;
  let alpha: Client;
  let beta: Client;
  let officer: Client;
  let mayor: Client;
  let funder: Client;
  const ids: Record<string, string> = {};

  async function expectOk(res: { status: number; body: unknown }, what: string) {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Submits at `submitAt`, recommends, and has the mayor's office decide at `decideAt`. */
  async function decide(
    id: string,
    cso: Client,
    submitAt: string,
    decideAt: string,
    decision: Record<string, unknown>,
  ) {
    sys.setNow(submitAt);
    await expectOk(await cso.event(`/v1/grants/${id}`, { type: 'submit' }), 'submit');
    for (const e of [
      { type: 'start_review' },
      { type: 'declare_no_conflict' },
      {
        type: 'recommend',
        recommendation: decision.type === 'approve' ? 'approve' : 'reject',
        comment: 'Checked.',
      },
    ])
      await expectOk(await officer.event(`/v1/grants/${id}`, e), String(e.type));
    sys.setNow(decideAt);
    await expectOk(await mayor.event(`/v1/grants/${id}`, { type: 'declare_no_conflict' }), 'declare');
    await expectOk(await mayor.event(`/v1/grants/${id}`, decision), String(decision.type));
  }

  beforeAll(async () => {
    sys = await startTestSystem();
    const sfax = (await sys.deps.store.getCity('sfax')) as CitySettings;
    await sys.deps.store.putCity({ ...sfax, id: TOWN, name: 'Whoistown', budgetFunderId: 'w-budget' });
    for (const o of [
      org('w-alpha', 'cso', 'Alpha Aid'),
      org('w-beta', 'cso', 'Beta Bridges'),
      org('w-budget', 'funder', 'Whoistown budget'),
      org('w-found', 'funder', 'Fondation Wadi'),
    ])
      await sys.deps.store.putOrganisation(o);
    alpha = await sys.asUser(user('w-alpha-member', ['cso'], 'w-alpha'));
    beta = await sys.asUser(user('w-beta-member', ['cso'], 'w-beta'));
    officer = await sys.asUser(user('w-officer', ['city_officer']));
    mayor = await sys.asUser(user('w-mayor', ['mayor_office']));
    funder = await sys.asUser(user('w-funder', ['funder'], 'w-found'));

    sys.setNow('2027-01-20T09:00:00Z');
    for (const [key, cso, title, amount] of [
      ['winter', alpha, 'Winter clothes', 5_000_000],
      ['classes', beta, 'Language classes', 3_000_000],
      ['shelter', alpha, 'Night shelter', 2_000_000],
      ['idea', beta, 'A draft idea', 1_000_000],
    ] as const) {
      const res = await cso.post('/v1/grants', application(title, amount));
      await expectOk(res, `create ${title}`);
      ids[key] = res.body.id;
    }
    // Winter clothes: submitted Monday 1 February, approved Friday 5 February (4 working days), co-funded.
    await decide(ids.winter as string, alpha, '2027-02-01T09:00:00Z', '2027-02-05T10:00:00Z', {
      type: 'approve',
      award: {
        amount: tnd(5_000_000),
        funders: [
          { funderId: 'w-found', share: tnd(3_000_000) },
          { funderId: 'w-budget', share: tnd(2_000_000) },
        ],
      },
    });
    sys.setNow('2027-02-08T09:00:00Z');
    await expectOk(await alpha.event(`/v1/grants/${ids.winter}`, { type: 'accept_award' }), 'accept');
    // Language classes: submitted 1 February, rejected Monday 15 February (10 working days).
    await decide(ids.classes as string, beta, '2027-02-01T09:00:00Z', '2027-02-15T10:00:00Z', {
      type: 'reject',
      comment: 'Another programme covers it.',
    });
    // Night shelter: submitted 1 March; the 40th working day is 29 April (10, 11 March and 9 April are
    // holidays); approved Monday 3 May, 42 working days on: late.
    await decide(ids.shelter as string, alpha, '2027-03-01T09:00:00Z', '2027-05-03T10:00:00Z', {
      type: 'approve',
      award: { amount: tnd(2_000_000), funders: [{ funderId: 'w-budget', share: tnd(2_000_000) }] },
    });
    sys.setNow('2027-05-10T09:00:00Z');
    // Alpha's partnership and one overdue annual review: what the daily job would have left.
    const partnership = {
      id: 'w-p-alpha',
      cityId: TOWN,
      organisationId: 'w-alpha',
      organisationName: 'Alpha Aid',
      state: 'active',
      version: 3,
      createdAt: '2026-06-02T08:00:00Z',
      updatedAt: '2026-07-01T08:00:00Z',
      createdBy: 'w-alpha-member',
      motivation: 'Working with the city.',
      focusAreas: ['shelter'],
      actionPlan: [],
      documents: [],
      term: { start: '2026-07-01', end: '2029-06-30' },
      terms: [{ start: '2026-07-01', end: '2029-06-30' }],
    };
    const review = {
      id: 'w-m-review',
      cityId: TOWN,
      organisationId: 'w-alpha',
      state: 'overdue',
      version: 2,
      createdAt: '2026-07-01T08:00:00Z',
      updatedAt: '2027-04-02T05:00:00Z',
      createdBy: 'w-mayor',
      parentType: 'partnership',
      parentId: 'w-p-alpha',
      partnershipId: 'w-p-alpha',
      kind: 'annual_review',
      title: 'Alpha Aid',
      dueDate: '2027-04-01',
      late: true,
      indicators: [],
      currency: 'TND',
    };
    for (const [type, r] of [
      ['partnership', partnership],
      ['milestone', review],
    ] as const)
      await putItem(sys.deps.store, {
        ...r,
        PK: recordPk(type, r.id),
        SK: RECORD_SK,
        entity: type,
        auditHash: 'x',
        ...recordIndexKeys(type, r),
      });
  }, 120_000);
  afterAll(async () => {
    await sys?.close();
  });

  const titles = async (client: Client, query: string) => {
    const res = await client.get(`/v1/grants?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as { title: string }[]).map((g) => g.title).sort();
  };

  it('names the organisation on every grant and each funder of an award', async () => {
    // Act
    const list = await officer.get('/v1/grants?limit=100');
    const one = await funder.get(`/v1/grants/${ids.winter}`);
    // Assess
    const byTitle = Object.fromEntries(
      (list.body.items as { title: string; organisationName: string }[]).map((g) => [
        g.title,
        g.organisationName,
      ]),
    );
    expect(byTitle).toEqual({
      'Winter clothes': 'Alpha Aid',
      'Language classes': 'Beta Bridges',
      'Night shelter': 'Alpha Aid',
      'A draft idea': 'Beta Bridges',
    });
    expect(one.status).toBe(200);
    expect(one.body.award.funders.map((f: { name: string }) => f.name)).toEqual([
      'Fondation Wadi',
      'Whoistown budget',
    ]);
  });

  it('names organisations and funders in the export officers and the mayor’s office download', async () => {
    // Act
    const officerCsv = await officer.get('/v1/exports/portfolio.csv');
    const mayorCsv = await mayor.get('/v1/exports/portfolio.csv');
    // Assess
    expect(officerCsv.status).toBe(200);
    expect(mayorCsv.status).toBe(200);
    expect(String(officerCsv.body)).toContain('Alpha Aid');
    expect(String(officerCsv.body)).toContain('Fondation Wadi (3000.000)');
  });

  it('finds grants by words, organisation, funder, lateness, state and track', async () => {
    // Act / Assess: each filter alone, then together
    expect(await titles(officer, 'q=WINTER')).toEqual(['Winter clothes']);
    expect(await titles(officer, 'q=beta%20bridges')).toEqual(['A draft idea', 'Language classes']);
    expect(await titles(officer, 'organisationId=w-alpha')).toEqual(['Night shelter', 'Winter clothes']);
    expect(await titles(officer, 'funderId=w-found')).toEqual(['Winter clothes']);
    expect(await titles(mayor, 'funderId=w-budget')).toEqual(['Night shelter', 'Winter clothes']);
    expect(await titles(officer, 'late=true')).toEqual(['Night shelter']);
    expect(await titles(officer, 'late=false')).toEqual([
      'A draft idea',
      'Language classes',
      'Winter clothes',
    ]);
    expect(await titles(officer, 'state=rejected')).toEqual(['Language classes']);
    expect(await titles(officer, 'track=fast')).toEqual([]);
    expect(await titles(officer, 'organisationId=w-alpha&state=active')).toEqual(['Winter clothes']);
    expect(await titles(officer, 'funderId=w-budget&late=false&q=winter')).toEqual(['Winter clothes']);
  });

  it('pages a filtered list in full pages, losing nothing', async () => {
    // Act: one grant a page
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { title: string }[]; nextCursor: string | null } } =
        await officer.get(`/v1/grants?q=a&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((g) => g.title));
      cursor = res.body.nextCursor;
    } while (cursor);
    // Assess: every grant has an "a" in its title or organisation's name
    expect(seen.sort()).toEqual(['A draft idea', 'Language classes', 'Night shelter', 'Winter clothes']);
  });

  it('keeps the filters within what the user may see, and refuses a bad one', async () => {
    // Act / Assess
    expect(await titles(beta, 'organisationId=w-alpha')).toEqual([]);
    expect(await titles(beta, 'q=classes')).toEqual(['Language classes']);
    expect(await titles(funder, 'late=false')).toEqual(['Winter clothes']);
    const bad = await officer.get('/v1/grants?late=maybe&organisationId=a%20b');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['late', 'organisationId']);
  });

  it('lists the payments to make for officers and the mayor’s office, and to nobody else', async () => {
    // Act
    const due = await officer.get('/v1/tranches?state=due');
    const held = await mayor.get('/v1/tranches?state=held');
    // Assess: the winter clothes' advance (80 %), released when the award was accepted
    expect(due.status).toBe(200);
    expect(due.body.items).toEqual([
      expect.objectContaining({
        grantId: ids.winter,
        grantTitle: 'Winter clothes',
        organisationName: 'Alpha Aid',
        tranche: expect.objectContaining({ amount: tnd(4_000_000), state: 'released' }),
      }),
    ]);
    expect(held.body.items).toEqual([]);
    expect((await alpha.get('/v1/tranches?state=due')).status).toBe(403);
    expect((await funder.get('/v1/tranches?state=due')).status).toBe(403);
    expect((await officer.get('/v1/tranches?state=paid')).status).toBe(400);
  });

  it('shows a reviewer the organisation behind an application: profile, partnership, grants, reports', async () => {
    // Act
    const res = await officer.get('/v1/organisations/w-alpha/record');
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.organisation).toMatchObject({ id: 'w-alpha', name: 'Alpha Aid' });
    expect(res.body.partnership).toEqual({
      id: 'w-p-alpha',
      state: 'active',
      term: { start: '2026-07-01', end: '2029-06-30' },
    });
    expect(res.body.grants.map((g: { title: string; state: string }) => [g.title, g.state]).sort()).toEqual([
      ['Night shelter', 'approved'],
      ['Winter clothes', 'active'],
    ]);
    expect(res.body.reports).toEqual({ onTime: 0, late: 0, overdue: 1 });
    expect(res.body.overdue).toEqual([
      {
        id: 'w-m-review',
        title: 'Alpha Aid',
        kind: 'annual_review',
        dueDate: '2027-04-01',
        parentType: 'partnership',
        parentId: 'w-p-alpha',
      },
    ]);
    // and the draft of another organisation is nobody's business yet
    const betaRecord = await mayor.get('/v1/organisations/w-beta/record');
    expect(betaRecord.body.grants.map((g: { title: string }) => g.title)).toEqual(['Language classes']);
  });

  it('keeps the panel to the city’s staff and the organisation’s own members', async () => {
    // Prepare
    const sfaxOfficer = await sys.as('officer@sfax.demo');
    // Act / Assess
    expect((await alpha.get('/v1/organisations/w-alpha/record')).status).toBe(200);
    expect((await beta.get('/v1/organisations/w-alpha/record')).status).toBe(404);
    expect((await funder.get('/v1/organisations/w-alpha/record')).status).toBe(403);
    expect((await sfaxOfficer.get('/v1/organisations/w-alpha/record')).status).toBe(404);
    expect((await officer.get('/v1/organisations/w-found/record')).status).toBe(404);
  });

  it('gives the mayor’s office the figures of a year of decisions', async () => {
    // Act
    const res = await mayor.get('/v1/insights/decisions?year=2027');
    // Assess: three decisions (4, 10 and 42 working days), one late, 7,000 TND committed
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      year: 2027,
      decided: 3,
      decidedOnTime: 2,
      medianWorkingDays: 10,
      committed: tnd(7_000_000),
    });
    expect(res.body.byMonth).toHaveLength(12);
    expect(res.body.byMonth[1]).toEqual({
      month: '2027-02',
      decided: 2,
      decidedOnTime: 2,
      committed: tnd(5_000_000),
    });
    expect(res.body.byMonth[4]).toEqual({
      month: '2027-05',
      decided: 1,
      decidedOnTime: 0,
      committed: tnd(2_000_000),
    });
    const empty = await officer.get('/v1/insights/decisions?year=2026');
    expect(empty.body).toMatchObject({ decided: 0, medianWorkingDays: null, committed: tnd(0) });
    expect((await mayor.get('/v1/insights/decisions')).body.year).toBe(2027);
    expect((await mayor.get('/v1/insights/decisions?year=last')).status).toBe(400);
    expect((await alpha.get('/v1/insights/decisions?year=2027')).status).toBe(403);
  });

  it('records a payment with the day it was made and its reference, refusing a day outside the award', async () => {
    // Prepare: the winter clothes' advance, released; today is 10 May 2027, the award was on 5 February
    const path = `/v1/grants/${ids.winter}/tranches/t1/pay`;

    // Act
    const early = await officer.post(path, { paidOn: '2027-02-04', reference: 'VIR-1' });
    const future = await officer.post(path, { paidOn: '2027-05-11', reference: 'VIR-1' });
    const twoLines = await officer.post(path, { paidOn: '2027-05-07', reference: 'VIR\n1' });
    const between = await sys.deps.store.getRecord<{ tranches: { state: string }[] }>(
      'grant',
      ids.winter as string,
    );
    const paid = await officer.post(path, { paidOn: '2027-05-07', reference: 'VIR-2027-0042' });

    // Assess: refused with the rule, nothing written; then paid, with its day and reference
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([expect.objectContaining({ path: 'paidOn' })]);
    expect(future.status).toBe(422);
    expect(twoLines.status).toBe(400);
    expect(between?.record.tranches[0]?.state).toBe('released');
    expect(paid.status).toBe(200);
    expect(paid.body.tranches[0]).toMatchObject({
      state: 'paid',
      paidOn: '2027-05-07',
      reference: 'VIR-2027-0042',
    });
    expect((await officer.get('/v1/tranches?state=due')).body.items).toEqual([]);
  });

  it('names the people of a grant’s history for the city’s staff, and only for them', async () => {
    // Act
    const staff = await officer.get(`/v1/audit/grant/${ids.winter}`);
    const own = await alpha.get(`/v1/audit/grant/${ids.winter}`);

    // Assess
    const byEvent = (items: { event: string; actorName?: string }[]) =>
      Object.fromEntries(items.map((e) => [e.event, e.actorName]));
    expect(byEvent(staff.body.items)).toMatchObject({
      create: 'Person w-alpha-member',
      recommend: 'Person w-officer',
      approve: 'Person w-mayor',
    });
    expect(own.body.items.every((e: { actorName?: string }) => e.actorName === undefined)).toBe(true);
  });

  it('names the organisation on every item of a queue, reports included', async () => {
    // Act: the association's own queue (an award to accept, an overdue annual review)
    const res = await alpha.get('/v1/queue');

    // Assess
    expect(res.status).toBe(200);
    const items = res.body.items as { kind: string; organisationName?: string }[];
    expect([...new Set(items.map((i) => i.kind))].sort()).toEqual(['grant', 'milestone']);
    expect(items.every((i) => i.organisationName === 'Alpha Aid')).toBe(true);
  });
});
