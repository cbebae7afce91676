/**
 * The reporting milestone workflow:
 *
 *   scheduled → submitted → accepted
 *   submitted → revision_requested → submitted
 *   scheduled → overdue (the daily job, once the due date has passed) → submitted
 *
 * A submission after the due date is accepted like any other, and stays marked late.
 */

import type { ActionPlanItemInput, MilestoneEventInput, ReportInput } from '../contract/requests.ts';
import { belongsTo } from './access.ts';
import { localDate } from './calendar.ts';
import type { AttachedDocument } from './documents.ts';
import type { RuleFailure } from './errors.ts';
import { compare, type Money, sum, toDecimalString } from './money.ts';
import type { CitySettings, WorkflowRecord } from './types.ts';
import { rule, type Subject, type TransitionTable } from './workflow.ts';

export type MilestoneState = 'scheduled' | 'submitted' | 'accepted' | 'revision_requested' | 'overdue';
export const MILESTONE_STATES: readonly MilestoneState[] = [
  'scheduled',
  'submitted',
  'accepted',
  'revision_requested',
  'overdue',
];
export type MilestoneKind = 'interim_report' | 'final_report' | 'annual_review';
/** Waiting for the CSO: what reminders and the overdue rule are about. */
export const AWAITING_REPORT: readonly MilestoneState[] = ['scheduled', 'overdue', 'revision_requested'];

/** A report: counts only, never names of beneficiaries. */
export type Report = ReportInput;
export type IndicatorResult = Report['indicatorResults'][number];

export interface Milestone extends WorkflowRecord<MilestoneState> {
  readonly parentType: 'grant' | 'partnership';
  /** The grant, for grant reports; the partnership, for annual reviews. */
  readonly parentId: string;
  readonly grantId?: string;
  readonly partnershipId?: string;
  readonly kind: MilestoneKind;
  /** The title of the grant it reports on, or the organisation's name for a partnership's annual review. */
  readonly title: string;
  /** The organisation's name when the milestone was scheduled (its notices name it without a read). */
  readonly organisationName?: string;
  /**
   * An annual review's number in the partnership's term, and the term: its title is made from them in
   * the reader's language (web and mails), not stored in one language.
   */
  readonly annualReview?: {
    readonly number: number;
    readonly termStart: string;
    readonly termEnd: string;
  };
  readonly dueDate: string;
  readonly late: boolean;
  /** The indicators the report gives results for. */
  readonly indicators: readonly string[];
  readonly currency: string;
  readonly report?: Report;
  readonly submittedAt?: string;
  readonly reviewedAt?: string;
  readonly reviewedBy?: string;
  readonly reviewComment?: string;
  readonly overdueSince?: string;
  /** The files attached to its reports (receipts, attendance sheets, photos), checked when attached. */
  readonly documents?: readonly AttachedDocument[];
  /** Each indicator's target (and categories), copied when scheduled: the report shows them side by side. */
  readonly targets?: readonly IndicatorTarget[];
  /** A grant report: the grant's budget lines, which spending per line must use. */
  readonly budget?: readonly { readonly label: string; readonly amount: Money }[];
  /** A grant report: the amount awarded, against which underspend is shown. */
  readonly awarded?: Money;
  /** An annual review: the action plan's activities, the city's commitments as well as the CSO's. */
  readonly activities?: readonly ActionPlanItemInput[];
  /** The co-funders that asked at award to review the reports of the grant. */
  readonly reviewers?: readonly string[];
  /** The reviews of the report as last submitted: it is accepted once the city and every reviewer accepted. */
  readonly reviews?: readonly Review[];
}

export interface IndicatorTarget {
  readonly name: string;
  readonly target: number;
  readonly categories?: readonly string[];
}

export interface Review {
  readonly side: 'city' | 'funder';
  readonly funderId?: string;
  readonly userId: string;
  readonly decision: 'accepted' | 'queried';
  readonly comment?: string;
  readonly at: string;
}

/** The events a client may send (the contract's), and the daily job's `mark_overdue`. */
export type MilestoneEvent =
  | MilestoneEventInput
  | { readonly type: 'mark_overdue'; readonly comment?: string };

export type MilestoneEventType = MilestoneEvent['type'];

