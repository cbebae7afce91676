/**
 * The public transparency register of a city, without sign-in: its active partnerships and its awarded
 * grants, filterable by year, focus area and funder. Public facts only — organisations by name, never a
 * person, a contact, an address, a comment or a report narrative — and no count below 5 shown or left to
 * recover by subtraction (see `publish`).
 *
 * Grants come a page at a time (`cursor`), read per awarded state on GSI2 (never a Scan), and so do the
 * active partnerships (`partnershipsCursor`), by the end of their term, the soonest first: a page costs the
 * same however many the city has. Filters:
 * - year:      the year of the award decision, in the city's calendar (for partnerships: a term that
 *              overlaps the year);
 * - focusArea: the recipient organisation's focus areas (grants carry none of their own); for
 *              partnerships, the agreement's focus areas;
 * - funder:    a funder of the award (partnerships have no funders, so none are listed then).
 * The summary (counts, indicator totals, the number of partnerships) is on the first page only, computed
 * over every awarded grant and active partnership that matches the filters, and kept a while.
 */

import type { FocusArea } from '#contract/fields';
import { localDate } from '#domain/calendar';
import type { Grant } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import type { Money } from '#domain/money';
import type { Partnership } from '#domain/partnership';
import { reportsOnTime } from '#domain/report-tally';
import type { CitySettings } from '#domain/types';
import { InvalidCursorError } from '#store/errors';
import { type KeptTally, pageGrantsWithTally } from '#store/grant-tally';
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
import { milestoneTally } from './grant-tally.ts';
import { allPages } from './paging.ts';

/** Public outputs show no count below this. */
export const SUPPRESSION_THRESHOLD = 5;
export const SUPPRESSION_NOTE =
  'Counts below 5 are not shown (null), nor any figure that, subtracted from another one shown, would ' +
  'reveal a count below 5, so that no small group or single person can be singled out. Partnerships are ' +
  'counted in full: they are listed by name.';

/** A count as published: null when below the threshold. */
export const suppress = (n: number): number | null => (n < SUPPRESSION_THRESHOLD ? null : n);

