/**
 * Portfolio exports for signed-in users, as CSV and as JSON:
 * - a funder: the grants it (co-)funds, with its share (its FUNDS links, a Query and a BatchGet per page);
 * - a city officer or the mayor's office: every awarded grant of their city (GSI2 per awarded state).
 * Each grant comes with its milestones (due, submitted and accepted dates, late flags) and the totals of
 * the indicator results of its accepted reports; the JSON ends with the portfolio's totals.
 *
 * Both are produced as an async sequence of text chunks, 100 grants at a time: memory stays flat whatever
 * the size of the portfolio. The milestones of a grant are one Query on GSI4 each (run 10 at a time): for
 * 10,000 grants that is 10,000 small Queries (~0.5 read unit each), which costs far less than reading
 * every milestone of the city up front and joining them in memory, which would not stay flat.
 */
import { localDate } from '#domain/calendar';
import { ForbiddenError } from '#domain/errors';
import type { Grant } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import { add, type Money, money, toDecimalString } from '#domain/money';
import { isLate } from '#domain/report-tally';
import type { Actor, CitySettings } from '#domain/types';
import type { Deps } from './deps.ts';
import {
  amountDisbursed,
  awardDate,
  awardedGrantPages,
  awardOf,
  csvRow,
  focusAreasOf,
  grantIdentifier,
  mapLimit,
  OrganisationCache,
} from './giving360.ts';

export type ExportScope = { kind: 'funder'; funderId: string } | { kind: 'city'; cityId: string };

/** Officers and the mayor's office export their city; a funder exports what it funds. */
export function exportScope(actor: Actor): ExportScope {
  if (actor.roles.includes('city_officer') || actor.roles.includes('mayor_office')) {
    return { kind: 'city', cityId: actor.cityId };
  }
  if (actor.roles.includes('funder') && actor.organisationId) {
    return { kind: 'funder', funderId: actor.organisationId };
  }
  throw new ForbiddenError('Only a funder, a city officer or the mayor’s office can export a portfolio.');
}

export interface ExportMilestone {
  readonly id: string;
  readonly kind: Milestone['kind'];
  readonly state: Milestone['state'];
  readonly dueDate: string;
  readonly submittedAt: string | null;
  readonly acceptedAt: string | null;
  readonly late: boolean;
  readonly indicatorResults: readonly { readonly name: string; readonly value: number }[];
  readonly spent: Money | null;
  readonly spentByLine: readonly { readonly label: string; readonly amount: Money }[];
  /** What happens to the money a final report left unspent. */
  readonly underspend: string | null;
}

export interface ExportGrant {
  readonly id: string;
  readonly identifier: string;
  readonly cityId: string;
  readonly title: string;
  readonly track: Grant['track'];
  readonly state: Grant['state'];
  readonly organisationId: string;
  readonly organisationName: string;
  readonly amountRequested: Money;
  readonly amountAwarded: Money;
  /** The exporting funder's share; null in a city export (see `funders`). */
  readonly share: Money | null;
  readonly funders: readonly { readonly id: string; readonly name: string; readonly share: Money }[];
  readonly amountDisbursed: Money;
  readonly awardDate: string | null;
  readonly startDate: string;
  readonly endDate: string;
  readonly reportsOnTime: boolean;
  readonly milestones: readonly ExportMilestone[];
  /** Sums of the indicator results of the grant's accepted reports. */
  readonly indicatorTotals: readonly { readonly name: string; readonly total: number }[];
  /** The grant's own focus areas, else its organisation's (as in the 360Giving file). */
  readonly focusAreas: readonly string[];
  readonly targetGroups: readonly string[];
}

export interface PortfolioTotals {
  readonly grants: number;
  readonly amountAwarded: readonly Money[];
  readonly share: readonly Money[];
  readonly amountDisbursed: readonly Money[];
  readonly milestones: number;
  readonly lateMilestones: number;
  readonly indicatorTotals: readonly { readonly name: string; readonly total: number }[];
}

