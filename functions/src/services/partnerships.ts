import { rolesOn } from '#domain/access';
import { localDate } from '#domain/calendar';
import { ForbiddenError } from '#domain/errors';
import { type Milestone, reviewReportParts } from '#domain/milestone';
import {
  annualReviews,
  applyPartnershipEvent,
  type Partnership,
  type PartnershipApplication,
  type PartnershipContext,
  type PartnershipEvent,
  partnershipTransitions,
  type Term,
} from '#domain/partnership';
import type { Actor, CitySettings } from '#domain/types';
import { type ActingRole, check } from '#domain/workflow';
import { agreementContentItem, getPartnershipToDecide, partyWrite } from '#store/agreements';
import { CheckFailedError, VersionConflictError } from '#store/errors';
import { milestoneIdUnder } from '#store/milestones';
import type { Page, Stored, Write } from '#store/store';
import type { AgreementContent } from '../papers/agreement.ts';
import { loadReadable, withActorsCity } from './access.ts';
import { type ApplicationKind, createApplication, editApplication } from './applications.ts';
import { scheduledMilestoneDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { documentUploads } from './documents.ts';
import {
  commitEvent,
  idempotentEvent,
  type Loaded,
  loadedFrom,
  type Sent,
  sendEvent,
  type Tell,
} from './events.ts';
import type { Created, IdempotencyInput } from './idempotency.ts';
import { agreementDrawer, type DecisionRead, type SavedTemplate, signedScan } from './papers.ts';
import { otherPartnershipInForce, readStanding } from './standing.ts';
import { type PartnershipView, partnershipView } from './views.ts';

/** A partnership application: its files are those of its declared documents; it starts with no term. */
const partnershipApplication: ApplicationKind<PartnershipApplication, Partnership, PartnershipView> = {
  type: 'partnership',
  idPrefix: 'p',
  uploads: (app) => documentUploads(app.documents),
  draft: (fields) => ({ ...fields, terms: [] }),
  present: partnershipView,
  // The organisation as its agreement will name it, so that approving reads the partnership only.
  alsoWrites: (deps, p, org) => [
    partyWrite(deps.store, p.id, {
      organisationId: org.id,
      name: org.name,
      registrationNumber: org.registrationNumber,
    }),
  ],
};

export async function createPartnership(
  deps: Deps,
  actor: Actor,
  app: PartnershipApplication,
  idem?: IdempotencyInput,
): Promise<Created<PartnershipView>> {
  return createApplication(deps, actor, partnershipApplication, app, idem);
}

export async function getPartnership(deps: Deps, actor: Actor, id: string): Promise<PartnershipView> {
  const { record, roles } = await loadReadable<Partnership>(deps, 'partnership', id, actor);
  const city = await deps.cities.get(record.cityId);
  return partnershipView(record, { actor, roles, now: deps.clock().toISOString(), city });
}

export async function listPartnerships(
  deps: Deps,
  actor: Actor,
  q: { state?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<PartnershipView>> {
  let page: Page<Partnership>;
  if (actor.roles.includes('city_officer') || actor.roles.includes('mayor_office')) {
    page = await deps.store.listByCity<Partnership>('partnership', actor.cityId, q);
  } else if (actor.roles.includes('cso') && actor.organisationId) {
    page = await deps.store.listByOrganisation<Partnership>('partnership', actor.organisationId, q);
  } else {
    throw new ForbiddenError('Your role does not list partnerships.');
  }
  const now = deps.clock().toISOString();
  const city = await deps.cities.get(actor.cityId);
  return {
    items: page.items.map((p) => partnershipView(p, { actor, roles: rolesOn(actor, p), now, city })),
    nextCursor: page.nextCursor,
  };
}

export async function editPartnership(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: Partial<PartnershipApplication>,
  ifMatch?: string,
): Promise<PartnershipView> {
  return editApplication(deps, actor, partnershipApplication, id, patch, ifMatch);
}

/** The annual review milestones of one term of a partnership. */
export function annualReviewWrites(
  deps: Deps,
  p: Partnership,
  term: Term,
  city: CitySettings,
  actor: Actor,
  role: ActingRole,
  now: string,
): Write[] {
  return annualReviews(term).map((dueDate, i) => {
    const m: Milestone = {
      id: milestoneIdUnder({ type: 'partnership', id: p.id }, deps.newId('m')),
      cityId: p.cityId,
      organisationId: p.organisationId,
      state: 'scheduled',
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.userId,
      organisationName: p.organisationName,
      parentType: 'partnership',
      parentId: p.id,
      partnershipId: p.id,
      kind: 'annual_review',
      title: p.organisationName,
      annualReview: { number: i + 1, termStart: term.start, termEnd: term.end },
      dueDate,
      late: false,
      indicators: [...new Set(p.actionPlan.map((a) => a.indicator))],
      currency: city.currency,
      ...reviewReportParts(p.actionPlan),
    };
    return {
      kind: 'create' as const,
      type: 'milestone' as const,
      record: m,
      audit: scheduledMilestoneDraft(m.id, { actor, role, at: now }, { partnershipId: p.id }),
    };
  });
}

export async function partnershipEvent(
  deps: Deps,
  actor: Actor,
  id: string,
  event: PartnershipEvent,
  ifMatch?: string,
  idem?: IdempotencyInput,
): Promise<Created<PartnershipView>> {
  if (event.type === 'approve' || event.type === 'renew') {
    return idempotentEvent(deps, actor, idem, async (claim) => {
      const { loaded, read } = await loadToDecide(deps, id, actor, ifMatch);
      const sent = { ...loaded, actor, event, ifMatch, claim };
      // Renamed between its read and the write (the party read from the organisation): as any change
      // made meanwhile, 409.
      const conflict = (e: unknown) =>
        partyChanged(e) ? new VersionConflictError('organisation', loaded.record.organisationId) : e;
      try {
        return await applyPartnership(deps, sent, read);
      } catch (e) {
        if (!partyChanged(e) || !read.party) throw conflict(e);
        // The organisation's name or number changed since the party was kept: draw up from it as it is now.
        return applyPartnership(deps, sent, { ...read, party: undefined }).catch((again: unknown) => {
          throw conflict(again);
        });
      }
    });
  }
  return sendEvent(
    deps,
    actor,
    { type: 'partnership', id },
    event,
    ifMatch,
    idem,
    applyPartnership,
    // A submission reads the organisation's standing with the partnership (is another one in force).
    (e) => e.type === 'submit',
  );
}

/** A check of the agreement's party failed: the organisation's name or number is not what it names. */
const partyChanged = (e: unknown) => e instanceof CheckFailedError && e.check === 'party';

/**
 * An approval's or a renewal's reads in one BatchGetItem: the partnership as the actor may see it, its
 * agreement's party and the template of the actor's city (and its settings, when not kept). A partnership of another city is refused by
 * its access check before anything else is used; the template is the record's city's in any case.
 */
async function loadToDecide(
  deps: Deps,
  id: string,
  actor: Actor,
  ifMatch: string | undefined,
): Promise<{ loaded: Loaded<Partnership>; read: DecisionRead }> {
  const both = await withActorsCity(deps, actor, (opts) =>
    getPartnershipToDecide<Partnership, SavedTemplate>(deps.store, 'partnership', id, actor.cityId, opts),
  );
  const loaded = await loadedFrom<Partnership, Stored<Partnership>>(
    deps,
    { type: 'partnership', id },
    actor,
    both.stored,
    ifMatch,
  );
  const { record } = loaded;
  return {
    loaded,
    read: {
      ...(record.cityId === actor.cityId ? { template: { saved: both.template } } : {}),
      ...(both.party?.organisationId === record.organisationId ? { party: both.party } : {}),
    },
  };
}

/**
 * What the audit trail keeps of an event beyond its states: the checklist, the term and the hash of the
 * agreement drawn up for it, and each signature with the hash it was given on.
 */
function auditData(event: PartnershipEvent, next: Partnership, today: string) {
  const agreement = next.agreement;
  switch (event.type) {
    case 'record_due_diligence':
      return { checks: event.checks };
    case 'approve':
    case 'renew':
      return {
        term: next.terms.at(-1),
        today,
        ...(agreement ? { agreement: { version: agreement.version, hash: agreement.hash } } : {}),
      };
    case 'sign':
      return { signature: agreement?.signatures.at(-1) };
    default:
      return undefined;
  }
}

/** Checks and applies one event to a loaded partnership; also used by the daily job (as `system`). */
export async function applyPartnership(
  deps: Deps,
  sent: Sent<Partnership, PartnershipEvent>,
  /** For approval and renewal: what was read with the partnership (papers.ts agreementDrawer). */
  decisionRead?: DecisionRead,
): Promise<PartnershipView> {
  const { record, roles, city, actor, event, standing } = sent;
  const now = deps.clock().toISOString();
  let ctx: PartnershipContext = { record, actor, roles, now, city };
  let read = standing;
  if (event.type === 'submit') {
    read ??= await readStanding(deps.store, record.organisationId);
    ctx = { ...ctx, otherPartnershipInForce: otherPartnershipInForce(read.stored, record.id) };
  }
  // Approval and renewal draw up the agreement of the new term; its content is written beside the record.
  let drawnUp: AgreementContent | undefined;
  const writes: Write[] = [];
  if (event.type === 'approve' || event.type === 'renew') {
    const drawer = await agreementDrawer(
      deps,
      record,
      city,
      localDate(now, city.calendar.timeZone),
      decisionRead,
    );
    writes.push(...drawer.writes);
    ctx = {
      ...ctx,
      drawUp: (term) => {
        drawnUp = drawer.draw(term);
        return drawnUp;
      },
    };
  }
  const checked = check(partnershipTransitions, ctx, event);
  const { to, role } = checked;
  const scan = await signedScan(deps, actor, record.id, event);
  const next = applyPartnershipEvent({ ...ctx, signedScan: scan.signedScan }, event, to);
  writes.push(...scan.writes);
  if (drawnUp && next.agreement) {
    writes.push({
      kind: 'transactItem',
      item: agreementContentItem(deps.store, {
        partnershipId: record.id,
        hash: next.agreement.hash,
        content: drawnUp,
      }),
      owner: { type: 'agreement', id: record.id },
    });
  }
  const newTerm = next.terms.at(-1);
  if ((event.type === 'approve' || event.type === 'renew') && newTerm) {
    writes.push(...annualReviewWrites(deps, next, newTerm, city, actor, role, now));
  }
  return commitEvent(
    deps,
    {
      ...sent,
      ...checked,
      type: 'partnership',
      next,
      now,
      conflictDeclared: ['declare_no_conflict', 'record_due_diligence', 'approve', 'reject'].includes(
        event.type,
      ),
      data: auditData(event, next, localDate(now, city.calendar.timeZone)),
      writes,
      tell: partnershipNotices(event, next),
      standing: read,
    },
    (v) => partnershipView(v, { actor, roles: roles.filter((r) => r !== 'system'), now, city }),
  );
}

/** Whose turn it is after a partnership's event, and what they are told. */
function partnershipNotices(event: PartnershipEvent, p: Partnership): Tell[] {
  const about = {
    record: 'partnership' as const,
    title: p.organisationName,
    organisation: p.organisationName,
  };
  switch (event.type) {
    case 'submit':
      return [{ to: ['officers'], notice: { ...about, kind: 'submitted' } }];
    case 'request_changes':
      return [{ to: ['members'], notice: { ...about, kind: 'changes_requested', reason: event.comment } }];
    case 'approve':
    case 'renew':
      // The signatories: the organisation's members and the mayor's office.
      return [{ to: ['members', 'mayor_office'], notice: { ...about, kind: 'agreement_to_sign' } }];
    case 'reject':
      return [{ to: ['members'], notice: { ...about, kind: 'partnership_declined', reason: event.comment } }];
    default:
      return [];
  }
}
