/**
 * The partnership agreement workflow:
 *
 *   draft → submitted → in_review → approved → active
 *   in_review → changes_requested → submitted          in_review → rejected
 *   draft | submitted | in_review | changes_requested → withdrawn (by the CSO)
 *   active ⇄ suspended;  approved | active | suspended → terminated
 *   active | suspended → expired (term ended without renewal, the daily job);  active → active (renew: a new term)
 *   in_review → approved (approve: the agreement is drawn up and frozen, and waits for both signatures)
 *   approved → active (sign: the second signature, on or after the start date; or the daily job, on the
 *   start date, once both sides have signed)
 *   approved | active → same (sign: one side's signature; a renewal's new agreement is signed while active)
 *
 * In review, each officer and each member of the mayor's office declares no conflict of interest before
 * recording due diligence or deciding; the person who recorded due diligence does not decide.
 */
import type {
  ActionPlanItemInput,
  DocumentRefInput,
  PartnershipApplicationInput,
  PartnershipEventInput,
} from '../contract/requests.ts';
import type { AgreementContent, AgreementSignature } from '../papers/agreement.ts';
import { agreementHash } from '../papers/agreement-hash.ts';
import { belongsTo } from './access.ts';
import { addDays, addYears, localDate } from './calendar.ts';
import { LANGUAGES, type Language } from './city.ts';
import type { AttachedDocument } from './documents.ts';
import type { RuleFailure } from './errors.ts';
import type { ConflictDeclaration } from './grant.ts';
import type { CitySettings, WorkflowRecord } from './types.ts';
import { rule, type Subject, type TransitionTable } from './workflow.ts';

export type PartnershipState =
  | 'draft'
  | 'submitted'
  | 'in_review'
  | 'changes_requested'
  | 'approved'
  | 'active'
  | 'rejected'
  | 'withdrawn'
  | 'suspended'
  | 'terminated'
  | 'expired';

export const PARTNERSHIP_STATES: readonly PartnershipState[] = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'active',
  'rejected',
  'withdrawn',
  'suspended',
  'terminated',
  'expired',
];

export type DocumentKind = 'statutes' | 'registration' | 'board_list' | 'annual_accounts' | 'activity_report';
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'statutes',
  'registration',
  'board_list',
  'annual_accounts',
  'activity_report',
];

export type ActionPlanItem = ActionPlanItemInput;
export type DocumentRef = DocumentRefInput;
/** What the CSO writes: the request body of the contract. */
export type PartnershipApplication = PartnershipApplicationInput;

export interface DiligenceCheck {
  readonly item: DocumentKind;
  readonly ok: boolean;
  readonly note?: string;
}

export interface DueDiligence {
  readonly checks: readonly DiligenceCheck[];
  readonly by: string;
  readonly at: string;
}

export interface Term {
  readonly start: string;
  readonly end: string;
}

/**
 * The agreement drawn up at approval (and at each renewal), frozen: its hash covers every language, and
 * each signature records the hash it was given on. Its content is kept whole beside the record (the
 * store's agreements.ts, by partnership and hash), to render it again and check the hash.
 */
export interface PartnershipAgreement {
  /** The template version it was drawn up from. */
  readonly version: number;
  readonly hash: string;
  readonly languages: readonly Language[];
  readonly drawnUpAt: string;
  readonly signatures: readonly AgreementSignature[];
}

export type SigningSide = AgreementSignature['side'];

export interface Partnership extends WorkflowRecord<PartnershipState>, PartnershipApplication {
  /** The organisation's name, for lists and the public register. */
  readonly organisationName: string;
  readonly submittedAt?: string;
  readonly dueDiligence?: DueDiligence;
  /**
   * Set when the due diligence recorded last passed on every item: only then does the application go to
   * the mayor's office (its queue reads this flag); a failed item keeps it with the officer.
   */
  readonly diligencePassed?: true;
  /** Who declared no conflict of interest for the review in progress (cleared at each submission). */
  readonly conflictDeclarations?: readonly ConflictDeclaration[];
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  readonly decisionComment?: string;
  /** The span in force: from the first start to the end of the latest term. */
  readonly term?: Term;
  /** Each term, the first and every renewal; annual reviews are scheduled per term. */
  readonly terms: readonly Term[];
  /** The agreement of the latest term (approval or renewal). */
  readonly agreement?: PartnershipAgreement;
  /** The files of its documents (`documents[].uploadId`). */
  readonly files?: readonly AttachedDocument[];
}

