/**
 * The daily deadline job (issue 5). For every city, one after the other, as of an injected instant:
 *
 *   1. reports past their due date in the city's calendar become `overdue` (the milestone workflow's
 *      `mark_overdue`, by `system`), which holds the grant's unpaid tranches in the same transaction;
 *      the CSO and the city's officers are told;
 *   2. the reminders of the city's `reminderOffsets` (default 30 and 7 days before, on the day, 5 days
 *      after) go to the CSO, each once;
 *   3. fast-track decisions past their deadline are flagged late (a grant version and its audit entry) and
 *      the mayor's office is told; it is reminded two working days before each deadline;
 *   4. partnerships become `active` on their start date and `expired` after their term (also when
 *      suspended); the CSO and the mayor's office are told 90 days before a term ends, so that it can be
 *      renewed;
 *   5. each user who reads their mail as a daily digest gets today's (digest.ts), once a day;
 *   6. the mails decided above are sent from the outbox, and the run is logged.
 *
 * It reads only what is due: per city, a few Queries on GSI2 (`CITY#<c>#<TYPE>#<state>`, sorted by due
 * date, decision deadline or term end) bounded by dates — never the whole table, never a Scan.
 *
 * Every step is idempotent: state changes are conditioned on the record's version and are only tried
 * where still needed; each notice is guarded by a marker (notify.ts). A run that stops halfway (a crash
 * between two cities) is completed by the next run, and a second run on the same day does nothing new.
 */

import { addDays, addWorkingDays, daysBetween, localDate, workingDaysBetween } from '#domain/calendar';
import { EventNotAllowedError, RuleViolationError } from '#domain/errors';
import { type Grant, PENDING_DECISION } from '#domain/grant';
import { AWAITING_REPORT, type Milestone, type MilestoneState } from '#domain/milestone';
import { agreementSigned, type Partnership } from '#domain/partnership';
import type { Actor, CitySettings, Role, User } from '#domain/types';
import { SYSTEM_ACTOR_ID } from '#domain/types';
import { auditDraft } from '#services/audit-draft';
import type { Deps } from '#services/deps';
import { applyMilestone } from '#services/milestones';
import { applyPartnership } from '#services/partnerships';
import { VersionConflictError } from '#store/errors';
import { HIGH, type RecordType } from '#store/keys';
import { getMilestoneAndGrant } from '#store/milestones';
import { sweepExpiredUploads } from '../files/service.ts';
import { sendDigests } from './digest.ts';
import type { Mailer } from './mailer.ts';
import type { Notice } from './messages.ts';
import { notifyOnce } from './notify.ts';
import { type DrainResult, drainOutbox } from './outbox.ts';

/** Days a missed run is caught up: a reminder whose day passed up to this many days ago still goes out. */
export const CATCH_UP_DAYS = 3;
/** Days before the end of a partnership's term on which its renewal notice goes out. */
export const RENEWAL_NOTICE_DAYS = 90;
/** Working days before a fast-track decision deadline on which the mayor's office is reminded. */
export const DECISION_REMINDER_WORKING_DAYS = 2;

