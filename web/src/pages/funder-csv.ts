/** The funder's portfolio as a CSV download: one row per milestone (a grant without one gets its own). */
import type { Grant, Milestone, Money } from '../api/types.ts';
import { toCsv } from '../csv.ts';
import type { MessageKey } from '../i18n/en.ts';
import { t, toDecimalInput } from '../i18n/index.ts';

export const shareOf = (g: Grant, funderId: string | undefined): Money | undefined =>
  g.award?.funders.find((f) => f.funderId === funderId)?.share;

const CSV_COLUMNS: readonly MessageKey[] = [
  'csv.grant',
  'csv.title',
  'csv.state',
  'csv.currency',
  'csv.award',
  'csv.share',
  'csv.organisation',
  'csv.funders',
  'csv.milestone',
  'csv.kind',
  'csv.due',
  'csv.milestoneState',
  'csv.late',
];

/** The portfolio as CSV: one row per milestone (a grant without one gets a row of its own). */
export function portfolioCsv(
  grants: readonly Grant[],
  milestones: readonly Milestone[],
  funderId: string | undefined,
): string {
  const rows: string[][] = [CSV_COLUMNS.map((k) => t(k))];
  for (const g of grants) {
    const base = [
      g.id,
      g.title,
      g.state,
      g.amountRequested.currency,
      toDecimalInput(g.award?.amount),
      toDecimalInput(shareOf(g, funderId)),
      g.organisationName,
      (g.award?.funders ?? []).map((f) => `${f.name ?? f.funderId} (${toDecimalInput(f.share)})`).join('; '),
    ];
    const own = milestones.filter((m) => m.grantId === g.id);
    if (own.length === 0) rows.push([...base, '', '', '', '', '']);
    for (const m of own) rows.push([...base, m.id, m.kind, m.dueDate, m.state, m.late ? 'true' : 'false']);
  }
  return toCsv(rows);
}

export function csvHref(
  grants: readonly Grant[],
  milestones: readonly Milestone[],
  funderId: string | undefined,
): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(portfolioCsv(grants, milestones, funderId))}`;
}
