import type { GrantListQueryInput } from '#contract/requests';
import { canRead, rolesOn } from '#domain/access';
import { fastTrackEligibility } from '#domain/eligibility';
import { ForbiddenError, NotFoundError, RuleViolationError } from '#domain/errors';
import {
  applicationRules,
  applyGrantEvent,
  type Grant,
  type GrantApplication,
  type GrantContext,
  type GrantEvent,
  grantTransitions,
  isDecisionLate,
  milestoneSchedule,
  rulesInForce,
} from '#domain/grant';
import { grantReportParts, type Milestone } from '#domain/milestone';
import { talliedStates } from '#domain/report-tally';
import type { Actor, CitySettings } from '#domain/types';
import { check } from '#domain/workflow';
import { pageGrants } from '#store/grant-search';
import { milestoneIdUnder } from '#store/milestones';
import { CheckFailedError, type Page, type Write } from '#store/store';
import { loadReadable } from './access.ts';
import { type ApplicationKind, createApplication, editApplication } from './applications.ts';
import { scheduledMilestoneDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { uploadsAt } from './documents.ts';
import { commitEvent, idempotentEvent, loadWithStanding, type Sent, sendEvent, type Tell } from './events.ts';
import { loadGrantWithTally } from './grant-tally.ts';
import type { Created, IdempotencyInput } from './idempotency.ts';
import { withFunderName, withFunderNames } from './names.ts';
import { eligibilityStanding } from './standing.ts';
import { type GrantView, grantView, type MilestoneView, milestoneView } from './views.ts';

/** A grant application: its attachments are budget quotes; it starts with no declarations and no tranches. */
const grantApplication: ApplicationKind<GrantApplication, Grant, GrantView> = {
  type: 'grant',
  idPrefix: 'g',
  uploads: (app) => uploadsAt('attachments', app.attachments),
  rules: applicationRules,
  draft: (fields) => ({ ...fields, conflictDeclarations: [], tranches: [] }),
  present: grantView,
};

export async function createGrant(
  deps: Deps,
  actor: Actor,
  app: GrantApplication,
  idem?: IdempotencyInput,
): Promise<Created<GrantView>> {
  return createApplication(deps, actor, grantApplication, app, idem);
}

export async function getGrant(deps: Deps, actor: Actor, id: string): Promise<GrantView> {
  const { record, roles } = await loadReadable<Grant>(deps, 'grant', id, actor);
  const city = await deps.cities.get(record.cityId);
  return withFunderName(deps, grantView(record, { actor, roles, now: deps.clock().toISOString(), city }));
}

export async function listGrants(deps: Deps, actor: Actor, q: GrantListQueryInput): Promise<Page<GrantView>> {
  const city = await deps.cities.get(actor.cityId);
  const now = deps.clock().toISOString();
  const words = q.q?.toLocaleLowerCase();
  // What no key holds is kept or dropped by the store as it reads, so that a page is full unless it is the last.
  const keep = (g: Grant) =>
    (!words || `${g.title} ${g.organisationName}`.toLocaleLowerCase().includes(words)) &&
    (q.late === undefined || isDecisionLate(g, now, city) === (q.late === 'true')) &&
    (!q.organisationId || g.organisationId === q.organisationId) &&
    (!q.funderId || (g.award?.funders.some((f) => f.funderId === q.funderId) ?? false));
  const scope = { cityId: actor.cityId, state: q.state, track: q.track };
  let page: Page<Grant>;
  if (actor.roles.includes('city_officer') || actor.roles.includes('mayor_office')) {
    page = await pageGrants(
      deps.store,
      { ...scope, organisationId: q.organisationId, funderId: q.funderId },
      keep,
      q,
    );
  } else if (actor.roles.includes('funder') && actor.organisationId) {
    page = await pageGrants(deps.store, { ...scope, funderId: actor.organisationId }, keep, q);
  } else if (actor.roles.includes('cso') && actor.organisationId) {
    page = await pageGrants(deps.store, { ...scope, organisationId: actor.organisationId }, keep, q);
  } else {
    throw new ForbiddenError('Your role does not list grants.');
  }
  const items = page.items.map((g) => grantView(g, { actor, roles: rolesOn(actor, g), now, city }));
  return { items: await withFunderNames(deps, items), nextCursor: page.nextCursor };
}

export async function editGrant(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: Partial<GrantApplication>,
  ifMatch?: string,
): Promise<GrantView> {
  return editApplication(deps, actor, grantApplication, id, patch, ifMatch);
}

export async function grantEligibility(deps: Deps, actor: Actor, id: string) {
  // The grant and its organisation's standing: one BatchGetItem for the applying organisation.
  const { record, city, standing } = await loadWithStanding<Grant>(deps, 'grant', id, actor);
  const rules = fastTrackEligibility(
    record.amountRequested,
    rulesInForce(record, city),
    eligibilityStanding(standing.stored, record.id),
  );
  return {
    track: record.track,
    eligible: record.track === 'standard' || rules.every((r) => r.passed),
    rules: rules.map(({ rule, passed, message }) => ({ rule, passed, message })),
  };
}

export async function grantEvent(
  deps: Deps,
  actor: Actor,
  id: string,
  event: GrantEvent,
  ifMatch?: string,
  idem?: IdempotencyInput,
): Promise<Created<GrantView>> {
  // Closing reads the grant with its tally of milestones (the guard "all reports accepted"): one GetItem.
  if (event.type === 'close') {
    return idempotentEvent(deps, actor, idem, async (claim) => {
      const { tally, ...loaded } = await loadGrantWithTally(deps, id, actor, ifMatch);
      return applyGrant(deps, { ...loaded, actor, event, ifMatch, claim }, talliedStates(tally));
    });
  }
  return sendEvent(
    deps,
    actor,
    { type: 'grant', id },
    event,
    ifMatch,
    idem,
    applyGrant,
    // A submission reads the organisation's standing with the grant (fast-track eligibility).
    (e) => e.type === 'submit',
  );
}

async function applyGrant(
  deps: Deps,
  sent: Sent<Grant, GrantEvent>,
  milestoneStates?: readonly string[],
): Promise<GrantView> {
  const { record, roles, city, actor, event, standing } = sent;
  const id = record.id;
  const now = deps.clock().toISOString();
  let ctx: GrantContext = { record, actor, roles, now, city };
  // Fast-track eligibility reads the standing; its write is conditioned on it (two submissions at once
  // cannot both pass the open-grant limit: the second fails the condition, 409, and sent again, 422).
  const guarded = event.type === 'submit' && record.track === 'fast' ? standing : undefined;
  if (guarded) ctx = { ...ctx, standing: eligibilityStanding(guarded.stored, record.id) };
  if (milestoneStates) ctx = { ...ctx, milestoneStates };
  const checked = check(grantTransitions, ctx, event);
  const { to, role } = checked;
  const next = applyGrantEvent(ctx, event, to);
  const writes: Write[] = [];
  if (event.type === 'approve' && next.award) {
    const funderIds = next.award.funders.map((f) => f.funderId);
    // Only funders of the grant's own city: another city's funder would read this grant and its reports.
    // Checked in the transaction rather than read before it.
    for (const funderId of funderIds) writes.push({ kind: 'isFunder', funderId, cityId: record.cityId });
    for (const planned of milestoneSchedule(next, city)) {
      const m: Milestone = {
        id: milestoneIdUnder({ type: 'grant', id }, deps.newId('m')),
        cityId: record.cityId,
        organisationId: record.organisationId,
        state: 'scheduled',
        version: 1,
        createdAt: now,
        updatedAt: now,
        createdBy: actor.userId,
        funderIds,
        organisationName: record.organisationName,
        parentType: 'grant',
        parentId: id,
        grantId: id,
        kind: planned.kind,
        title: record.title,
        dueDate: planned.dueDate,
        late: false,
        indicators: record.indicators.map((i) => i.name),
        currency: record.amountRequested.currency,
        ...grantReportParts(next),
      };
      writes.push({
        kind: 'create',
        type: 'milestone',
        record: m,
        audit: scheduledMilestoneDraft(m.id, { actor, role, at: now }, { grantId: id }),
      });
      for (const funderId of funderIds) writes.push({ kind: 'fundsMilestone', funderId, milestone: m });
    }
    // The award schedules every milestone of the grant: its tally of them is whole from here on.
    writes.push({ kind: 'tallyWhole', grantId: id });
  }
  return withFunderCheck(event, city, () =>
    commitEvent(
      deps,
      {
        ...sent,
        ...checked,
        type: 'grant',
        next,
        now,
        conflictDeclared:
          event.type === 'declare_no_conflict' || ['recommend', 'approve', 'reject'].includes(event.type),
        data: auditData(event, record, next),
        writes,
        tell: grantNotices(event, next),
        standing: guarded,
        guardStanding: guarded !== undefined,
      },
      (g) => grantView(g, { actor, roles, now, city }),
    ),
  );
}

/** An award naming an organisation that is not a funder of the city: the rule it breaks, where. */
async function withFunderCheck<T>(
  event: GrantEvent,
  city: CitySettings,
  commit: () => Promise<T>,
): Promise<T> {
  try {
    return await commit();
  } catch (e) {
    if (!(e instanceof CheckFailedError && e.check === 'funder')) throw e;
    const funders = event.type === 'approve' ? (event.award?.funders ?? []) : [];
    const i = funders.findIndex((f) => f.funderId === e.id);
    throw new RuleViolationError([
      {
        rule: 'award_funder_unknown',
        ...(i >= 0 ? { path: `award.funders.${i}.funderId` } : {}),
        message: `There is no funder "${e.id}" in ${city.name}.`,
      },
    ]);
  }
}

/** Whose turn it is after a grant's event, and what they are told. */
function grantNotices(event: GrantEvent, g: Grant): Tell[] {
  // The grant carries its organisation's name: no read of the organisation for its notices.
  const about = { record: 'grant' as const, title: g.title, organisation: g.organisationName };
  switch (event.type) {
    case 'submit':
      return [{ to: ['officers'], notice: { ...about, kind: 'submitted', date: g.decisionDueAt } }];
    case 'request_changes':
      return [{ to: ['members'], notice: { ...about, kind: 'changes_requested', reason: event.comment } }];
    case 'recommend':
      return [
        {
          to: ['mayor_office'],
          notice: { ...about, kind: 'recommended', recommendation: event.recommendation },
        },
      ];
    case 'approve':
      return [
        { to: ['members'], notice: { ...about, kind: 'award_to_accept', amount: g.award?.amount } },
        { to: ['funders'], notice: { ...about, kind: 'grant_awarded', amount: g.award?.amount } },
      ];
    case 'reject':
      return [{ to: ['members'], notice: { ...about, kind: 'grant_rejected', reason: event.comment } }];
    default:
      return [];
  }
}

function auditData(event: GrantEvent, prev: Grant, next: Grant): Record<string, unknown> | undefined {
  switch (event.type) {
    case 'recommend':
      return { recommendation: event.recommendation };
    case 'approve':
      return { award: next.award, decisionLate: next.decisionLate };
    case 'reject':
      return { decisionLate: next.decisionLate };
    case 'submit':
      // Every move of the deadline is in the trail: the first one, and where a resubmission put it.
      return {
        decisionDueAt: next.decisionDueAt,
        firstDecisionDueAt: next.firstDecisionDueAt,
        ...(prev.decisionDueAt ? { previousDecisionDueAt: prev.decisionDueAt } : {}),
      };
    default:
      return undefined;
  }
}

export async function grantMilestones(deps: Deps, actor: Actor, id: string): Promise<MilestoneView[]> {
  // The milestones carry the grant's city, organisation and funders: access is checked on them, and the
  // grant is read only when there are none (to tell an empty list from a grant one may not see).
  const ms = await deps.store.listMilestonesOf<Milestone>('grant', id);
  const [first] = ms;
  if (!first) {
    await loadReadable<Grant>(deps, 'grant', id, actor);
    return [];
  }
  if (!ms.every((m) => canRead(actor, m))) throw new NotFoundError('grant', id);
  const city = await deps.cities.get(first.cityId);
  const now = deps.clock().toISOString();
  return ms.map((m) => milestoneView(m, { actor, roles: rolesOn(actor, m), now, city }));
}