export interface MilestoneContext extends Subject<Milestone> {
  readonly city: CitySettings;
}

export function reportRules(m: Milestone, report: Report): RuleFailure[] {
  const failures: RuleFailure[] = [...spendingRules(m, report), ...activityRules(m, report)];
  const given = new Set(report.indicatorResults.map((r) => r.name));
  const missing = m.indicators.filter((name) => !given.has(name));
  if (missing.length > 0) {
    failures.push({
      rule: 'indicator_results',
      path: 'report.indicatorResults',
      message: `Give a count for every indicator: ${missing.map((n) => `"${n}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`,
    });
  }
  const unknown = report.indicatorResults.filter((r) => !m.indicators.includes(r.name));
  if (unknown.length > 0) {
    failures.push({
      rule: 'indicator_unknown',
      path: 'report.indicatorResults',
      message: `These are not indicators of this report: ${unknown.map((r) => `"${r.name}"`).join(', ')}.`,
    });
  }
  failures.push(...categoryRules(m, report));
  return failures;
}

/** A grant report gives the amount spent (per budget line when it says so); an annual review asks none. */
function spendingRules(m: Milestone, report: Report): RuleFailure[] {
  const { spent, spentByLine, underspend } = report;
  if (m.parentType === 'partnership') {
    return rule(spent === undefined && spentByLine === undefined && underspend === undefined, {
      rule: 'spent_not_asked',
      path: 'report.spent',
      message: 'An annual review reports the activities; it asks no amount spent.',
    });
  }
  if (spent === undefined) {
    return [{ rule: 'spent_required', path: 'report.spent', message: 'Give the amount spent.' }];
  }
  if (spent.currency !== m.currency) {
    return [
      {
        rule: 'spent_currency',
        path: 'report.spent.currency',
        message: `Give the amount spent in ${m.currency}.`,
      },
    ];
  }
  const failures: RuleFailure[] = [];
  if (spentByLine !== undefined) {
    const labels = new Set((m.budget ?? []).map((b) => b.label));
    spentByLine.forEach((line, i) => {
      if (m.budget !== undefined && !labels.has(line.label)) {
        failures.push({
          rule: 'spent_line_unknown',
          path: `report.spentByLine.${i}.label`,
          message: `"${line.label}" is not a budget line of this grant.`,
        });
      }
      if (line.amount.currency !== m.currency) {
        failures.push({
          rule: 'spent_currency',
          path: `report.spentByLine.${i}.amount.currency`,
          message: `Give the amount spent in ${m.currency}.`,
        });
      }
    });
    if (new Set(spentByLine.map((l) => l.label)).size !== spentByLine.length) {
      failures.push({
        rule: 'spent_line_twice',
        path: 'report.spentByLine',
        message: 'Give each budget line once.',
      });
    }
    if (failures.length === 0) {
      const total = sum(
        spentByLine.map((l) => l.amount),
        m.currency,
      );
      if (compare(total, spent) !== 0) {
        failures.push({
          rule: 'spent_by_line_total',
          path: 'report.spentByLine',
          message: `The budget lines add up to ${toDecimalString(total)} ${m.currency}; they must add up to the amount spent, ${toDecimalString(spent)} ${m.currency}.`,
        });
      }
    }
  }
  if (underspend !== undefined && underspentOf(m, spent) === undefined) {
    failures.push({
      rule: 'underspend_none',
      path: 'report.underspend',
      message: 'Nothing is left unspent of the award: leave out what happens to the underspend.',
    });
  }
  return failures;
}

/** Awarded minus spent, when a final report spent less than the award. */
export function underspentOf(m: Milestone, spent: Money | undefined): Money | undefined {
  if (m.kind !== 'final_report' || !m.awarded || !spent || spent.currency !== m.awarded.currency)
    return undefined;
  return compare(spent, m.awarded) < 0
    ? { amount: m.awarded.amount - spent.amount, currency: m.currency }
    : undefined;
}

