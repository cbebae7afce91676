/**
 * The public transparency register of a city, without sign-in: its active partnerships and its awarded
 * grants, filterable by year, focus area and funder. Public facts only — organisations by name, never a
 * person, a contact, an address, a comment or a report narrative — and every count below 5 suppressed.
 *
 * Grants come a page at a time (`cursor`), read per awarded state on GSI2 (never a Scan). Filters:
 * - year:      the year of the award decision, in the city's calendar (for partnerships: a term that
 *              overlaps the year);
 * - focusArea: the recipient organisation's focus areas (grants carry none of their own); for
 *              partnerships, the agreement's focus areas;
 * - funder:    a funder of the award (partnerships have no funders, so none are listed then).
 * The summary (counts, indicator totals) is computed on the first page only, over every awarded grant that
 * matches the filters.
 */
import { localDate } from '#domain/calendar';
import type { Grant } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import type { Money } from '#domain/money';
import type { Partnership } from '#domain/partnership';
import type { CitySettings } from '#domain/types';
import { InvalidCursorError } from '#store/errors';
import { cityPk } from '#store/keys';
import type { Page } from '#store/store';
import { TTL_ATTRIBUTE } from '#store/table';
import type { Deps } from './deps.ts';
import {
  AWARDED_STATES,
  amountDisbursed,
  awardDate,
  awardedGrantPages,
  awardOf,
  grantIdentifier,
  mapLimit,
  OrganisationCache,
} from './giving360.ts';

/** Public outputs show no count below this. */
export const SUPPRESSION_THRESHOLD = 5;
export const SUPPRESSION_NOTE =
  'Counts below 5 are not shown (null), so that no small group or single person can be singled out.';

/** A count as published: null when below the threshold. */
export const suppress = (n: number): number | null => (n < SUPPRESSION_THRESHOLD ? null : n);

export interface RegisterQuery {
  readonly year?: number | undefined;
  readonly focusArea?: string | undefined;
  readonly funder?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

export interface RegisterPartnership {
  readonly id: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly focusAreas: readonly string[];
  readonly term: { readonly start: string; readonly end: string } | null;
  readonly state: string;
}

export interface RegisterGrant {
  readonly id: string;
  readonly identifier: string;
  readonly title: string;
  readonly track: Grant['track'];
  readonly state: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly focusAreas: readonly string[];
  readonly amountAwarded: Money;
  readonly amountDisbursed: Money;
  readonly funders: readonly { readonly id: string; readonly name: string; readonly share: Money }[];
  readonly awardedAt: string;
  readonly startDate: string;
  readonly endDate: string;
  /** None of the grant's reporting milestones is late or overdue. */
  readonly reportsOnTime: boolean;
}

export interface RegisterSummary {
  readonly grants: number | null;
  readonly partnerships: number | null;
  readonly grantsByFocusArea: readonly { readonly focusArea: string; readonly grants: number | null }[];
  readonly grantsByState: readonly { readonly state: string; readonly grants: number | null }[];
  readonly grantsByTrack: readonly { readonly track: string; readonly grants: number | null }[];
  /** Totals of the indicator results of accepted reports of these grants, by indicator. */
  readonly indicatorTotals: readonly { readonly name: string; readonly total: number | null }[];
  readonly note: string;
  /** When these figures were computed (they are kept for SUMMARY_MAX_AGE_MS). */
  readonly asOf: string;
}

/**
 * How long a summary is served before it is computed again. Computing it reads every awarded grant and
 * accepted report of the city, so it is kept, per city and filters, in the table: one GetItem otherwise.
 */
export const SUMMARY_MAX_AGE_MS = 10 * 60_000;

export interface Register {
  readonly city: {
    readonly id: string;
    readonly name: string;
    readonly country: string;
    readonly currency: string;
  };
  readonly filters: {
    readonly year: number | null;
    readonly focusArea: string | null;
    readonly funder: string | null;
  };
  /** On the first page only (no cursor): every active partnership that matches the filters. */
  readonly partnerships: readonly RegisterPartnership[];
  readonly grants: readonly RegisterGrant[];
  readonly summary: RegisterSummary | null;
  readonly nextCursor: string | null;
}

interface Position {
  /** Index in AWARDED_STATES. */
  readonly s: number;
  /** The store's cursor within that state. */
  readonly c: string | null;
}

const encode = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');
function decode(cursor: string): Position {
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (
      Number.isInteger(p.s) &&
      p.s >= 0 &&
      p.s < AWARDED_STATES.length &&
      (p.c === null || (typeof p.c === 'string' && p.c.length < 2000))
    ) {
      return { s: p.s, c: p.c };
    }
  } catch {
    // falls through
  }
  throw new InvalidCursorError();
}