/** The events a client may send (the contract's), those of the daily job, and `edit` (a change of the application). */
export type PartnershipEvent =
  | PartnershipEventInput
  | { readonly type: 'activate'; readonly comment?: string }
  | { readonly type: 'expire'; readonly comment?: string }
  | { readonly type: 'edit'; readonly comment?: string };

export type PartnershipEventType = PartnershipEvent['type'];

export interface PartnershipContext extends Subject<Partnership> {
  readonly city: CitySettings;
  /** For `submit`: whether the organisation already has another partnership in force. */
  readonly otherPartnershipInForce?: boolean;
  /** For `approve` and `renew`: draws up the agreement of the new term (the service fills the template). */
  readonly drawUp?: (term: Term) => AgreementContent;
  /** For `sign` with a signed scan: the document it became and its SHA-256 (the service checked it). */
  readonly signedScan?: AgreementSignature['scan'];
}

/** The side a signer signs for: the mayor's office for the city, a member for the organisation. */
export function signingSide(roles: readonly string[]): SigningSide | undefined {
  if (roles.includes('mayor_office')) return 'city';
  if (roles.includes('cso')) return 'cso';
  return undefined;
}

/**
 * Whether the agreement binds both sides. A partnership approved before agreements were drawn up has
 * none, and keeps activating on its start date as it did.
 */
export function agreementSigned(p: Pick<Partnership, 'agreement'>): boolean {
  if (!p.agreement) return true;
  const sides = new Set(p.agreement.signatures.map((s) => s.side));
  return sides.has('city') && sides.has('cso');
}

function frozen(content: AgreementContent, now: string): PartnershipAgreement {
  return {
    version: content.templateVersion,
    hash: agreementHash(content),
    languages: LANGUAGES.filter((l) => content.languages[l] !== undefined),
    drawnUpAt: now,
    signatures: [],
  };
}

function signed(
  c: PartnershipContext,
  e: Extract<PartnershipEvent, { type: 'sign' }>,
): Partnership['agreement'] {
  const a = c.record.agreement;
  const side = signingSide(c.roles);
  if (!a || !side) return a;
  const signature: AgreementSignature = {
    side,
    userId: c.actor.userId,
    name: e.name,
    at: c.now,
    hash: a.hash,
    ...(c.signedScan ? { scan: c.signedScan } : {}),
  };
  return { ...a, signatures: [...a.signatures, signature] };
}

const KIND_WORDS: Record<DocumentKind, string> = {
  statutes: 'statutes',
  registration: 'registration certificate',
  board_list: 'board list',
  annual_accounts: 'latest annual accounts',
  activity_report: 'latest activity report',
};

export function applicationRules(app: PartnershipApplication, today: string): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const declared = new Set(app.documents.map((d) => d.kind));
  const missing = DOCUMENT_KINDS.filter((k) => !declared.has(k));
  if (missing.length > 0) {
    failures.push({
      rule: 'documents_missing',
      path: 'documents',
      message: `Declare these documents: ${missing.map((k) => KIND_WORDS[k]).join(', ')}.`,
    });
  }
  app.documents.forEach((d, i) => {
    if (d.date > today) {
      failures.push({
        rule: 'document_date',
        path: `documents.${i}.date`,
        message: `The date of your ${KIND_WORDS[d.kind]} cannot be in the future.`,
      });
    }
  });
  if (app.actionPlan.length === 0) {
    failures.push({
      rule: 'action_plan',
      path: 'actionPlan',
      message: 'Add at least one activity to the joint action plan.',
    });
  }
  return failures;
}

const today = (c: PartnershipContext) => localDate(c.now, c.city.calendar.timeZone);

function diligenceRules(c: PartnershipContext): RuleFailure[] {
  const dd = c.record.dueDiligence;
  if (!dd) {
    return [
      { rule: 'due_diligence', message: 'A city officer must complete the due-diligence checklist first.' },
    ];
  }
  const failed = dd.checks.filter((x) => !x.ok).map((x) => KIND_WORDS[x.item]);
  return rule(failed.length === 0, {
    rule: 'due_diligence_failed',
    message: `The due-diligence check found a problem with: ${failed.join(', ')}.`,
  });
}