export interface DeadlineOptions {
  /** The instant the job runs as of (UTC ISO 8601). */
  readonly now: string;
  readonly mailer: Mailer;
  /** Only these cities (default: every city). */
  readonly cityIds?: readonly string[] | undefined;
  /** The web front end's address, for links in mails. */
  readonly baseUrl?: string | undefined;
  /** Called before each city; a throw stops the run there (tests use it to simulate a crash). */
  readonly beforeCity?: ((cityId: string) => void | Promise<void>) | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

export interface CityReport {
  readonly cityId: string;
  /** The city's date at `now`. */
  readonly today: string;
  markedOverdue: number;
  reminders: number;
  overdueNotices: number;
  decisionsFlaggedLate: number;
  decisionNotices: number;
  partnershipsActivated: number;
  partnershipsExpired: number;
  renewalNotices: number;
  /** Daily digests queued (after the steps above, so that they list today's notices too). */
  digests: number;
  /** Queries made and items they returned: what the run costs in read capacity. */
  queries: number;
  itemsRead: number;
  /** Records a concurrent change kept the job from updating; the next run tries again. */
  skipped: string[];
}

export interface DeadlineReport {
  readonly now: string;
  readonly cities: CityReport[];
  readonly mail: DrainResult;
  /** Unattached uploads deleted after their day. */
  readonly uploadsDeleted: number;
  readonly ms: number;
}

const STAFF_OF: Record<'officers' | 'mayor', Role> = { officers: 'city_officer', mayor: 'mayor_office' };

/** Runs the job for every city (or the given ones) as of `opts.now`. */
export async function runDeadlines(base: Deps, opts: DeadlineOptions): Promise<DeadlineReport> {
  const started = Date.now();
  const now = new Date(opts.now).toISOString();
  const deps: Deps = { ...base, clock: () => new Date(now) };
  const all = await deps.store.listCities();
  const cities = opts.cityIds ? all.filter((c) => opts.cityIds?.includes(c.id)) : all;
  const reports: CityReport[] = [];
  let sent = 0;
  let failed = 0;
  // Mails left pending by an earlier run that stopped go out first.
  const first = await drainOutbox(deps.store, opts.mailer, now);
  sent += first.sent;
  failed += first.failed;
  for (const city of cities.sort((a, b) => a.id.localeCompare(b.id))) {
    await opts.beforeCity?.(city.id);
    const report = await runCity(deps, city, now, opts);
    const mail = await drainOutbox(deps.store, opts.mailer, now);
    sent += mail.sent;
    failed += mail.failed;
    await deps.store.putJobRun({
      job: 'deadlines',
      cityId: city.id,
      asOf: now,
      runId: deps.newId('r'),
      report: { ...report, mailsSent: mail.sent, at: new Date().toISOString() },
    });
    opts.log?.(
      `${city.id} ${report.today}: ${report.markedOverdue} overdue, ${report.reminders} reminders, ` +
        `${report.decisionsFlaggedLate} decisions late, ${report.decisionNotices} decision notices, ` +
        `${report.partnershipsActivated} activated, ${report.partnershipsExpired} expired, ` +
        `${report.renewalNotices} renewal notices, ${report.digests} digests; ${mail.sent} mails; ` +
        `${report.queries} queries, ${report.itemsRead} items read`,
    );
    reports.push(report);
  }
  // Uploads never attached are deleted after their day, locally and deployed alike.
  let uploadsDeleted = 0;
  if (deps.files) {
    uploadsDeleted = (await sweepExpiredUploads({ store: deps.store, files: deps.files }, new Date(now)))
      .deleted;
    opts.log?.(`${uploadsDeleted} unattached uploads deleted`);
  }
  return { now, cities: reports, mail: { sent, failed }, uploadsDeleted, ms: Date.now() - started };
}

/** Runs the four steps of one city; the mails they decide wait in the outbox (step 6, runDeadlines). */
async function runCity(
  deps: Deps,
  city: CitySettings,
  now: string,
  opts: DeadlineOptions,
): Promise<CityReport> {
  const run = cityRun(deps, city, now, opts);
  await markOverdue(run);
  await sendReminders(run);
  await watchDecisions(run);
  await activatePartnerships(run);
  await endPartnerships(run);
  run.report.digests = await sendDigests(deps, city, now, opts.baseUrl);
  return run.report;
}

/** What every step of one city's run shares: its dates, its report, and how it reads, tells and tolerates. */
interface CityRun {
  readonly deps: Deps;
  readonly city: CitySettings;
  readonly now: string;
  /** The city's date at `now`, and the day before. */
  readonly today: string;
  readonly yesterday: string;
  /** The system actor, in whose name the job changes records. */
  readonly actor: Actor;
  readonly report: CityReport;
  /** The city's records of one type and state whose date key lies in [from, to], counted in the report. */
  due<T>(type: RecordType, state: string, from: string | undefined, to: string): Promise<T[]>;
  /** The city's users to tell: a CSO's members, funders' members, and the city's staff. */
  people(who: People): Promise<User[]>;
  /** Tells the recipients once per key (a marker guards it); the number of notices written. */
  notify(key: string, notice: Notice, recipients: User[], link: string): Promise<number>;
  /** A lost race or a rule that no longer holds is left for the next run; anything else stops the job. */
  tolerate(what: string, fn: () => Promise<void>): Promise<void>;
}

interface People {
  readonly org?: string;
  readonly funders?: readonly string[];
  readonly staff?: ('officers' | 'mayor')[];
}

function cityRun(deps: Deps, city: CitySettings, now: string, opts: DeadlineOptions): CityRun {
  const today = localDate(now, city.calendar.timeZone);
  const report: CityReport = {
    cityId: city.id,
    today,
    markedOverdue: 0,
    reminders: 0,
    overdueNotices: 0,
    decisionsFlaggedLate: 0,
    decisionNotices: 0,
    partnershipsActivated: 0,
    partnershipsExpired: 0,
    renewalNotices: 0,
    digests: 0,
    queries: 0,
    itemsRead: 0,
    skipped: [],
  };
  let users: User[] | undefined;
  return {
    deps,
    city,
    now,
    today,
    yesterday: addDays(today, -1),
    actor: { userId: SYSTEM_ACTOR_ID, cityId: city.id, roles: [] },
    report,
    async due<T>(type: RecordType, state: string, from: string | undefined, to: string) {
      const items = await deps.store.listDue<T>(city.id, type, state, from, to);
      report.queries++;
      report.itemsRead += items.length;
      return items;
    },
    async people(who) {
      users ??= await deps.store.listUsersOfCity(city.id);
      return users.filter(
        (u) =>
          (who.org !== undefined && u.organisationId === who.org && u.roles.includes('cso')) ||
          (who.funders !== undefined &&
            u.organisationId !== undefined &&
            who.funders.includes(u.organisationId) &&
            u.roles.includes('funder')) ||
          (who.staff ?? []).some((s) => u.roles.includes(STAFF_OF[s])),
      );
    },
    notify: (key, notice, recipients, link) =>
      notifyOnce(deps, { key, notice, recipients, link, now, baseUrl: opts.baseUrl }),
    async tolerate(what, fn) {
      try {
        await fn();
      } catch (e) {
        if (
          e instanceof VersionConflictError ||
          e instanceof EventNotAllowedError ||
          e instanceof RuleViolationError
        ) {
          report.skipped.push(`${what}: ${e.message}`);
          return;
        }
        throw e;
      }
    },
  };
}

/** Tells the CSO, the city's officers and the funders that a report is overdue. */
async function tellOverdue(run: CityRun, m: Milestone): Promise<void> {
  run.report.overdueNotices += await run.notify(
    `overdue#${m.id}`,
    {
      kind: 'milestone_overdue',
      title: m.title,
      dueDate: m.dueDate,
      grant: m.parentType === 'grant',
      review: m.annualReview,
    },
    await run.people({ org: m.organisationId }),
    `/milestones/${m.id}`,
  );
  run.report.overdueNotices += await run.notify(
    `overdue_staff#${m.id}`,
    {
      kind: 'milestone_overdue_staff',
      title: m.title,
      dueDate: m.dueDate,
      grant: m.parentType === 'grant',
      review: m.annualReview,
    },
    await run.people({ staff: ['officers'], funders: m.funderIds ?? [] }),
    `/milestones/${m.id}`,
  );
}

/** 1. Overdue reports: scheduled and due before today. */
async function markOverdue(run: CityRun): Promise<void> {
  const { deps, actor, city, yesterday, report } = run;
  for (const listed of await run.due<Milestone>('milestone', 'scheduled', undefined, yesterday)) {
    await run.tolerate(`milestone ${listed.id}`, async () => {
      // With its grant, whose unpaid tranches the mark holds, in the same read when the id names it.
      const stored = await getMilestoneAndGrant(deps.store, listed.id, true);
      if (stored?.record.state !== 'scheduled') return;
      await applyMilestone(deps, {
        ...stored,
        actor,
        roles: ['system'],
        city,
        event: { type: 'mark_overdue' },
      });
      report.markedOverdue++;
      await tellOverdue(run, stored.record);
    });
  }
  // The overdue notice again, for those marked by a run that stopped before telling anyone.
  for (const m of await run.due<Milestone>(
    'milestone',
    'overdue',
    addDays(yesterday, -CATCH_UP_DAYS),
    yesterday,
  )) {
    await tellOverdue(run, m);
  }
}

/** 2. Reminders: for each offset, the reports due `offset` days from today (or up to CATCH_UP_DAYS earlier). */
async function sendReminders(run: CityRun): Promise<void> {
  const { city, today, report } = run;
  for (const offset of [...new Set(city.reminderOffsets)]) {
    const target = addDays(today, -offset);
    const states: readonly MilestoneState[] = AWAITING_REPORT.filter((s) => s !== 'overdue' || offset > 0);
    for (const state of states) {
      for (const m of await run.due<Milestone>('milestone', state, addDays(target, -CATCH_UP_DAYS), target)) {
        report.reminders += await run.notify(
          `reminder#${m.id}#${offset}`,
          {
            kind: 'milestone_reminder',
            title: m.title,
            dueDate: m.dueDate,
            offset: daysBetween(m.dueDate, today),
            review: m.annualReview,
          },
          await run.people({ org: m.organisationId }),
          `/milestones/${m.id}`,
        );
      }
    }
  }
}

/** 3. Fast-track decisions: late ones flagged, the mayor's office reminded two working days before. */
async function watchDecisions(run: CityRun): Promise<void> {
  const { deps, city, today, now, actor, report } = run;
  const soon = addWorkingDays(today, DECISION_REMINDER_WORKING_DAYS, city.calendar);
  for (const state of PENDING_DECISION) {
    for (const g of await run.due<Grant>('grant', state, undefined, soon)) {
      if (g.track !== 'fast' || !g.decisionDueAt) continue;
      if (g.decisionDueAt < today) {
        if (g.decisionLate !== true) {
          await run.tolerate(`grant ${g.id}`, async () => {
            if (await flagDecisionLate(deps, g.id, actor, now, today)) report.decisionsFlaggedLate++;
          });
        }
        report.decisionNotices += await run.notify(
          `decision_late#${g.id}#${g.decisionDueAt}`,
          { kind: 'decision_late', title: g.title, deadline: g.decisionDueAt },
          await run.people({ staff: ['mayor'] }),
          `/grants/${g.id}`,
        );
      } else if (
        workingDaysBetween(today, g.decisionDueAt, city.calendar) <= DECISION_REMINDER_WORKING_DAYS
      ) {
        report.decisionNotices += await run.notify(
          `decision_due#${g.id}#${g.decisionDueAt}`,
          {
            kind: 'decision_due_soon',
            title: g.title,
            deadline: g.decisionDueAt,
            workingDays: workingDaysBetween(today, g.decisionDueAt, city.calendar),
          },
          await run.people({ staff: ['mayor'] }),
          `/grants/${g.id}`,
        );
      }
    }
  }
}

/**
 * 4a. Partnerships in force on their start date. The notice goes first: if the run stops between the two,
 * the next run makes the change and skips the notice already given.
 */
async function activatePartnerships(run: CityRun): Promise<void> {
  const { deps, city, today, actor, report } = run;
  for (const p of await run.due<Partnership>('partnership', 'approved', undefined, HIGH)) {
    // An agreement is in force once both sides have signed it; until then it waits, whatever the date.
    if (!p.term || p.term.start > today || !agreementSigned(p)) continue;
    const term = p.term;
    await run.tolerate(`partnership ${p.id}`, async () => {
      await run.notify(
        `activated#${p.id}#${term.start}`,
        { kind: 'partnership_activated', name: p.organisationName, start: term.start, end: term.end },
        await run.people({ org: p.organisationId, staff: ['mayor'] }),
        `/partnerships/${p.id}`,
      );
      const stored = await deps.store.getRecord<Partnership>('partnership', p.id);
      if (stored?.record.state !== 'approved') return;
      await applyPartnership(deps, {
        ...stored,
        actor,
        roles: ['system'],
        city,
        event: { type: 'activate' },
      });
      report.partnershipsActivated++;
    });
  }
}

/**
 * 4b. Partnerships expired after their term (a suspended one too, without a renewal notice: it is not in
 * force), and the renewal notice RENEWAL_NOTICE_DAYS before the end of an active one's term.
 */
async function endPartnerships(run: CityRun): Promise<void> {
  const { deps, city, today, yesterday, actor, report } = run;
  const ending = [
    ...(await run.due<Partnership>('partnership', 'active', undefined, addDays(today, RENEWAL_NOTICE_DAYS))),
    ...(await run.due<Partnership>('partnership', 'suspended', undefined, yesterday)),
  ];
  for (const p of ending) {
    if (!p.term) continue;
    const term = p.term;
    if (term.end >= today) {
      if (p.state !== 'active') continue;
      report.renewalNotices += await run.notify(
        `renewal#${p.id}#${term.end}`,
        { kind: 'partnership_renewal_due', name: p.organisationName, end: term.end },
        await run.people({ org: p.organisationId, staff: ['mayor'] }),
        `/partnerships/${p.id}`,
      );
      continue;
    }
    await run.tolerate(`partnership ${p.id}`, async () => {
      await run.notify(
        `expired#${p.id}#${term.end}`,
        { kind: 'partnership_expired', name: p.organisationName, end: term.end },
        await run.people({ org: p.organisationId, staff: ['mayor'] }),
        `/partnerships/${p.id}`,
      );
      const stored = await deps.store.getRecord<Partnership>('partnership', p.id);
      if (stored?.record.state !== 'active' && stored?.record.state !== 'suspended') return;
      await applyPartnership(deps, { ...stored, actor, roles: ['system'], city, event: { type: 'expire' } });
      report.partnershipsExpired++;
    });
  }
}

/** Sets `decisionLate` on a pending fast-track grant past its deadline: a version with its audit entry. */
async function flagDecisionLate(
  deps: Deps,
  id: string,
  actor: Actor,
  now: string,
  today: string,
): Promise<boolean> {
  const stored = await deps.store.getRecord<Grant>('grant', id);
  if (!stored) return false;
  const g = stored.record;
  if (!PENDING_DECISION.includes(g.state) || g.decisionLate === true || !g.decisionDueAt) return false;
  if (g.decisionDueAt >= today) return false;
  const flagged: Grant = { ...g, decisionLate: true, version: g.version + 1, updatedAt: now };
  await deps.store.commit([
    {
      kind: 'update',
      type: 'grant',
      record: flagged,
      previous: g,
      expectedVersion: g.version,
      prevHash: stored.auditHash,
      audit: auditDraft({
        entityType: 'grant',
        entityId: g.id,
        event: 'flag_decision_late',
        from: g.state,
        to: g.state,
        actor,
        role: 'system',
        at: now,
        data: { decisionDueAt: g.decisionDueAt, today },
      }),
    },
  ]);
  return true;
}
