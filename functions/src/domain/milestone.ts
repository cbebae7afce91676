/**
 * The reporting milestone workflow:
 *
 *   scheduled → submitted → accepted
 *   submitted → revision_requested → submitted
 *   scheduled → overdue (the daily job, once the due date has passed) → submitted
 *
 * A submission after the due date is accepted like any other, and stays marked late.
 */

import type { MilestoneEventInput, ReportInput } from '../contract/requests.ts';
import { belongsTo } from './access.ts';
import { localDate } from './calendar.ts';
import type { AttachedDocument } from './documents.ts';
import type { RuleFailure } from './errors.ts';
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
  const failures: RuleFailure[] = [];
  if (report.spent.currency !== m.currency) {
    failures.push({
      rule: 'spent_currency',
      path: 'report.spent.currency',
      message: `Give the amount spent in ${m.currency}.`,
    });
  }
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
  return failures;
}

/** Separation of duties: nobody reviews a report of an organisation they belong to. */
const notOwnOrganisation = (c: MilestoneContext) =>
  belongsTo(c.actor, c.record)
    ? 'You belong to the organisation that reports, so you cannot review this report.'
    : undefined;

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
    to: 'accepted',
    by: ['city_officer', 'funder'],
    refuse: [notOwnOrganisation],
  },
  request_revision: {
    from: ['submitted'],
    to: 'revision_requested',
    by: ['city_officer', 'funder'],
    refuse: [notOwnOrganisation],
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
        submittedAt: c.now,
        late: m.late || (m.submittedAt === undefined && isPastDue(c)),
      };
    case 'accept':
    case 'request_revision':
      return { ...base, reviewedAt: c.now, reviewedBy: c.actor.userId, reviewComment: e.comment };
    case 'mark_overdue':
      return { ...base, late: true, overdueSince: localDate(c.now, c.city.calendar.timeZone) };
  }
}
