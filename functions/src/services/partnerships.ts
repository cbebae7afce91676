import { rolesOn } from '#domain/access';
import { localDate } from '#domain/calendar';
import { ForbiddenError, RuleViolationError } from '#domain/errors';
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
import { agreementContentItem } from '#store/agreements';
import type { Page, Write } from '#store/store';
import type { AgreementContent } from '../papers/agreement.ts';
import { csoOfActor, loadReadable } from './access.ts';
import { auditDraft, scheduledMilestoneDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { attachToRecord, documentUploads } from './documents.ts';
import {
  commitEvent,
  type EventClaim,
  idempotentEvent,
  loadForEvent,
  loadWithStanding,
  type Tell,
} from './events.ts';
import { type Created, type IdempotencyInput, idempotentCreate } from './idempotency.ts';
import { checkIfMatch, withVersionRace } from './if-match.ts';
import { agreementDrawer, signedScan } from './papers.ts';
import { otherPartnershipInForce, type ReadStanding, readStanding } from './standing.ts';
import { type PartnershipView, partnershipView } from './views.ts';

export async function createPartnership(
  deps: Deps,
  actor: Actor,
  app: PartnershipApplication,
  idem?: IdempotencyInput,
): Promise<Created<PartnershipView>> {
  const org = await csoOfActor(deps, actor);
  const orgId = org.id;
  const city = await deps.cities.get(actor.cityId);
  return idempotentCreate(deps, actor, idem, async (claim) => {
    const now = deps.clock().toISOString();
    const id = deps.newId('p');
    const attached = await attachToRecord(
      deps,
      actor,
      { type: 'partnership', id },
      [],
      documentUploads(app.documents),
    );
    const p: Partnership = {
      ...app,
      ...(attached.files ? { files: attached.files } : {}),
      id,
      cityId: city.id,
      organisationId: orgId,
      organisationName: org.name,
      state: 'draft',
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.userId,
      terms: [],
    };
    const view = partnershipView(p, { actor, roles: rolesOn(actor, p), now, city });
    await deps.store.commit(
      [
        {
          kind: 'create',
          type: 'partnership',
          record: p,
          audit: auditDraft({
            entityType: 'partnership',
            entityId: p.id,
            event: 'create',
            from: null,
            to: 'draft',
            actor,
            role: 'cso',
            at: now,
            data: attached.audit,
          }),
        },
        ...attached.writes,
      ],
      claim ? { ...claim, body: view } : undefined,
    );
    return view;
  });
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
  const { record, roles, auditHash } = await loadReadable<Partnership>(deps, 'partnership', id, actor);
  if (!roles.includes('cso'))
    throw new ForbiddenError('Only the applying organisation can edit its application.');
  checkIfMatch(ifMatch, record.version);
  if (record.state !== 'draft' && record.state !== 'changes_requested') {
    throw new RuleViolationError([
      {
        rule: 'not_editable',
        message: 'An application can be edited only as a draft or when changes are requested.',
      },
    ]);
  }
  const city = await deps.cities.get(record.cityId);
  const now = deps.clock().toISOString();
  const attached = await attachToRecord(
    deps,
    actor,
    { type: 'partnership', id },
    record.files,
    documentUploads(patch.documents),
  );
  const next: Partnership = {
    ...record,
    ...patch,
    ...(attached.files ? { files: attached.files } : {}),
    version: record.version + 1,
    updatedAt: now,
  };
  await withVersionRace(ifMatch, () =>
    deps.store.commit([
      {
        kind: 'update',
        type: 'partnership',
        record: next,
        expectedVersion: record.version,
        prevHash: auditHash,
        audit: auditDraft({
          entityType: 'partnership',
          entityId: id,
          event: 'edit',
          from: record.state,
          to: record.state,
          actor,
          role: 'cso',
          at: now,
          data: { fields: Object.keys(patch), ...attached.audit },
        }),
      },
      ...attached.writes,
    ]),
  );
  return partnershipView(next, { actor, roles, now, city });
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
      id: deps.newId('m'),
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
  return idempotentEvent(deps, actor, idem, async (claim) => {
    if (event.type === 'submit') {
      // A submission reads the organisation's standing with the partnership (is another one in force).
      const { record, roles, auditHash, city, standing } = await loadWithStanding<Partnership>(
        deps,
        'partnership',
        id,
        actor,
        ifMatch,
      );
      return applyPartnership(deps, actor, roles, record, auditHash, city, event, ifMatch, claim, standing);
    }
    const { record, roles, auditHash, city } = await loadForEvent<Partnership>(
      deps,
      'partnership',
      id,
      actor,
      ifMatch,
    );
    return applyPartnership(deps, actor, roles, record, auditHash, city, event, ifMatch, claim);
  });
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
  actor: Actor,
  roles: readonly ActingRole[],
  record: Partnership,
  auditHash: string,
  city: CitySettings,
  event: PartnershipEvent,
  ifMatch?: string,
  claim?: EventClaim,
  standing?: ReadStanding,
): Promise<PartnershipView> {
  const now = deps.clock().toISOString();
  let ctx: PartnershipContext = { record, actor, roles, now, city };
  let read = standing;
  if (event.type === 'submit') {
    read ??= await readStanding(deps.store, record.organisationId);
    ctx = { ...ctx, otherPartnershipInForce: otherPartnershipInForce(read.stored, record.id) };
  }
  // Approval and renewal draw up the agreement of the new term; its content is written beside the record.
  let drawnUp: AgreementContent | undefined;
  if (event.type === 'approve' || event.type === 'renew') {
    const drawUp = await agreementDrawer(deps, record, city, localDate(now, city.calendar.timeZone));
    ctx = {
      ...ctx,
      drawUp: (term) => {
        drawnUp = drawUp(term);
        return drawnUp;
      },
    };
  }
  const { from, to, role } = check(partnershipTransitions, ctx, event);
  const scan = await signedScan(deps, actor, record.id, event);
  const next = applyPartnershipEvent({ ...ctx, signedScan: scan.signedScan }, event, to);
  const writes: Write[] = [...scan.writes];
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
      type: 'partnership',
      record,
      next,
      auditHash,
      actor,
      role,
      event,
      from,
      to,
      now,
      conflictDeclared: ['declare_no_conflict', 'record_due_diligence', 'approve', 'reject'].includes(
        event.type,
      ),
      data: auditData(event, next, localDate(now, city.calendar.timeZone)),
      writes,
      tell: partnershipNotices(event, next),
      ifMatch,
      claim,
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
