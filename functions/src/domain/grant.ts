/**
 * The grant workflow (tracks `fast` and `standard`):
 *
 *   draft → submitted → in_review → recommended → approved → active → completed → closed
 *   in_review → changes_requested → submitted        recommended → rejected
 *   draft | submitted | in_review | changes_requested | recommended → withdrawn (by the CSO)
 *   active ⇄ suspended;  approved | active | suspended → terminated
 */
import type { AwardInput, GrantApplicationInput, GrantEventInput } from '../contract/requests.ts';
import { belongsTo } from './access.ts';
import { addDays, addWeeks, addWorkingDays, daysBetween, localDate, workingDaysBetween } from './calendar.ts';
import type { AttachedDocument } from './documents.ts';
import { failedRules, fastTrackEligibility, type Standing } from './eligibility.ts';
import type { RuleFailure } from './errors.ts';
import type { MilestoneKind } from './milestone.ts';
import { allocate, compare, type Money, sum, toDecimalString } from './money.ts';
import type { CitySettings, WorkflowRecord } from './types.ts';
import { rule, type Subject, type TransitionTable } from './workflow.ts';

/** The failure of a rule that `parts` (all in `whole`'s currency) add up to `whole`, when they do not. */
function totalRule(
  where: { readonly rule: string; readonly path: string },
  parts: readonly Money[],
  whole: Money,
  message: (total: string, whole: string) => string,
): RuleFailure | undefined {
  const total = sum(parts, whole.currency);
  if (total.amount === whole.amount) return undefined;
  const text = (m: Money) => `${toDecimalString(m)} ${m.currency}`;
  return { ...where, message: message(text(total), text(whole)) };
}

export type GrantState =
  | 'draft'
  | 'submitted'
  | 'in_review'
  | 'changes_requested'
  | 'recommended'
  | 'approved'
  | 'active'
  | 'completed'
  | 'closed'
  | 'rejected'
  | 'withdrawn'
  | 'suspended'
  | 'terminated';

export const GRANT_STATES: readonly GrantState[] = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'recommended',
  'approved',
  'active',
  'completed',
  'closed',
  'rejected',
  'withdrawn',
  'suspended',
  'terminated',
];

export type Track = 'fast' | 'standard';

/** Waiting for a decision: the states that count against the decision deadline. */
export const PENDING_DECISION: readonly GrantState[] = ['submitted', 'in_review', 'recommended'];
/** Open for the fast-track limit: submitted and not finished. */
export const OPEN_GRANT: readonly GrantState[] = [
  'submitted',
  'in_review',
  'changes_requested',
  'recommended',
  'approved',
  'active',
  'suspended',
];

export type BudgetLine = GrantApplication['budget'][number];
export type Indicator = GrantApplication['indicators'][number];

/** What the CSO writes: the request body of the contract. */
export type GrantApplication = GrantApplicationInput;
export type Award = AwardInput;
export type FunderShare = Award['funders'][number];

export type TrancheCondition = 'award_accepted' | 'final_report_accepted';
export type TrancheState = 'scheduled' | 'released' | 'held' | 'paid';

export interface Tranche {
  readonly id: string;
  readonly amount: Money;
  readonly condition: TrancheCondition;
  readonly state: TrancheState;
  readonly releasedAt?: string;
  readonly paidAt?: string;
  /** The day of the payment and its reference, as the officer recorded them. */
  readonly paidOn?: string;
  readonly reference?: string;
  /** The proof of payment: one of the grant's files. */
  readonly proofDocumentId?: string;
}

export interface Recommendation {
  readonly value: 'approve' | 'reject';
  readonly comment: string;
  readonly by: string;
  readonly at: string;
}

export interface ConflictDeclaration {
  readonly userId: string;
  readonly role: string;
  readonly at: string;
}

