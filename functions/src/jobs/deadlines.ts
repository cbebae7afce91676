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
 *   5. the mails decided above are sent from the outbox, and the run is logged.
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
import type { Partnership } from '#domain/partnership';
import type { Actor, CitySettings, Role, User } from '#domain/types';
import { SYSTEM_ACTOR_ID } from '#domain/types';
import { auditDraft } from '#services/audit-draft';
import type { Deps } from '#services/deps';
import { applyMilestone } from '#services/milestones';
import { applyPartnership } from '#services/partnerships';
import { VersionConflictError } from '#store/errors';
import { byCityState, HIGH, type RecordType } from '#store/keys';
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
    await deps.store.put({
      PK: `JOB#deadlines#${city.id}`,
      SK: `RUN#${now}#${deps.newId('r')}`,
      entity: 'job_run',
      ...report,
      mailsSent: mail.sent,
      at: new Date().toISOString(),
    });
    opts.log?.(
      `${city.id} ${report.today}: ${report.markedOverdue} overdue, ${report.reminders} reminders, ` +
        `${report.decisionsFlaggedLate} decisions late, ${report.decisionNotices} decision notices, ` +
        `${report.partnershipsActivated} activated, ${report.partnershipsExpired} expired, ` +
        `${report.renewalNotices} renewal notices; ${mail.sent} mails; ` +
        `${report.queries} queries, ${report.itemsRead} items read`,
    );
    reports.push(report);
  }
  return { now, cities: reports, mail: { sent, failed }, ms: Date.now() - started };
}

