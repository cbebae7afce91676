import { rolesOn } from '#domain/access';
import { ForbiddenError } from '#domain/errors';
import { type Grant, releaseTranches, type Tranche } from '#domain/grant';
import {
  applyMilestoneEvent,
  type Milestone,
  type MilestoneContext,
  type MilestoneEvent,
  milestoneTransitions,
} from '#domain/milestone';
import { finalReportAccepted, otherOverdue } from '#domain/report-tally';
import type { Actor } from '#domain/types';
import { type ActingRole, check } from '#domain/workflow';
import type { StoredGrant } from '#store/grant-tally';
import { getMilestoneAndGrant } from '#store/milestones';
import type { Page, Write } from '#store/store';
import { loadReadable, withActorsCity } from './access.ts';
import { auditDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { attachUploads } from './documents.ts';
import { commitEvent, idempotentEvent, loadedFrom, type Sent, type Tell } from './events.ts';
import { grantOfMilestone } from './grant-tally.ts';
import type { Created, IdempotencyInput } from './idempotency.ts';
import { type MilestoneView, milestoneView } from './views.ts';

export async function getMilestone(deps: Deps, actor: Actor, id: string): Promise<MilestoneView> {
  const { record, roles } = await loadReadable<Milestone>(deps, 'milestone', id, actor);
  const city = await deps.cities.get(record.cityId);
  return milestoneView(record, { actor, roles, now: deps.clock().toISOString(), city });
}

export async function listMilestones(
  deps: Deps,
  actor: Actor,
  q: {
    state?: string | undefined;
    dueBefore?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
): Promise<Page<MilestoneView>> {
  let page: Page<Milestone>;
  if (actor.roles.includes('city_officer') || actor.roles.includes('mayor_office')) {
    page = await deps.store.listByCity<Milestone>('milestone', actor.cityId, q);
  } else if (actor.roles.includes('funder') && actor.organisationId) {
    page = await deps.store.listFunderMilestones<Milestone>(actor.organisationId, q);
  } else if (actor.roles.includes('cso') && actor.organisationId) {
    page = await deps.store.listByOrganisation<Milestone>('milestone', actor.organisationId, q);
  } else {
    throw new ForbiddenError('Your role does not list milestones.');
  }
  const now = deps.clock().toISOString();
  const items: MilestoneView[] = [];
  for (const m of page.items) {
    const city = await deps.cities.get(m.cityId);
    items.push(milestoneView(m, { actor, roles: rolesOn(actor, m), now, city }));
  }
  return { items, nextCursor: page.nextCursor };
}

export async function milestoneEvent(
  deps: Deps,
  actor: Actor,
  id: string,
  event: MilestoneEvent,
  ifMatch?: string,
  idem?: IdempotencyInput,
): Promise<Created<MilestoneView>> {
  return idempotentEvent(deps, actor, idem, async (claim) => {
    const stored = await withActorsCity(deps, actor, (opts) =>
      getMilestoneAndGrant(deps.store, id, mayChangeGrant(event), opts),
    );
    const loaded = await loadedFrom(deps, { type: 'milestone', id }, actor, stored, ifMatch);
    return applyMilestone(deps, { ...loaded, actor, event, ifMatch, claim });
  });
}

/**
 * The events that may write the milestone's grant: the hold, its lifting (a report of an overdue
 * milestone) and the balance released by the final report. They read the grant with the milestone, in
 * the same call, when the milestone's id names it; whether they write it is known only once both are read.
 */
const mayChangeGrant = (event: MilestoneEvent) =>
  event.type === 'mark_overdue' || event.type === 'submit_report' || event.type === 'accept';

/** An event sent to a loaded milestone, with its grant when it was read in the same call. */
export type SentToMilestone = Sent<Milestone, MilestoneEvent> & { readonly grant?: StoredGrant | undefined };

/** Checks and applies one event to a loaded milestone; also used by the daily job (as `system`). */
export async function applyMilestone(deps: Deps, sent: SentToMilestone): Promise<MilestoneView> {
  const { record, roles, city, actor, event } = sent;
  // The grant as read with the milestone, else read now (milestones whose id does not name it).
  const grantOf = (grantId: string) => grantOfMilestone(deps.store, grantId, sent.grant);
  const now = deps.clock().toISOString();
  const ctx: MilestoneContext = { record, actor, roles, now, city };
  const checked = check(milestoneTransitions, ctx, event);
  const { to, role } = checked;
  const applied = applyMilestoneEvent(ctx, event, to);
  // The report's files are checked (exists, size, type, hash) and attached in the same transaction.
  const attaching = await attachUploads(
    deps,
    actor,
    event.type === 'submit_report' ? (event.report.attachments ?? []) : [],
    { type: 'milestone', id: record.id },
    'report.attachments',
  );
  const next: Milestone =
    attaching.documents.length > 0
      ? { ...applied, documents: [...(record.documents ?? []), ...attaching.documents] }
      : applied;
  const writes: Write[] = [...attaching.writes];
  writes.push(...(await holdWrites(grantOf, record, event, actor, role, now)));
  // The final report's acceptance (the last one needed, where co-funders review) releases the balance tranche of a standard grant.
  if (to === 'accepted' && record.kind === 'final_report' && record.grantId) {
    const grant = await grantOf(record.grantId);
    if (
      grant?.record.tranches.some((t) => t.condition === 'final_report_accepted' && t.state === 'scheduled')
    ) {
      const g = grant.record;
      const updated: Grant = {
        ...g,
        version: g.version + 1,
        updatedAt: now,
        tranches: releaseTranches(g.tranches, 'final_report_accepted', now),
      };
      writes.push({
        kind: 'update',
        type: 'grant',
        record: updated,
        previous: g,
        expectedVersion: g.version,
        prevHash: grant.auditHash,
        audit: auditDraft({
          entityType: 'grant',
          entityId: g.id,
          event: 'release_tranche',
          from: g.state,
          to: g.state,
          actor,
          role: role as ActingRole,
          at: now,
          data: { condition: 'final_report_accepted', milestoneId: record.id },
        }),
      });
    }
  }
  return commitEvent(
    deps,
    {
      ...sent,
      ...checked,
      type: 'milestone',
      next,
      now,
      data:
        event.type === 'submit_report'
          ? { late: next.late, ...(attaching.audit.length > 0 ? { documents: attaching.audit } : {}) }
          : undefined,
      writes,
      tell: await milestoneNotices(deps, event, next),
    },
    (m) => milestoneView(m, { actor, roles: roles.filter((r) => r !== 'system'), now, city }),
  );
}

/** Whose turn it is after a report's event: officers and the grant's funders review, the CSO revises. */
async function milestoneNotices(deps: Deps, event: MilestoneEvent, m: Milestone): Promise<Tell[]> {
  // Scheduled milestones carry their organisation's name; one scheduled before they did is read for it.
  const org = m.organisationName ?? (await deps.store.getOrganisation(m.organisationId))?.name;
  const about = { record: 'milestone' as const, title: m.title, organisation: org };
  switch (event.type) {
    case 'submit_report':
      return [{ to: ['officers', 'funders'], notice: { ...about, kind: 'report_submitted' } }];
    case 'request_revision':
      return [{ to: ['members'], notice: { ...about, kind: 'revision_requested', reason: event.comment } }];
    case 'accept':
      return [{ to: ['members'], notice: { ...about, kind: 'report_accepted' } }];
    default:
      return [];
  }
}

/**
 * An overdue report holds every tranche of its grant that is not yet paid; the report coming in lifts
 * the hold once no other report of that grant is overdue: a held tranche goes back to `released` when
 * its condition holds, else to `scheduled`. Both are grant versions with their own audit entry.
 */
async function holdWrites(
  grantOf: (grantId: string) => ReturnType<typeof grantOfMilestone>,
  record: Milestone,
  event: MilestoneEvent,
  actor: Actor,
  role: ActingRole,
  now: string,
): Promise<Write[]> {
  const hold = event.type === 'mark_overdue';
  const lift = event.type === 'submit_report' && record.state === 'overdue';
  if (!record.grantId || (!hold && !lift)) return [];
  const stored = await grantOf(record.grantId);
  if (!stored) return [];
  const g = stored.record;
  let tranches: Tranche[];
  if (hold) {
    tranches = g.tranches.map((t) =>
      t.state === 'paid' || t.state === 'held' ? t : { ...t, state: 'held' },
    );
  } else {
    if (!g.tranches.some((t) => t.state === 'held')) return [];
    // The other reports, from the grant's tally: no read of the milestones.
    const tally = await stored.tally();
    if (otherOverdue(tally, record.id)) return [];
    const finalAccepted = finalReportAccepted(tally);
    const met = (t: Tranche) =>
      t.condition === 'award_accepted' ? g.awardAcceptedAt !== undefined : finalAccepted;
    tranches = g.tranches.map((t) =>
      t.state !== 'held'
        ? t
        : met(t)
          ? { ...t, state: 'released', releasedAt: t.releasedAt ?? now }
          : { ...t, state: 'scheduled' },
    );
  }
  const changed = tranches.filter((t, i) => t.state !== g.tranches[i]?.state).map((t) => t.id);
  if (changed.length === 0) return [];
  const next: Grant = { ...g, version: g.version + 1, updatedAt: now, tranches };
  return [
    {
      kind: 'update',
      type: 'grant',
      record: next,
      previous: g,
      expectedVersion: g.version,
      prevHash: stored.auditHash,
      audit: auditDraft({
        entityType: 'grant',
        entityId: g.id,
        event: hold ? 'hold_tranches' : 'lift_hold',
        from: g.state,
        to: g.state,
        actor,
        role,
        at: now,
        data: { milestoneId: record.id, tranches: changed },
      }),
    },
  ];
}
