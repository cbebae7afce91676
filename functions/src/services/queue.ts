/**
 * What waits for the signed-in user, most urgent first, in pages like any list:
 * - mayor's office: grants recommended for decision, by deadline; partnerships whose diligence is done;
 * - city officer: grants and partnerships to review, reports to review;
 * - funder: reports of the grants it funds, to accept or query;
 * - CSO: drafts, requested changes, awards to accept, reports due.
 */

import type { QueueItemView } from '#contract/responses';
import { rolesOn } from '#domain/access';
import { addDays, localDate, workingDaysBetween } from '#domain/calendar';
import type { Grant } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import type { Partnership } from '#domain/partnership';
import type { Actor, CitySettings } from '#domain/types';
import { InvalidCursorError } from '#store/errors';
import { HIGH } from '#store/keys';
import { type UrgencyKeyed, urgencySortKey } from '#store/records';
import { pageRegistrations, registrationSortKey } from '#store/registrations';
import type { Page, Where } from '#store/store';
import type { Deps } from './deps.ts';
import { organisationNames } from './names.ts';
import { organisationRecords } from './standing.ts';
import { grantView, milestoneView, partnershipView } from './views.ts';

export type QueueItem = QueueItemView;

const REMINDER_HORIZON_DAYS = 30;

/**
 * Where an item stands in the queue: by due date (HIGH when it has none), then by the list it comes
 * from (in the order of the roles above), then by its place in that list (its sort key there).
 * The cursor is the position of the last item of a page; the next page starts after it.
 */
interface Position {
  readonly due: string;
  readonly list: number;
  readonly key: string;
}

interface Entry extends Position {
  readonly item: QueueItem;
}

/** One list the queue reads: the entries after a position, `limit` at most, and whether more follow. */
type Source = (after: Position | undefined, limit: number) => Promise<{ entries: Entry[]; more: boolean }>;

const before = (a: Position, b: Position) =>
  a.due !== b.due ? a.due < b.due : a.list !== b.list ? a.list < b.list : a.key < b.key;

function encodePosition(p: Position): string {
  return Buffer.from(JSON.stringify([p.due, p.list, p.key])).toString('base64url');
}

function decodePosition(cursor: string): Position {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      typeof v[0] === 'string' &&
      Number.isInteger(v[1]) &&
      v[1] >= 0 &&
      typeof v[2] === 'string' &&
      v[0].length > 0 &&
      v[0].length < 100 &&
      v[2].length > 0 &&
      v[2].length < 1024
    )
      return { due: v[0], list: v[1], key: v[2] };
  } catch {
    // not a cursor of ours
  }
  throw new InvalidCursorError();
}

/**
 * Where a list sorted by `key` resumes after a position. A dated list's keys begin with the due date
 * (grants by decision deadline); an undated list's items all sort after every dated one.
 * undefined: from its start; 'done': nothing of it follows.
 */
function resumeAfter(list: number, dated: boolean, p: Position | undefined): string | undefined | 'done' {
  if (!p) return undefined;
  if (!dated && p.due !== HIGH) return undefined;
  if (list === p.list) return p.key;
  if (list > p.list) return dated ? p.due : undefined;
  return dated ? `${p.due}#${HIGH}` : 'done';
}