export interface Grant extends WorkflowRecord<GrantState>, GrantApplication {
  /** The applying organisation's name when the application was made, so lists need no second read. */
  readonly organisationName: string;
  readonly submittedAt?: string;
  /** The decision deadline, a date in the city's calendar. */
  readonly decisionDueAt?: string;
  /** The deadline of the first submission, kept when later ones move `decisionDueAt`. */
  readonly firstDecisionDueAt?: string;
  /** The day the application was sent back for changes: the decision clock stops until it is back. */
  readonly decisionPausedOn?: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  /** Set at the decision when it came after the deadline; stays for ever. */
  readonly decisionLate?: boolean;
  readonly decisionComment?: string;
  readonly recommendation?: Recommendation;
  readonly conflictDeclarations: readonly ConflictDeclaration[];
  readonly award?: Award;
  readonly tranches: readonly Tranche[];
  readonly awardAcceptedAt?: string;
  /** The files attached to it: budget quotes, proofs of payment. */
  readonly files?: readonly AttachedDocument[];
  /** The city's rules in force at the last submission: the grant is judged by them, not by later ones. */
  readonly rulesAtSubmission?: SubmissionRules;
}

export interface SubmissionRules {
  readonly fastTrackCeiling: Money;
  /** The working days to the decision, for the grant's track. */
  readonly decisionWorkingDays: number;
}

/** The city's settings as they apply to a grant: with the ceiling of the day it was submitted. */
export function rulesInForce(g: Grant, city: CitySettings): CitySettings {
  return g.rulesAtSubmission ? { ...city, fastTrackCeiling: g.rulesAtSubmission.fastTrackCeiling } : city;
}

/** The events a client may send (the contract's), and `edit`, which stands for a change of the application. */
export type GrantEvent = GrantEventInput | { readonly type: 'edit'; readonly comment?: string };

export type GrantEventType = GrantEvent['type'];

export interface GrantContext extends Subject<Grant> {
  readonly city: CitySettings;
  /** For `submit` of a fast-track grant. */
  readonly standing?: Standing;
  /** For `approve`: the ids of the funder organisations of the grant's city. */
  readonly knownFunderIds?: ReadonlySet<string>;
  /** For `close`: the milestones of the grant. */
  readonly milestoneStates?: readonly string[];
}

// ---------------------------------------------------------------- rules of the application itself

/** Rules on the application's content, checked at create, at edit and again at submit. */
export function applicationRules(app: GrantApplication, city: CitySettings): RuleFailure[] {
  const failures: RuleFailure[] = [];
  if (app.amountRequested.currency !== city.currency) {
    failures.push({
      rule: 'currency',
      path: 'amountRequested.currency',
      message: `Amounts in ${city.name} are in ${city.currency}.`,
    });
  }
  if (app.amountRequested.amount <= 0) {
    failures.push({
      rule: 'amount_positive',
      path: 'amountRequested.amount',
      message: 'Ask for an amount above zero.',
    });
  }
  const budgetCurrencyOk = app.budget.every((l) => l.amount.currency === app.amountRequested.currency);
  if (!budgetCurrencyOk) {
    failures.push({
      rule: 'budget_currency',
      path: 'budget',
      message: `Every budget line must be in ${app.amountRequested.currency}.`,
    });
  } else {
    const unequal = totalRule(
      { rule: 'budget_total', path: 'budget' },
      app.budget.map((l) => l.amount),
      app.amountRequested,
      (total, whole) => `Your budget lines add up to ${total}, but you ask for ${whole}. Make them equal.`,
    );
    if (unequal) failures.push(unequal);
  }
  if (app.endDate <= app.startDate) {
    failures.push({
      rule: 'dates_order',
      path: 'endDate',
      message: 'The end date must come after the start date.',
    });
  }
  return failures;
}

// ---------------------------------------------------------------- guards and duties

const declared = (c: GrantContext) => c.record.conflictDeclarations.some((d) => d.userId === c.actor.userId);

const noConflictDeclared = (c: GrantContext): RuleFailure[] =>
  rule(declared(c), {
    rule: 'conflict_declaration',
    message: 'Declare first that you have no conflict of interest with this application.',
  });

const notOwnOrganisation = (c: GrantContext) =>
  belongsTo(c.actor, c.record)
    ? 'You belong to the organisation that applies, so you cannot review or decide this application.'
    : undefined;