/** An annual review reports each activity of the action plan, once. */
function activityRules(m: Milestone, report: Report): RuleFailure[] {
  const given = report.activityResults;
  if (m.kind !== 'annual_review' || m.activities === undefined) {
    return rule(given === undefined, {
      rule: 'activity_not_asked',
      path: 'report.activityResults',
      message: 'Only an annual review reports the activities of the action plan.',
    });
  }
  const planned = new Set(m.activities.map((a) => a.activity));
  const reported = new Set((given ?? []).map((a) => a.activity));
  const missing = [...planned].filter((a) => !reported.has(a));
  const unknown = [...reported].filter((a) => !planned.has(a));
  return [
    ...rule(missing.length === 0, {
      rule: 'activity_results',
      path: 'report.activityResults',
      message: `Say how every activity went: ${missing.map((a) => `"${a}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`,
    }),
    ...rule(unknown.length === 0, {
      rule: 'activity_unknown',
      path: 'report.activityResults',
      message: `These are not activities of the action plan: ${unknown.map((a) => `"${a}"`).join(', ')}.`,
    }),
  ];
}

/** An indicator with categories is counted by category too, and the categories add up to the result. */
function categoryRules(m: Milestone, report: Report): RuleFailure[] {
  const failures: RuleFailure[] = [];
  report.indicatorResults.forEach((r, i) => {
    const categories = m.targets?.find((t) => t.name === r.name)?.categories ?? [];
    const path = `report.indicatorResults.${i}.byCategory`;
    if (categories.length === 0) {
      if (r.byCategory !== undefined)
        failures.push({ rule: 'category_not_asked', path, message: `"${r.name}" has no categories.` });
      return;
    }
    const counts = r.byCategory ?? [];
    const given = new Set(counts.map((c) => c.category));
    if (categories.some((c) => !given.has(c)) || counts.some((c) => !categories.includes(c.category))) {
      failures.push({
        rule: 'category_counts',
        path,
        message: `Give a count for each category of "${r.name}": ${categories.map((c) => `"${c}"`).join(', ')}.`,
      });
    } else if (counts.reduce((total, c) => total + c.value, 0) !== r.value) {
      failures.push({
        rule: 'category_total',
        path,
        message: `The counts by category of "${r.name}" must add up to ${r.value}.`,
      });
    }
  });
  return failures;
}

/** Separation of duties: nobody reviews a report of an organisation they belong to. */
const notOwnOrganisation = (c: MilestoneContext) =>
  belongsTo(c.actor, c.record)
    ? 'You belong to the organisation that reports, so you cannot review this report.'
    : undefined;

/** Which side reviews: the city's staff, or a funder organisation. */
const reviewSide = (c: MilestoneContext): Pick<Review, 'side' | 'funderId'> =>
  c.roles.includes('city_officer')
    ? { side: 'city' }
    : { side: 'funder', ...(c.actor.organisationId ? { funderId: c.actor.organisationId } : {}) };

const sameSide = (a: Pick<Review, 'side' | 'funderId'>, b: Pick<Review, 'side' | 'funderId'>) =>
  a.side === b.side && (a.side === 'city' || a.funderId === b.funderId);

/** Where co-funders asked to review, only they review among the funders. */
const notAReviewer = (c: MilestoneContext) => {
  const reviewers = c.record.reviewers ?? [];
  const side = reviewSide(c);
  return side.side === 'funder' && reviewers.length > 0 && !reviewers.includes(side.funderId ?? '')
    ? 'Your organisation did not ask to review the reports of this grant.'
    : undefined;
};

/** A side accepts once per submission. */
const notYetAccepted = (c: MilestoneContext) =>
  !(c.record.reviews ?? []).some((r) => r.decision === 'accepted' && sameSide(r, reviewSide(c)));

/**
 * Without co-funders that asked to review, one acceptance (the city's or a funder's) accepts the report;
 * with them, it is accepted once the city and each of them have accepted.
 */
function acceptedBy(m: Milestone, reviews: readonly Review[]): boolean {
  const reviewers = m.reviewers ?? [];
  const accepted = reviews.filter((r) => r.decision === 'accepted');
  if (reviewers.length === 0) return accepted.length > 0;
  return (
    accepted.some((r) => r.side === 'city') &&
    reviewers.every((id) => accepted.some((r) => r.side === 'funder' && r.funderId === id))
  );
}

function withReview(c: MilestoneContext, decision: Review['decision'], comment?: string): Review[] {
  const review: Review = {
    ...reviewSide(c),
    userId: c.actor.userId,
    decision,
    ...(comment !== undefined ? { comment } : {}),
    at: c.now,
  };
  return [...(c.record.reviews ?? []), review];
}

