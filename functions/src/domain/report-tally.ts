/**
 * A grant's tally of its reporting milestones: for each one, its state, due date, lateness and kind. The
 * grant keeps it (kept by the transaction of every milestone write), so that the rules that look at all
 * of a grant's reports — "reports on time" in the register, "all reports accepted" before `close`, "no
 * other report overdue" before a hold is lifted — are decided from the grant alone, without reading the
 * milestones.
 */
import type { Milestone, MilestoneKind, MilestoneState } from './milestone.ts';

/** What the tally keeps of one milestone. */
export interface TalliedMilestone {
  readonly state: MilestoneState;
  readonly dueDate: string;
  readonly late: boolean;
  readonly kind: MilestoneKind;
}

/** A grant's milestones by id. */
export type MilestoneTally = Readonly<Record<string, TalliedMilestone>>;

export const talliedMilestone = (m: TalliedMilestone): TalliedMilestone => ({
  state: m.state,
  dueDate: m.dueDate,
  late: m.late,
  kind: m.kind,
});

/** The tally of a grant's milestones as read one by one. */
export const tallyOf = (milestones: readonly Milestone[]): MilestoneTally =>
  Object.fromEntries(milestones.map((m) => [m.id, talliedMilestone(m)]));

/** Late: reported late, marked overdue, or past its due date before the daily job has marked it. */
export function isLate(m: Pick<TalliedMilestone, 'state' | 'dueDate' | 'late'>, today: string): boolean {
  if (m.late || m.state === 'overdue') return true;
  return m.state === 'scheduled' && m.dueDate < today;
}

/** None of the grant's reports is late or overdue (`today` in the city's calendar). */
export const reportsOnTime = (tally: MilestoneTally, today: string): boolean =>
  !Object.values(tally).some((m) => isLate(m, today));

/** The states of the grant's milestones, as the `close` guard takes them. */
export const talliedStates = (tally: MilestoneTally): MilestoneState[] =>
  Object.values(tally).map((m) => m.state);

/** Another report of the grant than `milestoneId` is overdue (its tranches stay held). */
export const otherOverdue = (tally: MilestoneTally, milestoneId: string): boolean =>
  Object.entries(tally).some(([id, m]) => id !== milestoneId && m.state === 'overdue');

/** The grant's final report is accepted (the balance tranche's condition). */
export const finalReportAccepted = (tally: MilestoneTally): boolean =>
  Object.values(tally).some((m) => m.kind === 'final_report' && m.state === 'accepted');