export interface RegisterQuery {
  readonly year?: number | undefined;
  readonly focusArea?: FocusArea | undefined;
  readonly funder?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
  readonly partnershipsCursor?: string | undefined;
  readonly partnershipsLimit?: number | undefined;
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
  /** A page of the active partnerships that match the filters: the first one, or the one `partnershipsCursor` asks for. */
  readonly partnerships: readonly RegisterPartnership[];
  readonly grants: readonly RegisterGrant[];
  readonly summary: RegisterSummary | null;
  readonly nextCursor: string | null;
  readonly partnershipsNextCursor: string | null;
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

/** Store round trips one page of a list may take when filters leave most of what it reads out. */
const MAX_QUERIES_PER_PAGE = 10;

const pageSize = (limit: number | undefined) => Math.min(Math.max(limit ?? 25, 1), 100);

/**
 * Fills a page from store pages read one after the other, each asking for no more than is still needed,
 * so that where the last read stopped (`next`, null at the end) is exactly where this page stops. `read`
 * keeps only what matches the filters.
 */
async function fillPage<T, P>(
  limit: number,
  from: P | null,
  read: (at: P, want: number) => Promise<{ readonly items: readonly T[]; readonly next: P | null }>,
): Promise<{ items: T[]; next: P | null }> {
  const items: T[] = [];
  let at = from;
  for (let queries = 0; at !== null && items.length < limit && queries < MAX_QUERIES_PER_PAGE; queries++) {
    const page = await read(at, limit - items.length);
    items.push(...page.items);
    at = page.next;
  }
  return { items, next: at };
}

interface PartnershipPage {
  readonly items: readonly RegisterPartnership[];
  readonly nextCursor: string | null;
}
const NO_PARTNERSHIPS: PartnershipPage = { items: [], nextCursor: null };

export async function publicRegister(deps: Deps, cityId: string, q: RegisterQuery): Promise<Register> {
  const city = await deps.cities.get(cityId);
  const orgs = new OrganisationCache(deps.store);
  // The first page holds the first page of each list; a next page holds the list (or lists) it continues.
  // An empty cursor is no cursor, as it always was for the grants'.
  const first = !q.cursor && !q.partnershipsCursor;
  const grantsAsked = first || Boolean(q.cursor);
  const partnershipsAsked = first || Boolean(q.partnershipsCursor);
  const view = {
    city: { id: city.id, name: city.name, country: city.country, currency: city.currency },
    filters: { year: q.year ?? null, focusArea: q.focusArea ?? null, funder: q.funder ?? null },
  };

  // A filter value no awarded grant of the city has (a made-up funder, a year without awards) matches no
  // grant: answered from the kept city-wide figures at once, not by reading every awarded grant again.
  const filtered = q.year !== undefined || q.focusArea !== undefined || q.funder !== undefined;
  const cityWide = filtered
    ? await keptSummary(deps, city, {}, () => summarise(deps, city, orgs, {}))
    : undefined;
  if (cityWide && !withinKnown(q, cityWide.known)) {
    const partnerships = partnershipsAsked ? await activePartnerships(deps, city, q) : NO_PARTNERSHIPS;
    const summary = first ? await partnershipsOnlySummary(deps, city, q, cityWide.known) : undefined;
    return {
      ...view,
      partnerships: partnerships.items,
      grants: [],
      summary: summary?.summary ?? null,
      nextCursor: null,
      partnershipsNextCursor: partnerships.nextCursor,
    };
  }

  const [grants, partnerships] = await Promise.all([
    grantsAsked ? grantPage(deps, city, orgs, q) : { items: [], nextCursor: null },
    partnershipsAsked ? activePartnerships(deps, city, q) : NO_PARTNERSHIPS,
  ]);
  const summary = first ? await keptSummary(deps, city, q, () => summarise(deps, city, orgs, q)) : undefined;
  return {
    ...view,
    partnerships: partnerships.items,
    grants: grants.items,
    summary: summary?.summary ?? null,
    nextCursor: grants.nextCursor,
    partnershipsNextCursor: partnerships.nextCursor,
  };
}

/** A page of awarded grants that match the filters: from the states in order, from the cursor on. */
async function grantPage(
  deps: Deps,
  city: CitySettings,
  orgs: OrganisationCache,
  q: RegisterQuery,
): Promise<{ items: RegisterGrant[]; nextCursor: string | null }> {
  const matches = grantFilter(q, city, orgs);
  // Each grant comes with its tally of milestones: "reports on time" needs no read of its own.
  const found = await fillPage<{ grant: Grant; tally: KeptTally }, Position>(
    pageSize(q.limit),
    q.cursor ? decode(q.cursor) : { s: 0, c: null },
    async (pos, want) => {
      const state = AWARDED_STATES[pos.s] as string;
      const page = await pageGrantsWithTally(deps.store, city.id, state, {
        cursor: pos.c ?? undefined,
        limit: want,
      });
      // Only the focus-area filter needs the organisations before the page is full.
      if (q.focusArea !== undefined) await orgs.loadFor(page.items.map((t) => t.grant));
      const next = page.nextCursor
        ? { s: pos.s, c: page.nextCursor }
        : pos.s + 1 < AWARDED_STATES.length
          ? { s: pos.s + 1, c: null }
          : null;
      return { items: page.items.filter((t) => matches(t.grant)), next };
    },
  );
  // The recipients and funders of the whole page, in one BatchGetItem (per 100).
  await orgs.loadFor(found.items.map((t) => t.grant));
  // Grants awarded before the tally was kept read their milestones (one Query each, 10 at a time).
  const today = localDate(deps.clock(), city.calendar.timeZone);
  const onTime = await mapLimit(found.items, 10, async (t) =>
    reportsOnTime(await milestoneTally(deps.store, t.grant.id, t.tally), today),
  );
  return {
    items: found.items.map((t, i) => registerGrant(t.grant, city, orgs, onTime[i] ?? true)),
    nextCursor: found.next ? encode(found.next) : null,
  };
}

/** The filter values the city's awarded grants have: any other value matches no grant. */
interface Known {
  readonly years: readonly number[];
  readonly focusAreas: readonly string[];
  readonly funders: readonly string[];
  /**
   * The summary beside it counts the partnerships itself. One kept before it did says 0 (the count was
   * then the length of the list, which is now a page): it is computed again.
   */
  readonly countsPartnerships?: true;
}

const withinKnown = (q: RegisterQuery, k: Known) =>
  (q.year === undefined || k.years.includes(q.year)) &&
  (q.focusArea === undefined || k.focusAreas.includes(q.focusArea)) &&
  (q.funder === undefined || k.funders.includes(q.funder));

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

/** Whether an active partnership matches the filters (the year: a term that overlaps it). */
function partnershipFilter(q: RegisterQuery) {
  return (p: Partnership): boolean => {
    if (q.focusArea !== undefined && !p.focusAreas.includes(q.focusArea)) return false;
    if (q.year !== undefined && p.term) {
      const y = String(q.year);
      if (p.term.start.slice(0, 4) > y || p.term.end.slice(0, 4) < y) return false;
    }
    return true;
  };
}

/**
 * A page of the city's active partnerships that match the filters, in the index's order (the end of
 * their term, the soonest first), from `partnershipsCursor` on. The cursor is the store's own: one that
 * is not a position among this city's active partnerships is refused (InvalidCursorError).
 */
async function activePartnerships(
  deps: Deps,
  city: CitySettings,
  q: RegisterQuery,
): Promise<PartnershipPage> {
  // A funder filter asks for what a funder funds; partnerships have no funders.
  if (q.funder !== undefined) return NO_PARTNERSHIPS;
  const matches = partnershipFilter(q);
  const found = await fillPage<Partnership, { c: string | undefined }>(
    pageSize(q.partnershipsLimit),
    { c: q.partnershipsCursor || undefined },
    async (at, want) => {
      const page = await deps.store.listByCity<Partnership>('partnership', city.id, {
        state: 'active',
        cursor: at.c,
        limit: want,
      });
      return { items: page.items.filter(matches), next: page.nextCursor ? { c: page.nextCursor } : null };
    },
  );
  return {
    items: found.items.map((p) => ({
      id: p.id,
      organisationId: p.organisationId,
      organisationName: p.organisationName,
      focusAreas: p.focusAreas,
      term: p.term ? { start: p.term.start, end: p.term.end } : null,
      state: p.state,
    })),
    nextCursor: found.next?.c ?? null,
  };
}

/** How many of the city's active partnerships match the filters: every one is read (for the summary). */
async function countPartnerships(deps: Deps, city: CitySettings, q: RegisterQuery): Promise<number> {
  if (q.funder !== undefined) return 0;
  const matches = partnershipFilter(q);
  let n = 0;
  const pages = allPages((cursor) =>
    deps.store.listByCity<Partnership>('partnership', city.id, { state: 'active', cursor, limit: 100 }),
  );
  for await (const items of pages) n += items.filter(matches).length;
  return n;
}

/**
 * The summary of filters that match no awarded grant: no grant figures, and the number of partnerships
 * that match. Kept like the others when there is no funder filter (a year and a focus area take a bounded
 * number of values); with one there is no partnership to count.
 */
async function partnershipsOnlySummary(
  deps: Deps,
  city: CitySettings,
  q: RegisterQuery,
  known: Known,
): Promise<Kept> {
  const compute = async () => ({
    summary: publish(emptyTally(), [], await countPartnerships(deps, city, q)),
    known,
  });
  if (q.funder === undefined) return keptSummary(deps, city, q, compute);
  const asOf = deps.clock().toISOString();
  return { summary: { ...(await compute()).summary, asOf }, known, asOf };
}

interface Kept {
  readonly summary: RegisterSummary;
  readonly known: Known;
  readonly asOf: string;
}

/**
 * The summary for these filters, kept in the table for SUMMARY_MAX_AGE_MS. Filters are checked against
 * the city's known values before this is called, so only real combinations are ever kept.
 */
async function keptSummary(
  deps: Deps,
  city: CitySettings,
  q: RegisterQuery,
  compute: () => Promise<{ summary: Omit<RegisterSummary, 'asOf'>; known: Known }>,
): Promise<Kept> {
  const now = deps.clock();
  const kept = await deps.store.getRegisterSummary<RegisterSummary, Known>(city.id, q);
  const fresh = kept && now.getTime() - Date.parse(kept.asOf) < SUMMARY_MAX_AGE_MS;
  if (kept && fresh && kept.known.countsPartnerships) return kept;
  const computed = await compute();
  const asOf = now.toISOString();
  const known: Known = { ...computed.known, countsPartnerships: true };
  const computedNow: Kept = { summary: { ...computed.summary, asOf }, known, asOf };
  await deps.store.putRegisterSummary(city.id, q, computedNow);
  return computedNow;
}

/** Counters of one view of the register: the grants that match some of the filters. */
interface Tally {
  readonly ids: Set<string>;
  readonly byFocus: Map<string, number>;
  readonly byState: Map<string, number>;
  readonly byTrack: Map<string, number>;
  readonly indicators: Map<string, number>;
}

const emptyTally = (): Tally => ({
  ids: new Set(),
  byFocus: new Map(),
  byState: new Map(),
  byTrack: new Map(),
  indicators: new Map(),
});

/**
 * Counts over every awarded grant that matches the filters, the totals of the indicator results of
 * their accepted reports, and the number of active partnerships that match. Reads the grants page by page and keeps counters and the matching ids only.
 *
 * It counts, in the same pass, every view that drops some of the filters (for year and funder: the year
 * alone, the funder alone, the whole city), since each of those is published too and the figures of this
 * view are withheld when one of them minus this one would leave a count below 5.
 */
async function summarise(
  deps: Deps,
  city: CitySettings,
  orgs: OrganisationCache,
  q: RegisterQuery,
): Promise<{ summary: Omit<RegisterSummary, 'asOf'>; known: Known }> {
  const tests = [
    q.year === undefined ? undefined : grantFilter({ year: q.year }, city, orgs),
    q.focusArea === undefined ? undefined : grantFilter({ focusArea: q.focusArea }, city, orgs),
    q.funder === undefined ? undefined : grantFilter({ funder: q.funder }, city, orgs),
  ].filter((t) => t !== undefined);
  const full = (1 << tests.length) - 1;
  const tallies = Array.from({ length: full + 1 }, emptyTally);
  const years = new Set<number>();
  const focusAreas = new Set<string>();
  const funders = new Set<string>();
  const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);
  for await (const page of awardedGrantPages(deps.store, city.id)) {
    await orgs.loadFor(page);
    for (const g of page) {
      const focus = orgs.get(g.organisationId)?.focusAreas ?? [];
      years.add(Number(awardDate(g, city).slice(0, 4)));
      for (const f of focus) focusAreas.add(f);
      for (const f of awardOf(g, city).funders) funders.add(f.funderId);
      const met = tests.reduce((m, t, i) => (t(g) ? m | (1 << i) : m), 0);
      for (const [view, t] of tallies.entries()) {
        if ((view & met) !== view) continue;
        t.ids.add(g.id);
        bump(t.byState, g.state);
        bump(t.byTrack, g.track);
        for (const f of focus) bump(t.byFocus, f);
      }
    }
  }
  const pages = allPages((cursor) =>
    deps.store.listByCity<Milestone>('milestone', city.id, { state: 'accepted', cursor, limit: 100 }),
  );
  for await (const items of pages) {
    for (const m of items) {
      if (m.parentType !== 'grant') continue;
      for (const t of tallies) {
        if (!t.ids.has(m.parentId)) continue;
        for (const r of m.report?.indicatorResults ?? []) bump(t.indicators, r.name, r.value);
      }
    }
  }
  const own = tallies[full] ?? emptyTally();
  return {
    summary: publish(own, tallies.slice(0, full), await countPartnerships(deps, city, q)),
    known: {
      years: [...years].sort(),
      focusAreas: [...focusAreas].sort(),
      funders: [...funders].sort(),
    },
  };
}