/** Store round trips one register page may take when filters leave most grants out. */
const MAX_QUERIES_PER_PAGE = 10;

export async function publicRegister(deps: Deps, cityId: string, q: RegisterQuery): Promise<Register> {
  const city = await deps.cities.get(cityId);
  const limit = Math.min(Math.max(q.limit ?? 25, 1), 100);
  const orgs = new OrganisationCache(deps.store);
  const today = localDate(deps.clock(), city.calendar.timeZone);
  const matches = grantFilter(q, city, orgs);

  // Grants: fill the page from the states in order, asking the store for no more than is still needed,
  // so that the store's cursor is exactly where this page stops.
  const found: Grant[] = [];
  let pos: Position | null = q.cursor ? decode(q.cursor) : { s: 0, c: null };
  for (let queries = 0; pos && found.length < limit && queries < MAX_QUERIES_PER_PAGE; queries++) {
    const state = AWARDED_STATES[pos.s] as string;
    const page: Page<Grant> = await deps.store.listByCity<Grant>('grant', city.id, {
      state,
      cursor: pos.c ?? undefined,
      limit: limit - found.length,
    });
    await orgs.loadFor(page.items);
    found.push(...page.items.filter(matches));
    if (page.nextCursor) pos = { s: pos.s, c: page.nextCursor };
    else pos = pos.s + 1 < AWARDED_STATES.length ? { s: pos.s + 1, c: null } : null;
  }
  const onTime = await mapLimit(found, 10, async (g) =>
    reportsOnTime(await deps.store.listMilestonesOf<Milestone>('grant', g.id), today),
  );
  const grants = found.map((g, i) => registerGrant(g, city, orgs, onTime[i] ?? true));

  const first = !q.cursor;
  const partnerships = first ? await activePartnerships(deps, city, q) : [];
  return {
    city: { id: city.id, name: city.name, country: city.country, currency: city.currency },
    filters: { year: q.year ?? null, focusArea: q.focusArea ?? null, funder: q.funder ?? null },
    partnerships,
    grants,
    summary: first
      ? await keptSummary(deps, city, q, orgs, () =>
          summarise(deps, city, orgs, matches, partnerships.length),
        )
      : null,
    nextCursor: pos ? encode(pos) : null,
  };
}

function grantFilter(q: RegisterQuery, city: CitySettings, orgs: OrganisationCache) {
  return (g: Grant): boolean => {
    if (q.year !== undefined && Number(awardDate(g, city).slice(0, 4)) !== q.year) return false;
    if (q.funder !== undefined && !awardOf(g, city).funders.some((f) => f.funderId === q.funder))
      return false;
    if (q.focusArea !== undefined && !(orgs.get(g.organisationId)?.focusAreas ?? []).includes(q.focusArea)) {
      return false;
    }
    return true;
  };
}

/** Late: reported late, marked overdue, or past its due date before the daily job has marked it. */
export function isLate(m: Milestone, today: string): boolean {
  if (m.late || m.state === 'overdue') return true;
  return m.state === 'scheduled' && m.dueDate < today;
}

export const reportsOnTime = (milestones: readonly Milestone[], today: string) =>
  !milestones.some((m) => isLate(m, today));

function registerGrant(
  g: Grant,
  city: CitySettings,
  orgs: OrganisationCache,
  onTime: boolean,
): RegisterGrant {
  const award = awardOf(g, city);
  return {
    id: g.id,
    identifier: grantIdentifier(city.id, g.id),
    title: g.title,
    track: g.track,
    state: g.state,
    organisationId: g.organisationId,
    organisationName: orgs.name(g.organisationId),
    focusAreas: orgs.get(g.organisationId)?.focusAreas ?? [],
    amountAwarded: award.amount,
    amountDisbursed: amountDisbursed(g, award.amount.currency),
    funders: award.funders.map((f) => ({ id: f.funderId, name: orgs.name(f.funderId), share: f.share })),
    awardedAt: awardDate(g, city),
    startDate: g.startDate,
    endDate: g.endDate,
    reportsOnTime: onTime,
  };
}