function checklistRules(checks: readonly DiligenceCheck[]): RuleFailure[] {
  const items = checks.map((c) => c.item);
  const complete = DOCUMENT_KINDS.every((k) => items.includes(k)) && new Set(items).size === items.length;
  return rule(complete, {
    rule: 'checklist_complete',
    path: 'checks',
    message: `Check each document once: ${DOCUMENT_KINDS.map((k) => KIND_WORDS[k]).join(', ')}.`,
  });
}

// Separation of duties, as for grants: each reviewer and decider declares no conflict of interest, nobody
// reviews their own organisation, and the person who checked the documents does not also decide.
const declared = (c: PartnershipContext) =>
  (c.record.conflictDeclarations ?? []).some((d) => d.userId === c.actor.userId);

const noConflictDeclared = (c: PartnershipContext): RuleFailure[] =>
  rule(declared(c), {
    rule: 'conflict_declaration',
    message: 'Declare first that you have no conflict of interest with this application.',
  });

const notOwnOrganisation = (c: PartnershipContext) =>
  belongsTo(c.actor, c.record)
    ? 'You belong to the organisation that applies, so you cannot review or decide this application.'
    : undefined;

const notTheDiligenceRecorder = (c: PartnershipContext) =>
  c.record.dueDiligence?.by === c.actor.userId
    ? 'You recorded the due diligence of this application; another person must decide it.'
    : undefined;

/** A checklist was recorded and an item failed: the application stays with the officer. */
const diligenceFailed = (c: PartnershipContext) => c.record.dueDiligence?.checks.some((x) => !x.ok) === true;

const REVIEW: PartnershipContext['roles'] = ['city_officer'];
/** The states in which the CSO may still change its application (PATCH). */
export const EDITABLE: readonly PartnershipState[] = ['draft', 'changes_requested'];
const DECIDE: PartnershipContext['roles'] = ['mayor_office'];

export const partnershipTransitions: TransitionTable<
  PartnershipState,
  PartnershipEventType,
  PartnershipContext,
  PartnershipEvent
> = {
  submit: {
    from: ['draft', 'changes_requested'],
    to: 'submitted',
    by: ['cso'],
    guards: [
      (c) => applicationRules(c.record, today(c)),
      (c) =>
        rule(!c.otherPartnershipInForce, {
          rule: 'partnership_in_force',
          message: 'Your organisation already has a partnership with the city. Ask for its renewal instead.',
        }),
    ],
  },
  withdraw: { from: ['draft', 'submitted', 'in_review', 'changes_requested'], to: 'withdrawn', by: ['cso'] },
  start_review: { from: ['submitted'], to: 'in_review', by: REVIEW, refuse: [notOwnOrganisation] },
  request_changes: { from: ['in_review'], to: 'changes_requested', by: REVIEW, refuse: [notOwnOrganisation] },
  declare_no_conflict: {
    from: ['in_review'],
    to: 'in_review',
    by: [...REVIEW, ...DECIDE],
    when: (c) => !declared(c) && (c.roles.includes('city_officer') || !diligenceFailed(c)),
    refuse: [notOwnOrganisation],
  },
  record_due_diligence: {
    from: ['in_review'],
    to: 'in_review',
    by: REVIEW,
    refuse: [notOwnOrganisation],
    guards: [noConflictDeclared, (_c, e) => checklistRules(e.checks)],
  },
  approve: {
    from: ['in_review'],
    // Approved, the partnership waits for both signatures (and its start date) before it is in force.
    to: 'approved',
    by: DECIDE,
    when: (c) => !diligenceFailed(c),
    refuse: [notOwnOrganisation, notTheDiligenceRecorder],
    guards: [
      noConflictDeclared,
      diligenceRules,
      (c, e) =>
        rule((e.startDate ?? today(c)) >= today(c), {
          rule: 'start_date',
          path: 'startDate',
          message: 'The partnership cannot start in the past.',
        }),
    ],
  },
  reject: {
    from: ['in_review'],
    to: 'rejected',
    by: DECIDE,
    when: (c) => !diligenceFailed(c),
    refuse: [notOwnOrganisation, notTheDiligenceRecorder],
    guards: [noConflictDeclared],
  },
  suspend: { from: ['active'], to: 'suspended', by: DECIDE },
  reinstate: { from: ['suspended'], to: 'active', by: DECIDE },
  terminate: { from: ['approved', 'active', 'suspended'], to: 'terminated', by: DECIDE },
  renew: { from: ['active'], to: 'active', by: DECIDE },
  activate: {
    from: ['approved'],
    to: 'active',
    by: ['system'],
    when: (c) => c.record.term !== undefined && c.record.term.start <= today(c) && agreementSigned(c.record),
  },
  sign: {
    from: ['approved', 'active'],
    to: (c, e) => {
      if (c.record.state === 'active') return 'active';
      const after = { agreement: signed(c, e) };
      const started = c.record.term !== undefined && c.record.term.start <= today(c);
      return agreementSigned(after) && started ? 'active' : 'approved';
    },
    by: ['cso', 'mayor_office'],
    // Once per side: a second signature of the same side is not possible (409).
    when: (c) => {
      const side = signingSide(c.roles);
      const a = c.record.agreement;
      return a !== undefined && !a.signatures.some((s) => s.side === side);
    },
  },
  expire: {
    from: ['active', 'suspended'],
    to: 'expired',
    by: ['system'],
    when: (c) => c.record.term !== undefined && c.record.term.end < today(c),
  },
  // Not an event a client sends: PATCH changes the application, and the audit trail records it as `edit`.
  // In the table so that `allowedEvents` tells the web front end when it may show the edit form.
  edit: { from: EDITABLE, to: (c) => c.record.state, by: ['cso'] },
};

