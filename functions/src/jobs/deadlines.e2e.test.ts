// biome-ignore-all lint/suspicious/noExplicitAny: API replies are checked field by field
/**
 * The daily deadline job, end to end: the demo data on DynamoDB Local, the job run with an explicit `now`,
 * and every effect checked through the HTTP API as the people concerned see it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, addWorkingDays } from '#domain/calendar';
import { CITIES } from '#seed/data';
import { type RunningSystem, startSystem } from '../local/system.ts';
import { runDeadlines } from './deadlines.ts';
import { MemoryMailer } from './mailer.ts';
import { drainOutbox } from './outbox.ts';

const T0 = '2027-02-01T08:00:00.000Z';
const sfax = CITIES.find((c) => c.id === 'sfax');
if (!sfax) throw new Error('no Sfax in the demo');
/** 08:00 in Tunis (UTC+1) on a date of the Sfax calendar. */
const at = (date: string) => `${date}T07:00:00.000Z`;

interface Harness {
  system: RunningSystem;
  mailer: MemoryMailer;
  setNow(instant: string): void;
  tick(instant: string, opts?: { beforeCity?: (cityId: string) => void }): ReturnType<typeof runDeadlines>;
  as(email: string): Promise<Api>;
}

type Reply = { status: number; body: any };
interface Api {
  get(path: string): Promise<Reply>;
  post(path: string, body?: unknown): Promise<Reply>;
}