/**
 * The figures of a view as published. A figure is withheld (null) when it is below 5, or when a wider
 * view that is also published (`wider`: the same filters less one or more) holds between 1 and 4 more of
 * the same thing — the difference would be a count below 5. In a breakdown that adds up to the published
 * total (by state, by track), a single withheld cell, or withheld cells adding up to less than 5, would
 * be recovered by subtraction: the next smallest cells are withheld too, until they add up to 5 or more.
 */
function publish(own: Tally, wider: readonly Tally[], partnerships: number): Omit<RegisterSummary, 'asOf'> {
  const figure = (n: number, widerOf: (t: Tally) => number | undefined): number | null => {
    if (n < SUPPRESSION_THRESHOLD) return null;
    for (const t of wider) {
      const d = (widerOf(t) ?? 0) - n;
      if (d > 0 && d < SUPPRESSION_THRESHOLD) return null;
    }
    return n;
  };
  const total = figure(own.ids.size, (t) => t.ids.size);
  const cells = (key: 'byFocus' | 'byState' | 'byTrack') =>
    [...own[key].entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => ({ k, n, shown: figure(n, (t) => t[key].get(k)) }));
  const breakdown = (key: 'byState' | 'byTrack') => {
    const list = cells(key);
    if (total === null) return list.map((c) => ({ ...c, shown: null }));
    const hidden = () => list.filter((c) => c.shown === null);
    const withheld = () => hidden().reduce((sum, c) => sum + c.n, 0);
    while (hidden().length > 0 && (hidden().length === 1 || withheld() < SUPPRESSION_THRESHOLD)) {
      const next = list.filter((c) => c.shown !== null).sort((a, b) => a.n - b.n)[0];
      if (!next) break;
      next.shown = null;
    }
    return list;
  };
  return {
    grants: total,
    partnerships,
    grantsByFocusArea: cells('byFocus').map((c) => ({ focusArea: c.k, grants: c.shown })),
    grantsByState: breakdown('byState').map((c) => ({ state: c.k, grants: c.shown })),
    grantsByTrack: breakdown('byTrack').map((c) => ({ track: c.k, grants: c.shown })),
    indicatorTotals: [...own.indicators.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, n]) => ({ name, total: figure(n, (t) => t.indicators.get(name)) })),
    note: SUPPRESSION_NOTE,
  };
}