const notTheRecommender = (c: GrantContext) =>
  c.record.recommendation?.by === c.actor.userId
    ? 'You recommended this application; another person must decide it.'
    : undefined;

function submitGuards(c: GrantContext): RuleFailure[] {
  const failures = applicationRules(c.record, c.city);
  if (c.record.track === 'fast') {
    if (!c.standing) throw new Error('standing is required to submit a fast-track grant');
    failures.push(...failedRules(fastTrackEligibility(c.record.amountRequested, c.city, c.standing)));
  }
  return failures;
}

function awardRules(c: GrantContext, award: Award): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const requested = c.record.amountRequested;
  if (award.amount.currency !== c.city.currency) {
    failures.push({
      rule: 'award_currency',
      path: 'award.amount',
      message: `The award must be in ${c.city.currency}.`,
    });
    return failures;
  }
  if (award.amount.amount <= 0 || compare(award.amount, requested) > 0) {
    failures.push({
      rule: 'award_amount',
      path: 'award.amount',
      message: `The award must be above zero and at most the ${toDecimalString(requested)} ${requested.currency} requested.`,
    });
  }
  const ceiling = rulesInForce(c.record, c.city).fastTrackCeiling;
  if (c.record.track === 'fast' && compare(award.amount, ceiling) > 0) {
    failures.push({
      rule: 'award_ceiling',
      path: 'award.amount',
      message: `A fast-track award is at most ${toDecimalString(ceiling)} ${c.city.currency}.`,
    });
  }
  if (award.funders.length === 0) {
    failures.push({ rule: 'award_funders', path: 'award.funders', message: 'Name at least one funder.' });
  }
  const ids = award.funders.map((f) => f.funderId);
  if (new Set(ids).size !== ids.length) {
    failures.push({ rule: 'award_funders_unique', path: 'award.funders', message: 'Name each funder once.' });
  }
  award.funders.forEach((f, i) => {
    if (c.knownFunderIds && !c.knownFunderIds.has(f.funderId)) {
      failures.push({
        rule: 'award_funder_unknown',
        path: `award.funders.${i}.funderId`,
        message: `There is no funder "${f.funderId}" in ${c.city.name}.`,
      });
    }
    if (f.share.currency !== award.amount.currency || f.share.amount <= 0) {
      failures.push({
        rule: 'award_share',
        path: `award.funders.${i}.share`,
        message: `Each funder's share must be above zero and in ${award.amount.currency}.`,
      });
    }
  });
  const sameCurrency = award.funders.every((f) => f.share.currency === award.amount.currency);
  if (sameCurrency && award.funders.length > 0) {
    const unequal = totalRule(
      { rule: 'award_shares_total', path: 'award.funders' },
      award.funders.map((f) => f.share),
      award.amount,
      (total, whole) => `The funders' shares add up to ${total}; they must add up to the award, ${whole}.`,
    );
    if (unequal) failures.push(unequal);
  }
  return failures;
}

/** The award as decided: the one given, or by default the amount requested, all from the city's budget. */
export function awardOf(c: GrantContext, given: Award | undefined): Award {
  return (
    given ?? {
      amount: c.record.amountRequested,
      funders: [{ funderId: c.city.budgetFunderId, share: c.record.amountRequested }],
    }
  );
}

// ---------------------------------------------------------------- the table

const REVIEW: GrantContext['roles'] = ['city_officer'];
/** The states in which the CSO may still change its application (PATCH). */
export const EDITABLE: readonly GrantState[] = ['draft', 'changes_requested'];
const DECIDE: GrantContext['roles'] = ['mayor_office'];