/** The term that starts on `start`: `years` long, ending the day before the anniversary. */
export function termFrom(start: string, years: number): Term {
  return { start, end: addDays(addYears(start, years), -1) };
}

/** One annual review per year of the term: on each anniversary, the last on the term's end. */
export function annualReviews(term: Term): string[] {
  const dates: string[] = [];
  for (let k = 1; ; k++) {
    const d = addYears(term.start, k);
    if (d > term.end) {
      if (dates.at(-1) !== term.end) dates.push(term.end);
      return dates;
    }
    dates.push(d);
  }
}

export function applyPartnershipEvent(
  c: PartnershipContext,
  e: PartnershipEvent,
  to: PartnershipState,
): Partnership {
  const p = c.record;
  const base: Partnership = { ...p, state: to, version: p.version + 1, updatedAt: c.now };
  switch (e.type) {
    case 'submit':
      return {
        ...base,
        submittedAt: c.now,
        dueDiligence: undefined,
        diligencePassed: undefined,
        conflictDeclarations: [],
      };
    case 'declare_no_conflict':
      return {
        ...base,
        conflictDeclarations: [
          ...(p.conflictDeclarations ?? []),
          {
            userId: c.actor.userId,
            role: c.roles.includes('mayor_office') ? 'mayor_office' : 'city_officer',
            at: c.now,
          },
        ],
      };
    case 'record_due_diligence':
      return {
        ...base,
        dueDiligence: { checks: e.checks, by: c.actor.userId, at: c.now },
        diligencePassed: e.checks.every((x) => x.ok) ? true : undefined,
      };
    case 'approve': {
      const term = termFrom(e.startDate ?? today(c), c.city.partnershipTermYears);
      const agreement = c.drawUp ? frozen(c.drawUp(term), c.now) : undefined;
      return { ...base, decidedAt: c.now, decidedBy: c.actor.userId, term, terms: [term], agreement };
    }
    case 'sign':
      return { ...base, agreement: signed(c, e) };
    case 'reject':
      return { ...base, decidedAt: c.now, decidedBy: c.actor.userId, decisionComment: e.comment };
    case 'renew': {
      if (!p.term) return base;
      const next = termFrom(addDays(p.term.end, 1), c.city.partnershipTermYears);
      // A renewal draws up a new agreement for the new term; the partnership stays in force meanwhile.
      const agreement = c.drawUp ? frozen(c.drawUp(next), c.now) : p.agreement;
      return { ...base, term: { start: p.term.start, end: next.end }, terms: [...p.terms, next], agreement };
    }
    default:
      return base;
  }
}