async function activePartnerships(deps: Deps, city: CitySettings, q: RegisterQuery) {
  // A funder filter asks for what a funder funds; partnerships have no funders.
  if (q.funder !== undefined) return [];
  const out: RegisterPartnership[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listByCity<Partnership>('partnership', city.id, {
      state: 'active',
      cursor,
      limit: 100,
    });
    for (const p of page.items) {
      if (q.focusArea !== undefined && !p.focusAreas.includes(q.focusArea)) continue;
      if (q.year !== undefined && p.term) {
        const y = String(q.year);
        if (p.term.start.slice(0, 4) > y || p.term.end.slice(0, 4) < y) continue;
      }
      out.push({
        id: p.id,
        organisationId: p.organisationId,
        organisationName: p.organisationName,
        focusAreas: p.focusAreas,
        term: p.term ? { start: p.term.start, end: p.term.end } : null,
        state: p.state,
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out.sort((a, b) => a.organisationName.localeCompare(b.organisationName));
}

async function keptSummary(
  deps: Deps,
  city: CitySettings,
  q: RegisterQuery,
  orgs: OrganisationCache,
  compute: () => Promise<Omit<RegisterSummary, 'asOf'>>,
): Promise<RegisterSummary> {
  const key = { pk: cityPk(city.id), sk: `REGISTER#${q.year ?? ''}#${q.focusArea ?? ''}#${q.funder ?? ''}` };
  const now = deps.clock();
  const kept = await deps.store.getRaw(key.pk, key.sk, false);
  if (kept && now.getTime() - Date.parse(String(kept.asOf)) < SUMMARY_MAX_AGE_MS)
    return kept.summary as RegisterSummary;
  const summary: RegisterSummary = { ...(await compute()), asOf: now.toISOString() };
  // Kept only for filters that name something real, so that made-up funder ids cannot fill the table.
  if (q.funder !== undefined) await orgs.load([q.funder]);
  if (q.funder === undefined || orgs.get(q.funder)?.kind === 'funder') {
    await deps.store.put({
      PK: key.pk,
      SK: key.sk,
      entity: 'registerSummary',
      summary,
      asOf: summary.asOf,
      [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + 86_400,
    });
  }
  return summary;
}

/**
 * Counts over every awarded grant that matches the filters, and the totals of the indicator results of
 * their accepted reports. Reads the grants page by page and keeps counters and the matching ids only.
 */
async function summarise(
  deps: Deps,
  city: CitySettings,
  orgs: OrganisationCache,
  matches: (g: Grant) => boolean,
  partnerships: number,
): Promise<Omit<RegisterSummary, 'asOf'>> {
  const ids = new Set<string>();
  const byFocus = new Map<string, number>();
  const byState = new Map<string, number>();
  const byTrack = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for await (const page of awardedGrantPages(deps.store, city.id)) {
    await orgs.loadFor(page);
    for (const g of page) {
      if (!matches(g)) continue;
      ids.add(g.id);
      bump(byState, g.state);
      bump(byTrack, g.track);
      for (const f of orgs.get(g.organisationId)?.focusAreas ?? []) bump(byFocus, f);
    }
  }
  const indicators = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.listByCity<Milestone>('milestone', city.id, {
      state: 'accepted',
      cursor,
      limit: 100,
    });
    for (const m of page.items) {
      if (m.parentType !== 'grant' || !ids.has(m.parentId)) continue;
      for (const r of m.report?.indicatorResults ?? [])
        indicators.set(r.name, (indicators.get(r.name) ?? 0) + r.value);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const list = <K extends string>(m: Map<string, number>, key: K) =>
    [...m.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([k, n]) => ({ [key]: k, grants: suppress(n) }) as { [P in K]: string } & { grants: number | null },
      );
  return {
    grants: suppress(ids.size),
    partnerships: suppress(partnerships),
    grantsByFocusArea: list(byFocus, 'focusArea'),
    grantsByState: list(byState, 'state'),
    grantsByTrack: list(byTrack, 'track'),
    indicatorTotals: [...indicators.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, total]) => ({ name, total: suppress(total) })),
    note: SUPPRESSION_NOTE,
  };
}