export const grantTransitions: TransitionTable<GrantState, GrantEventType, GrantContext, GrantEvent> = {
  submit: { from: ['draft', 'changes_requested'], to: 'submitted', by: ['cso'], guards: [submitGuards] },
  withdraw: {
    from: ['draft', 'submitted', 'in_review', 'changes_requested', 'recommended'],
    to: 'withdrawn',
    by: ['cso'],
  },
  start_review: { from: ['submitted'], to: 'in_review', by: REVIEW, refuse: [notOwnOrganisation] },
  request_changes: { from: ['in_review'], to: 'changes_requested', by: REVIEW, refuse: [notOwnOrganisation] },
  declare_no_conflict: {
    from: ['in_review', 'recommended'],
    to: (c) => c.record.state,
    by: ['city_officer', 'mayor_office'],
    when: (c) => !declared(c),
    refuse: [notOwnOrganisation],
  },
  recommend: {
    from: ['in_review'],
    to: 'recommended',
    by: REVIEW,
    refuse: [notOwnOrganisation],
    guards: [noConflictDeclared],
  },
  approve: {
    from: ['recommended'],
    to: 'approved',
    by: DECIDE,
    refuse: [notOwnOrganisation, notTheRecommender],
    guards: [noConflictDeclared, (c, e) => awardRules(c, awardOf(c, e.award))],
  },
  reject: {
    from: ['recommended'],
    to: 'rejected',
    by: DECIDE,
    refuse: [notOwnOrganisation, notTheRecommender],
    guards: [noConflictDeclared],
  },
  accept_award: { from: ['approved'], to: 'active', by: ['cso'] },
  complete: { from: ['active'], to: 'completed', by: ['cso', 'city_officer'] },
  close: {
    from: ['completed'],
    to: 'closed',
    by: ['city_officer'],
    guards: [
      (c) =>
        rule(
          // Unknown milestones count as not accepted: a caller that forgot to load them cannot close.
          c.milestoneStates?.every((s) => s === 'accepted') === true,
          {
            rule: 'reports_accepted',
            message: 'A grant closes once all of its reports are accepted.',
          },
        ),
    ],
  },
  suspend: { from: ['active'], to: 'suspended', by: DECIDE },
  reinstate: { from: ['suspended'], to: 'active', by: DECIDE },
  terminate: { from: ['approved', 'active', 'suspended'], to: 'terminated', by: DECIDE },
  // Not an event a client sends: PATCH changes the application, and the audit trail records it as `edit`.
  // In the table so that `allowedEvents` tells the web front end when it may show the edit form.
  edit: { from: EDITABLE, to: (c) => c.record.state, by: ['cso'] },
};

// ---------------------------------------------------------------- effects

export interface PlannedMilestone {
  readonly kind: MilestoneKind;
  readonly dueDate: string;
}

/** The reports a grant owes: a final report after its end; a standard grant also an interim at mid-term. */
export function milestoneSchedule(grant: GrantApplication, city: CitySettings): PlannedMilestone[] {
  const finalReport = {
    kind: 'final_report' as const,
    dueDate: addWeeks(grant.endDate, city.finalReportWeeks),
  };
  if (grant.track === 'fast') return [finalReport];
  const midTerm = addDays(grant.startDate, Math.floor(daysBetween(grant.startDate, grant.endDate) / 2));
  return [{ kind: 'interim_report', dueDate: midTerm }, finalReport];
}

/** Payment tranches: fast track 100 % at acceptance of the award; standard 80 % then 20 % after the final report. */
export function trancheSchedule(track: Track, amount: Money): Tranche[] {
  if (track === 'fast') return [{ id: 't1', amount, condition: 'award_accepted', state: 'scheduled' }];
  const [advance, balance] = allocate(amount, [80, 20]) as [Money, Money];
  return [
    { id: 't1', amount: advance, condition: 'award_accepted', state: 'scheduled' },
    { id: 't2', amount: balance, condition: 'final_report_accepted', state: 'scheduled' },
  ];
}

/** Releases the tranches whose condition is now met (held ones stay held until the hold is lifted). */
export function releaseTranches(
  tranches: readonly Tranche[],
  condition: TrancheCondition,
  at: string,
): Tranche[] {
  return tranches.map((t) =>
    t.condition === condition && t.state === 'scheduled' ? { ...t, state: 'released', releasedAt: at } : t,
  );
}

