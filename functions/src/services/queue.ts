/**
 * What waits for the signed-in user, most urgent first:
 * - mayor's office: grants recommended for decision, by deadline; partnerships whose diligence is done;
 * - city officer: grants and partnerships to review, reports to review;
 * - funder: reports of the grants it funds, to accept or query;
 * - CSO: drafts, requested changes, awards to accept, reports due.
 */
import { rolesOn } from '#domain/access';
import { addDays, localDate, workingDaysBetween } from '#domain/calendar';
import type { Grant } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import type { Partnership } from '#domain/partnership';
import type { Actor, CitySettings } from '#domain/types';
import type { Deps } from './deps.ts';
import { organisationRecords } from './standing.ts';
import { grantView, milestoneView, partnershipView } from './views.ts';

export interface QueueItem {
  readonly kind: 'grant' | 'partnership' | 'milestone';
  readonly reason: string;
  readonly dueDate?: string;
  readonly workingDaysLeft?: number;
  readonly record: unknown;
}

const REMINDER_HORIZON_DAYS = 30;

export async function queueFor(deps: Deps, actor: Actor): Promise<{ items: QueueItem[] }> {
  const city = await deps.cities.get(actor.cityId);
  const now = deps.clock().toISOString();
  const today = localDate(now, city.calendar.timeZone);
  const v = (r: { cityId: string; organisationId: string; funderIds?: readonly string[] }) => ({
    actor,
    roles: rolesOn(actor, r),
    now,
    city,
  });
  const due = (date: string | undefined) =>
    date ? { dueDate: date, workingDaysLeft: workingDaysBetween(today, date, city.calendar) } : {};
  const items: QueueItem[] = [];
  const byCityState = <T>(type: 'grant' | 'partnership' | 'milestone', state: string) =>
    deps.store.listByCity<T>(type, actor.cityId, { state, limit: 100 }).then((p) => p.items);

  if (actor.roles.includes('mayor_office')) {
    const [grants, partnerships] = await Promise.all([
      byCityState<Grant>('grant', 'recommended'),
      byCityState<Partnership>('partnership', 'in_review'),
    ]);
    for (const g of grants)
      items.push({ kind: 'grant', reason: 'decide', ...due(g.decisionDueAt), record: grantView(g, v(g)) });
    for (const p of partnerships.filter((p) => p.dueDiligence)) {
      items.push({ kind: 'partnership', reason: 'decide', record: partnershipView(p, v(p)) });
    }
  }
  if (actor.roles.includes('city_officer')) {
    const [submitted, inReview, pSubmitted, pInReview, reports] = await Promise.all([
      byCityState<Grant>('grant', 'submitted'),
      byCityState<Grant>('grant', 'in_review'),
      byCityState<Partnership>('partnership', 'submitted'),
      byCityState<Partnership>('partnership', 'in_review'),
      byCityState<Milestone>('milestone', 'submitted'),
    ]);
    for (const g of [...submitted, ...inReview]) {
      items.push({
        kind: 'grant',
        reason: g.state === 'submitted' ? 'start_review' : 'recommend',
        ...due(g.decisionDueAt),
        record: grantView(g, v(g)),
      });
    }
    for (const p of [...pSubmitted, ...pInReview.filter((p) => !p.dueDiligence)]) {
      items.push({
        kind: 'partnership',
        reason: p.state === 'submitted' ? 'start_review' : 'due_diligence',
        record: partnershipView(p, v(p)),
      });
    }
    for (const m of reports)
      items.push({ kind: 'milestone', reason: 'review_report', record: milestoneView(m, v(m)) });
  }
  if (actor.roles.includes('funder') && actor.organisationId) {
    const page = await deps.store.listFunderMilestones<Milestone>(actor.organisationId, {
      state: 'submitted',
      limit: 100,
    });
    for (const m of page.items)
      items.push({ kind: 'milestone', reason: 'review_report', record: milestoneView(m, v(m)) });
  }
  if (actor.roles.includes('cso') && actor.organisationId) {
    const own = await organisationRecords(deps.store, actor.organisationId);
    const horizon = addDays(today, REMINDER_HORIZON_DAYS);
    for (const g of own.grants) {
      if (g.state === 'draft' || g.state === 'changes_requested')
        items.push({
          kind: 'grant',
          reason: g.state === 'draft' ? 'finish_draft' : 'make_changes',
          record: grantView(g, v(g)),
        });
      if (g.state === 'approved')
        items.push({ kind: 'grant', reason: 'accept_award', record: grantView(g, v(g)) });
    }
    for (const p of own.partnerships) {
      if (p.state === 'draft' || p.state === 'changes_requested')
        items.push({
          kind: 'partnership',
          reason: p.state === 'draft' ? 'finish_draft' : 'make_changes',
          record: partnershipView(p, v(p)),
        });
    }
    for (const m of own.milestones) {
      const waiting =
        m.state === 'overdue' ||
        m.state === 'revision_requested' ||
        (m.state === 'scheduled' && m.dueDate <= horizon);
      if (waiting)
        items.push({
          kind: 'milestone',
          reason: m.state === 'overdue' ? 'overdue_report' : 'submit_report',
          dueDate: m.dueDate,
          record: milestoneView(m, v(m)),
        });
    }
  }
  return { items: sortByUrgency(items) };
}

/** Soonest due first; items without a date after all dated ones, in their order. */
export function sortByUrgency(items: QueueItem[]): QueueItem[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => {
      const da = a.item.dueDate ?? '9999-12-31';
      const db = b.item.dueDate ?? '9999-12-31';
      return da < db ? -1 : da > db ? 1 : a.i - b.i;
    })
    .map(({ item }) => item);
}

export type { CitySettings };