/** The grants in scope, a page at a time. */
async function* scopePages(deps: Deps, scope: ExportScope): AsyncGenerator<Grant[]> {
  if (scope.kind === 'city') {
    yield* awardedGrantPages(deps.store, scope.cityId);
    return;
  }
  let cursor: string | undefined;
  do {
    const page = await deps.store.listFunderGrants<Grant>(scope.funderId, { cursor, limit: 100 });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

function exportMilestone(m: Milestone, today: string): ExportMilestone {
  return {
    id: m.id,
    kind: m.kind,
    state: m.state,
    dueDate: m.dueDate,
    submittedAt: m.submittedAt ?? null,
    acceptedAt: m.state === 'accepted' ? (m.reviewedAt ?? null) : null,
    late: isLate(m, today),
    indicatorResults: (m.report?.indicatorResults ?? []).map((r) => ({ name: r.name, value: r.value })),
    spent: m.report?.spent ?? null,
    spentByLine: (m.report?.spentByLine ?? []).map((l) => ({ label: l.label, amount: l.amount })),
    underspend: m.report?.underspend ?? null,
  };
}

/** The grants of the scope with their milestones, 100 at a time. */
async function* exportPages(deps: Deps, scope: ExportScope): AsyncGenerator<ExportGrant[]> {
  const orgs = new OrganisationCache(deps.store);
  for await (const page of scopePages(deps, scope)) {
    await orgs.loadFor(page);
    const milestones = await mapLimit(page, 10, (g) => deps.store.listMilestonesOf<Milestone>('grant', g.id));
    const out: ExportGrant[] = [];
    for (const [i, g] of page.entries()) {
      const city = await deps.cities.get(g.cityId);
      out.push(exportGrant(g, city, orgs, milestones[i] ?? [], scope, deps.clock()));
    }
    yield out;
  }
}

export function exportGrant(
  g: Grant,
  city: CitySettings,
  orgs: Pick<OrganisationCache, 'name' | 'get'>,
  milestones: readonly Milestone[],
  scope: ExportScope,
  now: Date,
): ExportGrant {
  const today = localDate(now, city.calendar.timeZone);
  const award = awardOf(g, city);
  const ms = milestones.map((m) => exportMilestone(m, today));
  const totals = new Map<string, number>();
  for (const m of ms) {
    if (m.state !== 'accepted') continue;
    for (const r of m.indicatorResults) totals.set(r.name, (totals.get(r.name) ?? 0) + r.value);
  }
  const share =
    scope.kind === 'funder'
      ? (award.funders.find((f) => f.funderId === scope.funderId)?.share ?? null)
      : null;
  return {
    id: g.id,
    identifier: grantIdentifier(g.cityId, g.id),
    cityId: g.cityId,
    title: g.title,
    track: g.track,
    state: g.state,
    organisationId: g.organisationId,
    organisationName: orgs.name(g.organisationId),
    amountRequested: g.amountRequested,
    amountAwarded: award.amount,
    share,
    funders: award.funders.map((f) => ({ id: f.funderId, name: orgs.name(f.funderId), share: f.share })),
    amountDisbursed: amountDisbursed(g, award.amount.currency),
    awardDate: g.decidedAt ? awardDate(g, city) : null,
    startDate: g.startDate,
    endDate: g.endDate,
    reportsOnTime: !ms.some((m) => m.late),
    milestones: ms,
    indicatorTotals: [...totals.entries()].map(([name, total]) => ({ name, total })),
    focusAreas: [...focusAreasOf(g, orgs)],
    targetGroups: [...g.targetGroups],
  };
}

/** Running totals: counters and one sum per currency and indicator, never the grants themselves. */
class Totals {
  grants = 0;
  milestones = 0;
  late = 0;
  private readonly awarded = new Map<string, Money>();
  private readonly share = new Map<string, Money>();
  private readonly disbursed = new Map<string, Money>();
  private readonly indicators = new Map<string, number>();

  private static plus(m: Map<string, Money>, x: Money) {
    m.set(x.currency, add(m.get(x.currency) ?? money(0, x.currency), x));
  }

  count(g: ExportGrant) {
    this.grants++;
    Totals.plus(this.awarded, g.amountAwarded);
    if (g.share) Totals.plus(this.share, g.share);
    Totals.plus(this.disbursed, g.amountDisbursed);
    this.milestones += g.milestones.length;
    this.late += g.milestones.filter((m) => m.late).length;
    for (const t of g.indicatorTotals)
      this.indicators.set(t.name, (this.indicators.get(t.name) ?? 0) + t.total);
  }

  result(): PortfolioTotals {
    const list = (m: Map<string, Money>) =>
      [...m.values()].sort((a, b) => a.currency.localeCompare(b.currency));
    return {
      grants: this.grants,
      amountAwarded: list(this.awarded),
      share: list(this.share),
      amountDisbursed: list(this.disbursed),
      milestones: this.milestones,
      lateMilestones: this.late,
      indicatorTotals: [...this.indicators.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, total]) => ({ name, total })),
    };
  }
}