/** The decision deadline for a submission at `now`, in the city's working days. */
export function decisionDeadline(track: Track, now: string, city: CitySettings): string {
  return addWorkingDays(localDate(now, city.calendar.timeZone), decisionDays(track, city), city.calendar);
}

const decisionDays = (track: Track, city: CitySettings) =>
  track === 'fast' ? city.decisionWorkingDays : city.standardDecisionWorkingDays;

/**
 * The decision deadline when an application sent back on `pausedOn` comes back on `resumedOn`: the old
 * deadline moved by the working days it spent with the CSO (the day it came back counts as with the CSO).
 */
export function resumedDeadline(
  dueAt: string,
  pausedOn: string,
  resumedOn: string,
  cal: CitySettings['calendar'],
): string {
  const away = workingDaysBetween(pausedOn, resumedOn, cal);
  return away > 0 ? addWorkingDays(dueAt, away, cal) : dueAt;
}

/** Late: decided after the deadline (for ever), or still waiting after it. */
export function isDecisionLate(grant: Grant, now: string, city: CitySettings): boolean {
  if (grant.decisionLate !== undefined) return grant.decisionLate;
  if (!grant.decisionDueAt || !PENDING_DECISION.includes(grant.state)) return false;
  return localDate(now, city.calendar.timeZone) > grant.decisionDueAt;
}

/** The record after the event: the fields each event sets beside the state. */
export function applyGrantEvent(c: GrantContext, e: GrantEvent, to: GrantState): Grant {
  const g = c.record;
  const base = { ...g, state: to, version: g.version + 1, updatedAt: c.now };
  switch (e.type) {
    case 'submit': {
      const today = localDate(c.now, c.city.calendar.timeZone);
      // Back from changes: the clock resumes where it stopped; the days with the CSO do not count.
      const due =
        g.decisionDueAt && g.decisionPausedOn
          ? resumedDeadline(g.decisionDueAt, g.decisionPausedOn, today, c.city.calendar)
          : decisionDeadline(g.track, c.now, c.city);
      return {
        ...base,
        submittedAt: c.now,
        decisionDueAt: due,
        firstDecisionDueAt: g.firstDecisionDueAt ?? due,
        decisionPausedOn: undefined,
        // Back from changes, it is still judged by the rules of its first submission, as its clock is.
        rulesAtSubmission:
          g.decisionPausedOn && g.rulesAtSubmission
            ? g.rulesAtSubmission
            : {
                fastTrackCeiling: c.city.fastTrackCeiling,
                decisionWorkingDays: decisionDays(g.track, c.city),
              },
        conflictDeclarations: [],
        recommendation: undefined,
      };
    }
    case 'request_changes':
      return { ...base, decisionPausedOn: localDate(c.now, c.city.calendar.timeZone) };
    case 'declare_no_conflict':
      return {
        ...base,
        conflictDeclarations: [
          ...g.conflictDeclarations,
          {
            userId: c.actor.userId,
            role: c.roles.includes('mayor_office') ? 'mayor_office' : 'city_officer',
            at: c.now,
          },
        ],
      };
    case 'recommend':
      return {
        ...base,
        recommendation: { value: e.recommendation, comment: e.comment, by: c.actor.userId, at: c.now },
      };
    case 'approve': {
      const award = awardOf(c, e.award);
      return {
        ...decided(base, c),
        award,
        funderIds: award.funders.map((f) => f.funderId),
        tranches: trancheSchedule(g.track, award.amount),
      };
    }
    case 'reject':
      return { ...decided(base, c), decisionComment: e.comment };
    case 'accept_award':
      return {
        ...base,
        awardAcceptedAt: c.now,
        tranches: releaseTranches(g.tranches, 'award_accepted', c.now),
      };
    default:
      return base;
  }
}

function decided(g: Grant, c: GrantContext): Grant {
  const today = localDate(c.now, c.city.calendar.timeZone);
  return {
    ...g,
    decidedAt: c.now,
    decidedBy: c.actor.userId,
    decisionLate: g.decisionDueAt !== undefined && today > g.decisionDueAt,
  };
}