export async function queueFor(
  deps: Deps,
  actor: Actor,
  q: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<Page<QueueItem>> {
  const city = await deps.cities.get(actor.cityId);
  const now = deps.clock().toISOString();
  const today = localDate(now, city.calendar.timeZone);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 100);
  const after = q.cursor ? decodePosition(q.cursor) : undefined;
  const v = (r: { cityId: string; organisationId: string; funderIds?: readonly string[] }) => ({
    actor,
    roles: rolesOn(actor, r),
    now,
    city,
  });
  const due = (date: string | undefined) =>
    date ? { dueDate: date, workingDaysLeft: workingDaysBetween(today, date, city.calendar) } : {};
  const sources: Source[] = [];

  /** A list of the city's records in one state, in deadline order (GSI2), paged like any list. */
  const byCityState = <T extends UrgencyKeyed & { state: string }>(
    type: 'grant' | 'partnership' | 'milestone',
    state: string,
    toItem: (r: T) => QueueItem,
    opts: { dated?: boolean; where?: Where } = {},
  ) => {
    const list = sources.length;
    const dated = opts.dated ?? false;
    sources.push(async (p, n) => {
      const from = resumeAfter(list, dated, p);
      if (from === 'done') return { entries: [], more: false };
      const page = await deps.store.listByCity<T>(type, actor.cityId, {
        state,
        after: from,
        limit: n,
        where: opts.where,
      });
      const entries = page.items.map((r) => {
        const key = urgencySortKey(type, r);
        return { due: dated ? (key.split('#')[0] ?? HIGH) : HIGH, list, key, item: toItem(r) };
      });
      return { entries, more: page.nextCursor !== null };
    });
  };

  if (actor.roles.includes('mayor_office')) {
    byCityState<Grant>(
      'grant',
      'recommended',
      (g) => ({ kind: 'grant', reason: 'decide', ...due(g.decisionDueAt), record: grantView(g, v(g)) }),
      { dated: true },
    );
    byCityState<Partnership>(
      'partnership',
      'in_review',
      (p) => ({ kind: 'partnership', reason: 'decide', record: partnershipView(p, v(p)) }),
      { where: { diligencePassed: true } },
    );
  }
  if (actor.roles.includes('city_officer')) {
    for (const [state, reason] of [
      ['submitted', 'start_review'],
      ['in_review', 'recommend'],
    ] as const)
      byCityState<Grant>(
        'grant',
        state,
        (g) => ({ kind: 'grant', reason, ...due(g.decisionDueAt), record: grantView(g, v(g)) }),
        { dated: true },
      );
    byCityState<Partnership>('partnership', 'submitted', (p) => ({
      kind: 'partnership',
      reason: 'start_review',
      record: partnershipView(p, v(p)),
    }));
    byCityState<Partnership>(
      'partnership',
      'in_review',
      (p) => ({ kind: 'partnership', reason: 'due_diligence', record: partnershipView(p, v(p)) }),
      { where: { diligencePassed: false } },
    );
    byCityState<Milestone>('milestone', 'submitted', (m) => ({
      kind: 'milestone',
      reason: 'review_report',
      record: milestoneView(m, v(m)),
    }));
    // Organisations that registered themselves wait for an officer to verify them, longest waiting first.
    const list = sources.length;
    sources.push(async (p, n) => {
      const from = resumeAfter(list, false, p);
      if (from === 'done') return { entries: [], more: false };
      const page = await pageRegistrations(deps.store, actor.cityId, {
        state: 'submitted',
        after: from,
        limit: n,
      });
      const entries = page.items.map((r) => ({
        due: HIGH,
        list,
        key: registrationSortKey(r),
        item: {
          kind: 'registration' as const,
          reason: 'verify_registration',
          organisationName: r.organisation.name,
          record: {
            id: r.id,
            state: r.state,
            submittedAt: r.submittedAt,
            registrationNumber: r.organisation.registrationNumber,
          },
        },
      }));
      return { entries, more: page.nextCursor !== null };
    });
  }
  const funderId = actor.roles.includes('funder') ? actor.organisationId : undefined;
  if (funderId) {
    const list = sources.length;
    sources.push(async (p, n) => {
      const from = resumeAfter(list, false, p);
      if (from === 'done') return { entries: [], more: false };
      const page = await deps.store.listFunderMilestones<Milestone>(funderId, {
        state: 'submitted',
        after: from,
        limit: n,
      });
      const entries = page.items.map((m) => ({
        due: HIGH,
        list,
        key: urgencySortKey('milestone', m),
        item: { kind: 'milestone' as const, reason: 'review_report', record: milestoneView(m, v(m)) },
      }));
      return { entries, more: page.nextCursor !== null };
    });
  }
  const orgId = actor.roles.includes('cso') ? actor.organisationId : undefined;
  if (orgId) {
    // An organisation's own records are one Query of its partition; its queue is made from them here.
    const list = sources.length;
    sources.push(async (p) => {
      const own = await organisationRecords(deps.store, orgId);
      const horizon = addDays(today, REMINDER_HORIZON_DAYS);
      const entries: Entry[] = [];
      const add = (key: string, item: QueueItem) =>
        entries.push({ due: item.dueDate ?? HIGH, list, key, item });
      for (const g of own.grants) {
        const key = `1#${g.createdAt}#${g.id}`;
        if (g.state === 'draft' || g.state === 'changes_requested')
          add(key, {
            kind: 'grant',
            reason: g.state === 'draft' ? 'finish_draft' : 'make_changes',
            record: grantView(g, v(g)),
          });
        if (g.state === 'approved')
          add(key, { kind: 'grant', reason: 'accept_award', record: grantView(g, v(g)) });
      }
      for (const pa of own.partnerships) {
        if (pa.state === 'draft' || pa.state === 'changes_requested')
          add(`2#${pa.createdAt}#${pa.id}`, {
            kind: 'partnership',
            reason: pa.state === 'draft' ? 'finish_draft' : 'make_changes',
            record: partnershipView(pa, v(pa)),
          });
      }
      for (const m of own.milestones) {
        const waiting =
          m.state === 'overdue' ||
          m.state === 'revision_requested' ||
          (m.state === 'scheduled' && m.dueDate <= horizon);
        if (waiting)
          add(`3#${m.dueDate}#${m.id}`, {
            kind: 'milestone',
            reason: m.state === 'overdue' ? 'overdue_report' : 'submit_report',
            dueDate: m.dueDate,
            record: milestoneView(m, v(m)),
          });
      }
      return { entries: entries.filter((e) => !p || before(p, e)), more: false };
    });
  }

  // Each list gives at most `limit` entries after the cursor; the first `limit` of them all, in
  // order, are the page. More follow if any list had more, or more were gathered than fit.
  const read = await Promise.all(sources.map((source) => source(after, limit)));
  const all = read.flatMap((r) => r.entries).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  const entries = all.slice(0, limit);
  const more = all.length > limit || read.some((r) => r.more);
  const last = entries.at(-1);
  // Every item names its organisation (a report's milestone does not carry it): one BatchGet a page.
  // A registration names its organisation-to-be itself: it has no organisation yet.
  const orgOf = (item: QueueItem) =>
    'organisationId' in item.record ? item.record.organisationId : undefined;
  const names = await organisationNames(
    deps,
    entries.flatMap((e) => orgOf(e.item) ?? []),
  );
  return {
    items: entries.map((e) => {
      const id = orgOf(e.item);
      const name = id === undefined ? undefined : names.get(id);
      return name ? { ...e.item, organisationName: name } : e.item;
    }),
    nextCursor: more && last ? encodePosition(last) : null,
  };
}

export type { CitySettings };