async function harness(name: string): Promise<Harness> {
  let now = Date.parse(T0);
  const system = await startSystem({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `t5-${name}-${Date.now()}`,
    seed: true,
    clock: () => new Date(now),
  });
  // The demo's own event mails (its applications, awards, payments) are delivered before the job runs:
  // the mailer then holds only what the job sends.
  await drainOutbox(system.deps.store, new MemoryMailer(), new Date(now).toISOString());
  const mailer = new MemoryMailer();
  const call = (token: string) => async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${system.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    system,
    mailer,
    setNow: (instant) => {
      now = Date.parse(instant);
    },
    tick: (instant, opts = {}) => {
      now = Date.parse(instant);
      return runDeadlines(system.deps, { now: instant, mailer, ...opts });
    },
    as: async (email) => {
      const res = await fetch(`${system.url}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      const { token } = (await res.json()) as { token: string };
      const c = call(token);
      return { get: (p) => c('GET', p), post: (p, b) => c('POST', p, b) };
    },
  };
}

const notices = async (api: Api, link?: string) => {
  const res = await api.get('/v1/notifications?limit=100');
  expect(res.status).toBe(200);
  const items = res.body.items as {
    kind: string;
    title: string;
    body: string;
    link?: string;
    read: boolean;
  }[];
  return { ...res.body, items: link ? items.filter((n) => n.link === link) : items } as {
    items: typeof items;
    unread: number;
  };
};

describe('the daily deadline job', () => {
  let h: Harness;
  let cso: Api;
  let tamkeen: Api;
  let officer: Api;
  let mayor: Api;
  let funder: Api;
  let clinic: { id: string };
  let report: { id: string; dueDate: string; title: string };

  beforeAll(async () => {
    h = await harness('main');
    cso = await h.as('cso@sfax.demo');
    tamkeen = await h.as('tamkeen@sfax.demo');
    officer = await h.as('officer@sfax.demo');
    mayor = await h.as('mayor@sfax.demo');
    funder = await h.as('funder@sfax.demo');
    const grants = (await cso.get('/v1/grants?limit=100')).body.items as { id: string; title: string }[];
    clinic = grants.find((g) => g.title === 'Legal clinic for newly arrived families') as { id: string };
    report = (await cso.get(`/v1/grants/${clinic.id}/milestones`)).body.items[0];
  });
  afterAll(async () => {
    await h?.system.close();
  });

  it('holds the tranches of a grant with an overdue report, and an officer pays only a released tranche', async () => {
    // Prepare: the demo marks Tamkeen's "CV and interview workshops" final report overdue.
    const mine = (await tamkeen.get('/v1/grants?limit=100')).body.items as any[];
    const cv = mine.find((g) => g.title === 'CV and interview workshops');
    const literacy = ((await officer.get('/v1/grants?limit=100')).body.items as any[]).find(
      (g) => g.title === 'Parents’ literacy circles',
    );

    // Act: an officer tries to pay the held tranche, then pays a released one and a scheduled one.
    const held = await officer.post(`/v1/grants/${cv.id}/tranches/t1/pay`);
    const paid = await officer.post(`/v1/grants/${literacy.id}/tranches/t1/pay`);
    const early = await officer.post(`/v1/grants/${literacy.id}/tranches/t2/pay`);
    const byCso = await cso.post(`/v1/grants/${literacy.id}/tranches/t1/pay`);

    // Assess
    expect(cv.tranches.map((t: any) => t.state)).toEqual(['held']);
    expect((await funder.get(`/v1/grants/${cv.id}`)).body.tranches[0].state).toBe('held');
    expect(held.status).toBe(409);
    expect(held.body.detail).toMatch(/on hold/);
    expect(paid.status).toBe(200);
    expect(paid.body.tranches.map((t: any) => t.state)).toEqual(['paid', 'scheduled']);
    expect(early.status).toBe(409);
    expect(byCso.status).toBe(403);
    const audit = (await officer.get(`/v1/audit/grant/${literacy.id}`)).body.items ?? [];
    expect(JSON.stringify(audit)).toContain('pay_tranche');
  });

  it('flags a late fast-track decision and reminds the mayor’s office two working days before, once', async () => {
    // Prepare: a fresh fast-track submission of Horizons waits for a decision.
    const pending = (await mayor.get('/v1/grants?state=submitted&limit=100')).body.items as any[];
    const tables = pending.find((g) => g.title === 'Arabic and French conversation tables');
    const deadline = tables.decisionDueAt as string;
    let reminderDay = addDays(deadline, -1);
    while (addWorkingDays(reminderDay, 2, sfax.calendar) > deadline) reminderDay = addDays(reminderDay, -1);
    while (addWorkingDays(reminderDay, 2, sfax.calendar) < deadline) reminderDay = addDays(reminderDay, 1);
    const link = `/grants/${tables.id}`;

    // Act: the day before the reminder, the reminder day twice, and the day after the deadline twice.
    await h.tick(at(addDays(reminderDay, -1)));
    const before = await notices(mayor, link);
    await h.tick(at(reminderDay));
    await h.tick(at(reminderDay));
    const reminded = await notices(mayor, link);
    await h.tick(at(addDays(deadline, 1)));
    await h.tick(at(addDays(deadline, 1)));
    const late = await notices(mayor, link);

    // Assess
    expect(before.items).toHaveLength(0);
    expect(reminded.items.map((n) => n.kind)).toEqual(['decision_due_soon']);
    expect(reminded.items[0]?.title).toMatch(/^Décision attendue dans 2 jours ouvrés/); // the mayor reads French
    expect(late.items.map((n) => n.kind)).toEqual(['decision_late', 'decision_due_soon']);
    const grant = (await mayor.get(`/v1/grants/${tables.id}`)).body;
    expect(grant.decisionLate).toBe(true);
    const audit = (await mayor.get(`/v1/audit/grant/${tables.id}`)).body.items as any[];
    expect(audit.filter((e) => e.event === 'flag_decision_late')).toHaveLength(1);
    expect(audit.at(-1)).toMatchObject({ event: 'flag_decision_late', actorId: 'system', role: 'system' });
  });

  it('activates a partnership on its start date once both sides have signed, not before', async () => {
    // Prepare: the mayor approves Nour's partnership to start in 10 days; Nour signs; the city has not yet
    h.setNow(at('2027-02-15'));
    const inReview = (await mayor.get('/v1/partnerships?state=in_review')).body.items as any[];
    const nour = inReview.find((p) => p.organisationId === 'nour-sfax');
    const path = `/v1/partnerships/${nour.id}/events`;
    await mayor.post(path, { type: 'declare_no_conflict' });
    const approved = await mayor.post(path, { type: 'approve', startDate: '2027-02-25' });
    const nourMember = await h.as('nour@sfax.demo');
    expect((await nourMember.post(path, { type: 'sign', name: 'Nour Member' })).status).toBe(200);

    // Act: the runs of the day before and of the start date; then the mayor's office signs
    await h.tick(at('2027-02-24'));
    const dayBefore = (await mayor.get(`/v1/partnerships/${nour.id}`)).body.state;
    await h.tick(at('2027-02-25'));
    await h.tick(at('2027-02-25'));
    const halfSigned = (await mayor.get(`/v1/partnerships/${nour.id}`)).body.state;
    h.setNow(at('2027-02-25'));
    const signed = await mayor.post(path, { type: 'sign', name: 'Mayor Office' });

    // Assess: the job leaves a half-signed agreement waiting; the second signature puts it in force
    expect(approved.body.state).toBe('approved');
    expect(dayBefore).toBe('approved');
    expect(halfSigned).toBe('approved');
    expect(signed.body.state).toBe('active');
    const audit = (await mayor.get(`/v1/audit/partnership/${nour.id}`)).body.items as any[];
    expect(audit.filter((e) => e.event === 'activate')).toEqual([]);
    expect(audit.at(-1)).toMatchObject({
      event: 'sign',
      from: 'approved',
      to: 'active',
      role: 'mayor_office',
    });
  });

  it('reminds 30 and 7 days before, on the day, then marks overdue, holds, blocks, and lifts on submission', async () => {
    // Prepare
    const link = `/milestones/${report.id}`;
    const D = report.dueDate;
    const mailsTo = (email: string) =>
      h.mailer.sent.filter((m) => m.to === email && m.text.includes(report.title));

    // Act 1: the reminder days, each run twice (the second run of a day must do nothing new).
    await h.tick(at(addDays(D, -31)));
    const none = await notices(cso, link);
    await h.tick(at(addDays(D, -30)));
    await h.tick(at(addDays(D, -30)));
    const thirty = await notices(cso, link);
    const mailsAfterThirty = mailsTo('cso@sfax.demo').length;
    await h.tick(at(addDays(D, -7)));
    await h.tick(at(D));
    await h.tick(`${D}T21:00:00.000Z`); // 22:00 in Tunis: still the due date, not yet overdue
    const onTheDay = await notices(cso, link);
    const stillScheduled = (await cso.get(link.replace('/milestones', '/v1/milestones'))).body.state;

    // Assess 1
    expect(none.items).toHaveLength(0);
    expect(thirty.items).toHaveLength(1);
    expect(mailsAfterThirty).toBe(1);
    expect(mailsTo('cso@sfax.demo')[0]?.language).toBe('ar');
    expect(onTheDay.items.map((n) => n.kind)).toEqual([
      'milestone_reminder',
      'milestone_reminder',
      'milestone_reminder',
    ]);
    expect(mailsTo('cso@sfax.demo')).toHaveLength(3);
    expect(stillScheduled).toBe('scheduled');

    // Act 2: the day after the due date in Sfax (23:30 UTC is already the next day in Tunis).
    await h.tick(`${D}T23:30:00.000Z`);
    await h.tick(at(addDays(D, 1)));
    const milestone = (await cso.get(`/v1/milestones/${report.id}`)).body;
    const grant = (await cso.get(`/v1/grants/${clinic.id}`)).body;
    const overdueNotices = (await notices(cso, link)).items.filter((n) => n.kind === 'milestone_overdue');
    const staffNotices = (await notices(officer, link)).items;
    const funderNotices = (await notices(funder, link)).items;
    const draft = await cso.post('/v1/grants', {
      track: 'fast',
      title: 'Emergency winter blankets',
      summary: 'Blankets for families in transit.',
      need: 'Cold nights.',
      targetGroups: ['migrants in transit'],
      amountRequested: { amount: 1_000_000, currency: 'TND' },
      budget: [{ label: 'Blankets', amount: { amount: 1_000_000, currency: 'TND' } }],
      startDate: addDays(D, 10),
      endDate: addDays(D, 40),
      indicators: [{ name: 'blankets given', target: 300 }],
    });
    const blocked = await cso.post(`/v1/grants/${draft.body.id}/events`, { type: 'submit' });

    // Assess 2
    expect(milestone).toMatchObject({ state: 'overdue', late: true });
    expect(grant.tranches.map((t: any) => t.state)).toEqual(['held']);
    expect(overdueNotices).toHaveLength(1);
    expect(overdueNotices[0]?.title).toMatch(/التقرير خارج الأجل/); // Leila reads Arabic
    expect(staffNotices.map((n) => n.kind)).toEqual(['milestone_overdue_staff']);
    expect(funderNotices.map((n) => n.kind)).toEqual(['milestone_overdue_staff']); // Fondation Sud co-funds it
    expect(blocked.status).toBe(422);
    expect(JSON.stringify(blocked.body)).toContain(report.title);
    const grantAudit = (await officer.get(`/v1/audit/grant/${clinic.id}`)).body.items as any[];
    expect(grantAudit.at(-1)).toMatchObject({ event: 'hold_tranches', actorId: 'system' });

    // Act 3: the report comes in, late; then the day of the 5-days-after reminder.
    h.setNow(at(addDays(D, 2)));
    const submitted = await cso.post(`/v1/milestones/${report.id}/events`, {
      type: 'submit_report',
      report: {
        narrative: 'The clinic ran every week.',
        indicatorResults: [
          { name: 'people reached', value: 140 },
          { name: 'sessions held', value: 12 },
        ],
        spent: { amount: 11_500_000, currency: 'TND' },
      },
    });
    const lifted = (await cso.get(`/v1/grants/${clinic.id}`)).body;
    const unblocked = await cso.post(`/v1/grants/${draft.body.id}/events`, { type: 'submit' });
    await h.tick(at(addDays(D, 5)));
    const after = await notices(cso, link);

    // Assess 3
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', late: true });
    expect(lifted.tranches.map((t: any) => t.state)).toEqual(['released']);
    expect(unblocked.status).toBe(200);
    expect(after.items.filter((n) => n.kind === 'milestone_reminder')).toHaveLength(3);
    const audit = (await officer.get(`/v1/audit/grant/${clinic.id}`)).body.items as any[];
    expect(audit.map((e) => e.event)).toEqual(expect.arrayContaining(['hold_tranches', 'lift_hold']));
  });

  it('lists notifications newest first with the unread count, and marks them read', async () => {
    // Prepare
    const before = await notices(cso);

    // Act
    const one = before.items[0] as unknown as { id: string };
    const readOne = await cso.post('/v1/notifications/read', { ids: [one.id] });
    const readAll = await cso.post('/v1/notifications/read', {});
    const after = await notices(cso);
    const bad = await cso.post('/v1/notifications/read', { ids: [1] });

    // Assess
    expect(before.unread).toBe(before.items.length);
    expect(before.items.length).toBeGreaterThanOrEqual(4);
    expect(readOne.body).toEqual({ marked: 1, unread: before.unread - 1 });
    expect(readAll.body).toEqual({ marked: before.unread - 1, unread: 0 });
    expect(after.unread).toBe(0);
    expect(after.items.every((n) => n.read)).toBe(true);
    expect(bad.status).toBe(400);
    const created = before.items.map((n) => (n as unknown as { createdAt: string }).createdAt);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('tells of a partnership’s end 90 days before, then expires it', async () => {
    // Prepare
    const amal = ((await cso.get('/v1/partnerships')).body.items as any[]).find((p) => p.state === 'active');
    const end = amal.term.end as string;
    const link = `/partnerships/${amal.id}`;

    // Act
    await h.tick(at(addDays(end, -91)));
    const early = await notices(mayor, link);
    await h.tick(at(addDays(end, -90)));
    await h.tick(at(addDays(end, -89)));
    const renewal = await notices(mayor, link);
    await h.tick(at(end));
    const lastDay = (await cso.get(link.replace('/partnerships', '/v1/partnerships'))).body.state;
    await h.tick(at(addDays(end, 1)));
    await h.tick(at(addDays(end, 1)));

    // Assess
    expect(early.items).toHaveLength(0);
    expect(renewal.items.map((n) => n.kind)).toEqual(['partnership_renewal_due']);
    expect((await notices(cso, link)).items.map((n) => n.kind)).toContain('partnership_renewal_due');
    expect(lastDay).toBe('active');
    expect((await cso.get(`/v1/partnerships/${amal.id}`)).body.state).toBe('expired');
    expect((await notices(mayor, link)).items.map((n) => n.kind)).toEqual([
      'partnership_expired',
      'partnership_renewal_due',
    ]);
    const audit = (await mayor.get(`/v1/audit/partnership/${amal.id}`)).body.items as any[];
    expect(audit.filter((e) => e.event === 'expire')).toHaveLength(1);
  });
});

describe('a run that stops between two cities', () => {
  let h: Harness;
  afterAll(async () => {
    await h?.system.close();
  });

  it('is completed by the next run, and nobody hears anything twice', async () => {
    // Prepare: 200 days on, a report in each city is past due (Málaga is processed first).
    h = await harness('crash');
    const acoge = await h.as('cso@malaga.demo');
    const amal = await h.as('cso@sfax.demo');
    const later = '2027-08-20T07:00:00.000Z';
    const overdueOf = async (api: Api) =>
      ((await api.get('/v1/milestones?state=overdue&limit=100')).body.items as any[]).map((m) => m.id);
    const amalBefore = await overdueOf(amal);

    // Act 1: the run fails on reaching Sfax.
    const crash = h.tick(later, {
      beforeCity: (cityId) => {
        if (cityId === 'sfax') throw new Error('simulated crash');
      },
    });
    await expect(crash).rejects.toThrow('simulated crash');
    const acogeAfterCrash = await notices(acoge);
    const amalAfterCrash = await overdueOf(amal);
    const mailsAfterCrash = h.mailer.sent.length;

    // Act 2: the next run, the same day.
    const rerun = await h.tick(later);
    const amalAfterRerun = await overdueOf(amal);

    // Assess
    expect(acogeAfterCrash.items.map((n) => n.kind)).toContain('milestone_overdue');
    expect(mailsAfterCrash).toBe(h.mailer.sent.filter((m) => m.to.endsWith('malaga.demo')).length);
    expect(amalAfterCrash).toEqual(amalBefore);
    const malaga = rerun.cities.find((c) => c.cityId === 'malaga');
    const sfaxRun = rerun.cities.find((c) => c.cityId === 'sfax');
    expect(malaga).toMatchObject({ markedOverdue: 0, reminders: 0, overdueNotices: 0 });
    expect(sfaxRun?.markedOverdue).toBeGreaterThan(0);
    expect(amalAfterRerun.length).toBeGreaterThan(amalBefore.length);
    expect((await notices(acoge)).items).toEqual(acogeAfterCrash.items);
    const ids = h.mailer.sent.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('`npm run tick -- --now` runs the job on the store given and writes the mails as .eml files', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-tick-'));
    const tableName = h.system.deps.store.tableName;
    const horizons = await h.as('horizons@sfax.demo');
    const literacy = ((await horizons.get('/v1/milestones?limit=100')).body.items as any[]).find(
      (m) => m.kind === 'final_report' && m.title.includes('literacy'),
    );
    const day = addDays(literacy.dueDate, -30);

    // Act: 30 days before Horizons' final report is due, twice.
    const out = spawnSync('npx', ['tsx', 'functions/src/jobs/tick-cli.ts', '--now', at(day)], {
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        TABLE_NAME: tableName,
        DATA_DIR: dataDir,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const outbox = join(dataDir, 'outbox');
    const files = existsSync(outbox) ? readdirSync(outbox) : [];
    const again = spawnSync('npx', ['tsx', 'functions/src/jobs/tick-cli.ts', '--now', `${day}T09:00:00Z`], {
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        TABLE_NAME: tableName,
        DATA_DIR: dataDir,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });

    // Assess
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain(`tick done as of ${at(day)}: 2 cities`);
    expect(files.length, out.stdout).toBeGreaterThan(0);
    expect(files.every((f) => f.startsWith(`${day}-`) && f.endsWith('.eml'))).toBe(true);
    const eml = readFileSync(join(dataDir, 'outbox', files[0] as string), 'utf8');
    expect(eml).toMatch(/^From: .*\r\nTo: .*\r\nSubject: /);
    expect(eml).toContain('Content-Type: text/plain; charset=utf-8');
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(join(dataDir, 'outbox'))).toEqual(files);
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