/** `{ scope, generatedAt, grants: [...], totals }`, written as it is read. */
export function portfolioJson(deps: Deps, actor: Actor): AsyncIterable<string> {
  const scope = exportScope(actor);
  return (async function* () {
    const head = { scope, generatedAt: deps.clock().toISOString() };
    yield `${JSON.stringify(head).slice(0, -1)},"grants":[`;
    const totals = new Totals();
    let first = true;
    for await (const page of exportPages(deps, scope)) {
      for (const g of page) totals.count(g);
      const chunk = page.map((g) => JSON.stringify(g)).join(',');
      yield first ? chunk : `,${chunk}`;
      first = false;
    }
    yield `],"totals":${JSON.stringify(totals.result())}}`;
  })();
}

export const PORTFOLIO_CSV_COLUMNS: readonly string[] = [
  'grant_id',
  'grant_identifier',
  'city_id',
  'title',
  'track',
  'state',
  'organisation_id',
  'organisation_name',
  'currency',
  'amount_requested',
  'amount_awarded',
  'funder_share',
  'funders',
  'amount_disbursed',
  'award_date',
  'start_date',
  'end_date',
  'reports_on_time',
  'indicator_totals',
  'milestone_id',
  'milestone_kind',
  'milestone_state',
  'due_date',
  'submitted_at',
  'accepted_at',
  'late',
  'indicator_results',
  'focus_areas',
  'target_groups',
  'spent',
  'spent_by_line',
  'underspend',
];

const amount = (m: Money | null) => (m ? toDecimalString(m) : null);
const pairs = (items: readonly { name: string; value?: number; total?: number }[]) =>
  items.map((i) => `${i.name}: ${i.value ?? i.total}`).join('; ');

/** One row per milestone of each grant (one row with empty milestone columns for a grant without any). */
export function portfolioCsvRows(g: ExportGrant): string {
  const grant = [
    g.id,
    g.identifier,
    g.cityId,
    g.title,
    g.track,
    g.state,
    g.organisationId,
    g.organisationName,
    g.amountAwarded.currency,
    amount(g.amountRequested),
    amount(g.amountAwarded),
    amount(g.share),
    g.funders.map((f) => `${f.name} (${toDecimalString(f.share)})`).join('; '),
    amount(g.amountDisbursed),
    g.awardDate,
    g.startDate,
    g.endDate,
    g.reportsOnTime,
    pairs(g.indicatorTotals),
  ];
  const areas = [g.focusAreas.join('; '), g.targetGroups.join('; ')];
  if (g.milestones.length === 0)
    return csvRow([...grant, ...Array(8).fill(null), ...areas, null, null, null]);
  return g.milestones
    .map((m) =>
      csvRow([
        ...grant,
        m.id,
        m.kind,
        m.state,
        m.dueDate,
        m.submittedAt,
        m.acceptedAt,
        m.late,
        pairs(m.indicatorResults),
        ...areas,
        amount(m.spent),
        m.spentByLine.map((l) => `${l.label}: ${toDecimalString(l.amount)}`).join('; '),
        m.underspend,
      ]),
    )
    .join('');
}

export function portfolioCsv(deps: Deps, actor: Actor): AsyncIterable<string> {
  const scope = exportScope(actor);
  return (async function* () {
    yield csvRow(PORTFOLIO_CSV_COLUMNS);
    for await (const page of exportPages(deps, scope)) yield page.map(portfolioCsvRows).join('');
  })();
}