async function runCity(
  deps: Deps,
  city: CitySettings,
  now: string,
  opts: DeadlineOptions,
): Promise<CityReport> {
  const today = localDate(now, city.calendar.timeZone);
  const yesterday = addDays(today, -1);
  const r: CityReport = {
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
    queries: 0,
    itemsRead: 0,
    skipped: [],
  };
  const actor: Actor = { userId: SYSTEM_ACTOR_ID, cityId: city.id, roles: [] };
  const due = async <T>(type: RecordType, state: string, from: string | undefined, to: string) => {
    const items = await queryDue<T>(deps, city.id, type, state, from, to);
    r.queries++;
    r.itemsRead += items.length;
    return items;
  };
  let users: User[] | undefined;
  const people = async (who: {
    org?: string;
    funders?: readonly string[];
    staff?: ('officers' | 'mayor')[];
  }) => {
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
  };
  const notify = (key: string, notice: Notice, recipients: User[], link: string) =>
    notifyOnce(deps, { key, notice, recipients, link, now, baseUrl: opts.baseUrl });
  /** A lost race or a rule that no longer holds is left for the next run; anything else stops the job. */
  const tolerate = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      if (
        e instanceof VersionConflictError ||
        e instanceof EventNotAllowedError ||
        e instanceof RuleViolationError
      ) {
        r.skipped.push(`${what}: ${e.message}`);
        return;
      }
      throw e;
    }
  };

  const tellOverdue = async (m: Milestone) => {
    r.overdueNotices += await notify(
      `overdue#${m.id}`,
      { kind: 'milestone_overdue', title: m.title, dueDate: m.dueDate, grant: m.parentType === 'grant' },
      await people({ org: m.organisationId }),
      `/milestones/${m.id}`,
    );
    r.overdueNotices += await notify(
      `overdue_staff#${m.id}`,
      { kind: 'milestone_overdue_staff', title: m.title, dueDate: m.dueDate },
      await people({ staff: ['officers'], funders: m.funderIds ?? [] }),
      `/milestones/${m.id}`,
    );
  };

  // 1. Overdue reports: scheduled and due before today.
  for (const listed of await due<Milestone>('milestone', 'scheduled', undefined, yesterday)) {
    await tolerate(`milestone ${listed.id}`, async () => {
      const stored = await deps.store.getRecord<Milestone>('milestone', listed.id);
      if (stored?.record.state !== 'scheduled') return;
      await applyMilestone(deps, actor, ['system'], stored.record, stored.auditHash, city, {
        type: 'mark_overdue',
      });
      r.markedOverdue++;
      await tellOverdue(stored.record);
    });
  }
  // The overdue notice again, for those marked by a run that stopped before telling anyone.
  for (const m of await due<Milestone>(
    'milestone',
    'overdue',
    addDays(yesterday, -CATCH_UP_DAYS),
    yesterday,
  )) {
    await tellOverdue(m);
  }

  // 2. Reminders: for each offset, the reports due `offset` days from today (or up to CATCH_UP_DAYS earlier).
  for (const offset of [...new Set(city.reminderOffsets)]) {
    const target = addDays(today, -offset);
    const states: readonly MilestoneState[] = AWAITING_REPORT.filter((s) => s !== 'overdue' || offset > 0);
    for (const state of states) {
      for (const m of await due<Milestone>('milestone', state, addDays(target, -CATCH_UP_DAYS), target)) {
        r.reminders += await notify(
          `reminder#${m.id}#${offset}`,
          {
            kind: 'milestone_reminder',
            title: m.title,
            dueDate: m.dueDate,
            offset: daysBetween(m.dueDate, today),
          },
          await people({ org: m.organisationId }),
          `/milestones/${m.id}`,
        );
      }
    }
  }

  // 3. Fast-track decisions: late ones flagged, the mayor's office reminded two working days before.
  const soon = addWorkingDays(today, DECISION_REMINDER_WORKING_DAYS, city.calendar);
  for (const state of PENDING_DECISION) {
    for (const g of await due<Grant>('grant', state, undefined, soon)) {
      if (g.track !== 'fast' || !g.decisionDueAt) continue;
      if (g.decisionDueAt < today) {
        if (g.decisionLate !== true) {
          await tolerate(`grant ${g.id}`, async () => {
            if (await flagDecisionLate(deps, g.id, actor, now, today)) r.decisionsFlaggedLate++;
          });
        }
        r.decisionNotices += await notify(
          `decision_late#${g.id}#${g.decisionDueAt}`,
          { kind: 'decision_late', title: g.title, deadline: g.decisionDueAt },
          await people({ staff: ['mayor'] }),
          `/grants/${g.id}`,
        );
      } else if (
        workingDaysBetween(today, g.decisionDueAt, city.calendar) <= DECISION_REMINDER_WORKING_DAYS
      ) {
        r.decisionNotices += await notify(
          `decision_due#${g.id}#${g.decisionDueAt}`,
          { kind: 'decision_due_soon', title: g.title, deadline: g.decisionDueAt },
          await people({ staff: ['mayor'] }),
          `/grants/${g.id}`,
        );
      }
    }
  }

  // 4. Partnerships: in force on their start date, expired after their term, renewal notice before its end.
  // The notice goes first: if the run stops between the two, the next run makes the change and skips the
  // notice already given.
  for (const p of await due<Partnership>('partnership', 'approved', undefined, HIGH)) {
    if (!p.term || p.term.start > today) continue;
    const term = p.term;
    await tolerate(`partnership ${p.id}`, async () => {
      await notify(
        `activated#${p.id}#${term.start}`,
        { kind: 'partnership_activated', name: p.organisationName, start: term.start, end: term.end },
        await people({ org: p.organisationId, staff: ['mayor'] }),
        `/partnerships/${p.id}`,
      );
      const stored = await deps.store.getRecord<Partnership>('partnership', p.id);
      if (stored?.record.state !== 'approved') return;
      await applyPartnership(deps, actor, ['system'], stored.record, stored.auditHash, city, {
        type: 'activate',
      });
      r.partnershipsActivated++;
    });
  }
  // A suspended partnership expires at the end of its term too (no renewal notice: it is not in force).
  const ending = [
    ...(await due<Partnership>('partnership', 'active', undefined, addDays(today, RENEWAL_NOTICE_DAYS))),
    ...(await due<Partnership>('partnership', 'suspended', undefined, yesterday)),
  ];
  for (const p of ending) {
    if (!p.term) continue;
    const term = p.term;
    if (term.end >= today) {
      if (p.state !== 'active') continue;
      r.renewalNotices += await notify(
        `renewal#${p.id}#${term.end}`,
        { kind: 'partnership_renewal_due', name: p.organisationName, end: term.end },
        await people({ org: p.organisationId, staff: ['mayor'] }),
        `/partnerships/${p.id}`,
      );
      continue;
    }
    await tolerate(`partnership ${p.id}`, async () => {
      await notify(
        `expired#${p.id}#${term.end}`,
        { kind: 'partnership_expired', name: p.organisationName, end: term.end },
        await people({ org: p.organisationId, staff: ['mayor'] }),
        `/partnerships/${p.id}`,
      );
      const stored = await deps.store.getRecord<Partnership>('partnership', p.id);
      if (stored?.record.state !== 'active' && stored?.record.state !== 'suspended') return;
      await applyPartnership(deps, actor, ['system'], stored.record, stored.auditHash, city, {
        type: 'expire',
      });
      r.partnershipsExpired++;
    });
  }
  return r;
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

/** One Query on GSI2: the records of a city in one state whose date key lies in [from, to]. */
async function queryDue<T>(
  deps: Deps,
  cityId: string,
  type: RecordType,
  state: string,
  from: string | undefined,
  to: string,
): Promise<T[]> {
  const hi = to === HIGH ? HIGH : `${to}#${HIGH}`;
  return deps.store.queryAll<T>({
    IndexName: 'GSI2',
    KeyConditionExpression: from
      ? 'GSI2PK = :pk AND GSI2SK BETWEEN :lo AND :hi'
      : 'GSI2PK = :pk AND GSI2SK <= :hi',
    values: { ':pk': byCityState(cityId, type, state), ':hi': hi, ...(from ? { ':lo': from } : {}) },
  });
}