const isPastDue = (c: MilestoneContext) => localDate(c.now, c.city.calendar.timeZone) > c.record.dueDate;

export const milestoneTransitions: TransitionTable<
  MilestoneState,
  MilestoneEventType,
  MilestoneContext,
  MilestoneEvent
> = {
  submit_report: {
    from: ['scheduled', 'overdue', 'revision_requested'],
    to: 'submitted',
    by: ['cso'],
    guards: [(c, e) => reportRules(c.record, e.report)],
  },
  accept: {
    from: ['submitted'],
    to: (c, e) => (acceptedBy(c.record, withReview(c, 'accepted', e.comment)) ? 'accepted' : 'submitted'),
    by: ['city_officer', 'funder'],
    when: notYetAccepted,
    refuse: [notOwnOrganisation, notAReviewer],
  },
  request_revision: {
    from: ['submitted'],
    to: 'revision_requested',
    by: ['city_officer', 'funder'],
    refuse: [notOwnOrganisation, notAReviewer],
  },
  /** A co-funder's question on the report: it goes back to the CSO, like a revision. */
  query: {
    from: ['submitted'],
    to: 'revision_requested',
    by: ['funder'],
    refuse: [notOwnOrganisation, notAReviewer],
  },
  mark_overdue: {
    from: ['scheduled'],
    to: 'overdue',
    by: ['system'],
    guards: [
      (c) => rule(isPastDue(c), { rule: 'not_yet_due', message: 'The report is not yet past its due date.' }),
    ],
  },
};

export function applyMilestoneEvent(c: MilestoneContext, e: MilestoneEvent, to: MilestoneState): Milestone {
  const m = c.record;
  const base: Milestone = { ...m, state: to, version: m.version + 1, updatedAt: c.now };
  switch (e.type) {
    case 'submit_report':
      // Late is decided by the first submission: a revision asked for after the due date is not lateness.
      return {
        ...base,
        report: e.report,
        reviews: [],
        submittedAt: c.now,
        late: m.late || (m.submittedAt === undefined && isPastDue(c)),
      };
    case 'accept':
      return {
        ...base,
        reviewedAt: c.now,
        reviewedBy: c.actor.userId,
        reviewComment: e.comment,
        reviews: withReview(c, 'accepted', e.comment),
      };
    case 'request_revision':
    case 'query':
      return {
        ...base,
        reviewedAt: c.now,
        reviewedBy: c.actor.userId,
        reviewComment: e.comment,
        reviews: withReview(c, 'queried', e.comment),
      };
    case 'mark_overdue':
      return { ...base, late: true, overdueSince: localDate(c.now, c.city.calendar.timeZone) };
  }
}

/** What a grant's report is measured against, copied into each milestone when the award schedules it. */
export function grantReportParts(grant: {
  readonly indicators: readonly IndicatorTarget[];
  readonly budget: readonly { readonly label: string; readonly amount: Money }[];
  readonly award?: {
    readonly amount: Money;
    readonly funders: readonly { readonly funderId: string; readonly reviewsReport?: boolean | undefined }[];
  };
}): Pick<Milestone, 'targets' | 'budget' | 'awarded' | 'reviewers'> {
  return {
    targets: grant.indicators.map((i) => ({
      name: i.name,
      target: i.target,
      ...(i.categories?.length ? { categories: i.categories } : {}),
    })),
    budget: grant.budget.map((b) => ({ label: b.label, amount: b.amount })),
    ...(grant.award ? { awarded: grant.award.amount } : {}),
    reviewers: (grant.award?.funders ?? []).filter((f) => f.reviewsReport === true).map((f) => f.funderId),
  };
}

/** An annual review reports each activity of the action plan; an indicator's target is the plan's sum. */
export function reviewReportParts(
  actionPlan: readonly ActionPlanItemInput[],
): Pick<Milestone, 'targets' | 'activities'> {
  const targets = new Map<string, number>();
  for (const a of actionPlan) targets.set(a.indicator, (targets.get(a.indicator) ?? 0) + a.target);
  return {
    targets: [...targets].map(([name, target]) => ({ name, target })),
    activities: actionPlan.map((a) => ({ ...a })),
  };
}
