/**
 * The city's awarded grants as 360Giving data (standards/360giving, schema 1.4.3): a JSON data package
 * and the flat CSV layout with the standard's column titles. Both are produced page by page, as an
 * async sequence of text chunks, so a city with 10,000 grants never sits in memory at once.
 *
 * Identifiers (360Giving identifier guidance: publisher prefix + internal id, `-` separated):
 * - grant:        `360G-passerelle-<cityId>-<grantId>`
 * - organisation: `360G-passerelle-org-<organisationId>` — Passerelle's organisations have no org-id.guide
 *   registration we can rely on, and 360Giving asks for the publisher prefix + internal id in that case.
 *   Organisation ids are unique across cities, so the city is not part of them.
 * Characters outside [A-Za-z0-9_-] in an internal id become `_`, as the guidance recommends.
 */
import { localDate } from '#domain/calendar';
import type { Grant, GrantState, Tranche } from '#domain/grant';
import { type Money, sum, toMajorUnits } from '#domain/money';
import type { CitySettings, Organisation } from '#domain/types';
import type { Store } from '#store/store';
import type { Deps } from './deps.ts';

export const PUBLISHER_PREFIX = '360G-passerelle';
/** The 360Giving schema version the package follows (major.minor, as the package schema asks). */
export const GIVING360_VERSION = '1.4';

/**
 * Awarded: the mayor's office approved the grant. `terminated` is included: a grant reaches it only from
 * approved, active or suspended, so money was committed (and perhaps paid) on the public record, and a
 * register that dropped terminated grants would hide exactly the awards that went wrong.
 */
export const AWARDED_STATES: readonly GrantState[] = [
  'approved',
  'active',
  'suspended',
  'completed',
  'closed',
  'terminated',
];

/** Tranches that count as disbursed. */
const DISBURSED: readonly Tranche['state'][] = ['released', 'paid'];

/** The most funders an award can name (the Award schema's limit): the CSV has one column pair each. */
export const MAX_FUNDERS = 10;
/** The most focus areas a grant or organisation names (the contract's limit): a column triple each. */
export const MAX_CLASSIFICATIONS = 10;

const safe = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');
export const grantIdentifier = (cityId: string, grantId: string) =>
  `${PUBLISHER_PREFIX}-${safe(cityId)}-${safe(grantId)}`;
export const orgIdentifier = (orgId: string) => `${PUBLISHER_PREFIX}-org-${safe(orgId)}`;

export const PROGRAMMES: Record<Grant['track'], { code: string; title: string }> = {
  fast: { code: 'fast_track', title: 'Fast-track grants' },
  standard: { code: 'standard', title: 'Standard grants' },
};

/** The award, or for a record without one (older data) the amount requested from the city's budget. */
export function awardOf(grant: Grant, city: CitySettings): NonNullable<Grant['award']> {
  return (
    grant.award ?? {
      amount: grant.amountRequested,
      funders: [{ funderId: city.budgetFunderId, share: grant.amountRequested }],
    }
  );
}

/** What has been paid out or released for payment: the tranches released or paid. */
export function amountDisbursed(grant: Grant, currency: string): Money {
  return sum(
    grant.tranches.filter((t) => DISBURSED.includes(t.state)).map((t) => t.amount),
    currency,
  );
}

/** The date of the award decision, in the city's calendar. */
export function awardDate(grant: Grant, city: CitySettings): string {
  return localDate(grant.decidedAt ?? grant.updatedAt, city.calendar.timeZone);
}

/** Whole months from start to end (at least 0), for `Planned Dates: Duration (months)`. */
export function durationMonths(start: string, end: string): number {
  const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000;
  return Math.max(0, Math.round(days / 30.4375));
}

// ------------------------------------------------------------------ reading, page by page

/** Organisations by id, fetched in batches as pages need them and kept for the request. */
export class OrganisationCache {
  private readonly known = new Map<string, Organisation | null>();
  constructor(private readonly store: Store) {}

  /** Fetches the organisations of these ids not yet known, in one BatchGet (per 100). */
  async load(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.known.has(id));
    if (missing.length === 0) return;
    for (const id of missing) this.known.set(id, null);
    for (const org of await this.store.getOrganisations(missing)) this.known.set(org.id, org);
  }

  get(id: string): Organisation | undefined {
    return this.known.get(id) ?? undefined;
  }

  name(id: string): string {
    return this.get(id)?.name ?? id;
  }

  /** The recipient and every funder of each grant. */
  async loadFor(grants: readonly Grant[]): Promise<void> {
    await this.load(
      grants.flatMap((g) => [g.organisationId, ...(g.award?.funders.map((f) => f.funderId) ?? [])]),
    );
  }
}

/**
 * The awarded grants of a city, one page (up to 100) at a time: a Query on GSI2 per state and page,
 * never a Scan. Pages are read only as the consumer asks for them.
 */
export async function* awardedGrantPages(store: Store, cityId: string): AsyncGenerator<Grant[]> {
  for (const state of AWARDED_STATES) {
    let cursor: string | undefined;
    do {
      const page = await store.listByCity<Grant>('grant', cityId, { state, cursor, limit: 100 });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}

/** Runs `fn` over the items with at most `limit` at a time, keeping their order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ------------------------------------------------------------------ 360Giving records

export interface Giving360Organisation {
  readonly id: string;
  readonly name: string;
}

export interface Giving360Grant {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly currency: string;
  readonly amountAppliedFor: number;
  readonly amountAwarded: number;
  readonly amountDisbursed: number;
  readonly awardDate: string;
  readonly plannedDates: readonly [
    { readonly startDate: string; readonly endDate: string; readonly duration: number },
  ];
  readonly recipientOrganization: readonly [Giving360Organisation];
  readonly fundingOrganization: readonly Giving360Organisation[];
  readonly grantProgramme: readonly [{ readonly code: string; readonly title: string }];
  readonly beneficiaryLocation: readonly [{ readonly name: string; readonly countryCode?: string }];
  readonly classifications?: readonly { vocabulary: string; code: string; title: string }[];
  readonly commitmentTransaction: readonly {
    id: string;
    transactionDate: string;
    currency: string;
    value: number;
    provider: string;
    recipient: string;
  }[];
  readonly disbursementTransaction?: readonly {
    id: string;
    transactionDate: string;
    currency: string;
    value: number;
    recipient: string;
  }[];
  readonly dateModified: string;
  readonly dataSource?: string;
}

export interface Giving360Context {
  readonly city: CitySettings;
  readonly organisations: Pick<OrganisationCache, 'name' | 'get'>;
  /** The public address of the API (`https://…`), for `dataSource`; left out when unknown. */
  readonly baseUrl?: string | undefined;
}

/**
 * A grant's own focus areas where its application names them; else its organisation's. The 360Giving
 * file and the staff exports name the same ones.
 */
export function focusAreasOf(grant: Grant, organisations: Pick<OrganisationCache, 'get'>): readonly string[] {
  return grant.focusAreas?.length
    ? grant.focusAreas
    : (organisations.get(grant.organisationId)?.focusAreas ?? []);
}

const FOCUS_VOCABULARY = 'passerelle-focus-area';
const focusTitle = (code: string) => {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * One grant as a 360Giving record. Only public facts: no person, no contact, no address, no comment.
 * The organisations carry an identifier and a name, nothing else.
 */
export function toGiving360Grant(grant: Grant, ctx: Giving360Context): Giving360Grant {
  const { city } = ctx;
  const award = awardOf(grant, city);
  const currency = award.amount.currency;
  const recipientId = orgIdentifier(grant.organisationId);
  const decided = grant.decidedAt ?? grant.updatedAt;
  const disbursed = grant.tranches.filter((t) => DISBURSED.includes(t.state));
  const focus = focusAreasOf(grant, ctx.organisations);
  return {
    id: grantIdentifier(city.id, grant.id),
    title: grant.title,
    description: grant.summary,
    currency,
    amountAppliedFor: toMajorUnits(grant.amountRequested),
    amountAwarded: toMajorUnits(award.amount),
    amountDisbursed: toMajorUnits(amountDisbursed(grant, currency)),
    awardDate: awardDate(grant, city),
    plannedDates: [
      {
        startDate: grant.startDate,
        endDate: grant.endDate,
        duration: durationMonths(grant.startDate, grant.endDate),
      },
    ],
    recipientOrganization: [{ id: recipientId, name: ctx.organisations.name(grant.organisationId) }],
    fundingOrganization: award.funders.map((f) => ({
      id: orgIdentifier(f.funderId),
      name: ctx.organisations.name(f.funderId),
    })),
    grantProgramme: [PROGRAMMES[grant.track]],
    beneficiaryLocation: [
      { name: city.name, ...(/^[A-Z]{2}$/.test(city.country) ? { countryCode: city.country } : {}) },
    ],
    ...(focus.length > 0
      ? {
          classifications: focus.map((code) => ({
            vocabulary: FOCUS_VOCABULARY,
            code,
            title: focusTitle(code),
          })),
        }
      : {}),
    commitmentTransaction: award.funders.map((f) => ({
      id: `${grantIdentifier(city.id, grant.id)}-commitment-${safe(f.funderId)}`,
      transactionDate: decided,
      currency: f.share.currency,
      value: toMajorUnits(f.share),
      provider: orgIdentifier(f.funderId),
      recipient: recipientId,
    })),
    ...(disbursed.length > 0
      ? {
          disbursementTransaction: disbursed.map((t) => ({
            id: `${grantIdentifier(city.id, grant.id)}-tranche-${safe(t.id)}`,
            transactionDate: t.paidAt ?? t.releasedAt ?? grant.updatedAt,
            currency: t.amount.currency,
            value: toMajorUnits(t.amount),
            recipient: recipientId,
          })),
        }
      : {}),
    dateModified: grant.updatedAt,
    ...(ctx.baseUrl ? { dataSource: `${ctx.baseUrl}${packagePath(city.id)}` } : {}),
  };
}

export const packagePath = (cityId: string) =>
  `/v1/public/cities/${encodeURIComponent(cityId)}/grants.360giving.json`;

/** The package's metadata: everything but `grants`. */
export function packageMetadata(city: CitySettings, issued: string, baseUrl?: string) {
  return {
    version: GIVING360_VERSION,
    title: `Grants awarded through Passerelle in ${city.name}`,
    description: `Every grant awarded in ${city.name} through Passerelle (fast-track and standard), with its funders, as published in the city's transparency register.`,
    identifier: `${PUBLISHER_PREFIX}-${safe(city.id)}`,
    issued,
    publisher: { name: `Passerelle — ${city.name}` },
    ...(baseUrl ? { downloadURL: `${baseUrl}${packagePath(city.id)}` } : {}),
  };
}

/** A whole package in memory: for tests and small cities; the API streams with `giving360Json`. */
export function toGiving360Package(
  grants: readonly Grant[],
  ctx: Giving360Context & { issued: string },
): Record<string, unknown> {
  return {
    ...packageMetadata(ctx.city, ctx.issued, ctx.baseUrl),
    grants: grants.map((g) => toGiving360Grant(g, ctx)),
  };
}

// ------------------------------------------------------------------ CSV

/**
 * Text that a spreadsheet would run as a formula, defused (OWASP CSV injection): a ' before every part
 * that starts with = + - @ a tab or a carriage return, at the start of the text and after each place a
 * spreadsheet may split it — a line break, a ';' (the separator of French, Spanish or Arabic settings), a
 * ',' or a tab — since a split can turn the middle of a quoted cell into the start of another.
 */
export function defuseFormulas(text: string): string {
  return text.replace(/(^|[\t\r\n;,])(?=[=+\-@\t\r])/g, "$1'");
}

/**
 * One CSV field, RFC 4180: quoted when it holds a comma, a semicolon, a quote or a line break; quotes
 * doubled; text defused of formulas. Every CSV the server writes goes through here.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? defuseFormulas(value) : String(value);
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (fields: readonly (string | number | boolean | null | undefined)[]) =>
  `${fields.map(csvField).join(',')}\r\n`;

/** The 360Giving flat layout: the standard's column titles, a `:`-separated path for nested fields. */
export const GIVING360_CSV_COLUMNS: readonly string[] = [
  'Identifier',
  'Title',
  'Description',
  'Currency',
  'Amount Applied For',
  'Amount Awarded',
  'Amount Disbursed',
  'Award Date',
  'Planned Dates:Start Date',
  'Planned Dates:End Date',
  'Planned Dates:Duration (months)',
  'Recipient Org:Identifier',
  'Recipient Org:Name',
  'Beneficiary Location:Name',
  'Beneficiary Location:Country Code',
  ...Array.from({ length: MAX_FUNDERS }, (_, i) => [
    `Funding Org:${i}:Identifier`,
    `Funding Org:${i}:Name`,
  ]).flat(),
  'Grant Programme:Code',
  'Grant Programme:Title',
  'Last Modified',
  'Data Source',
  // The focus areas, as the JSON's `classifications` (the standard's flat titles, one triple each).
  ...Array.from({ length: MAX_CLASSIFICATIONS }, (_, i) => [
    `Classifications:${i}:Vocabulary`,
    `Classifications:${i}:Code`,
    `Classifications:${i}:Title`,
  ]).flat(),
];

export function giving360CsvRow(g: Giving360Grant): string {
  const [planned] = g.plannedDates;
  const [recipient] = g.recipientOrganization;
  const [location] = g.beneficiaryLocation;
  const [programme] = g.grantProgramme;
  const funders = Array.from({ length: MAX_FUNDERS }, (_, i) => {
    const f = g.fundingOrganization[i];
    return [f?.id, f?.name];
  }).flat();
  return csvRow([
    g.id,
    g.title,
    g.description,
    g.currency,
    g.amountAppliedFor,
    g.amountAwarded,
    g.amountDisbursed,
    g.awardDate,
    planned.startDate,
    planned.endDate,
    planned.duration,
    recipient.id,
    recipient.name,
    location.name,
    location.countryCode,
    ...funders,
    programme.code,
    programme.title,
    g.dateModified,
    g.dataSource,
    ...Array.from({ length: MAX_CLASSIFICATIONS }, (_, i) => {
      const c = g.classifications?.[i];
      return [c?.vocabulary, c?.code, c?.title];
    }).flat(),
  ]);
}

// ------------------------------------------------------------------ the streamed outputs

export interface Giving360Options {
  readonly baseUrl?: string | undefined;
}

/**
 * Prepares the city's 360Giving output: checks the city exists and has at least one awarded grant (the
 * package schema asks for one or more), then returns the grants in the 360Giving shape, read page by page
 * as they are consumed. Returns undefined when the city has no awarded grant yet.
 */
async function prepare(deps: Deps, cityId: string, opts: Giving360Options) {
  const city = await deps.cities.get(cityId);
  const pages = awardedGrantPages(deps.store, cityId);
  const first = await pages.next();
  if (first.done) return undefined;
  const head: Grant[] = first.value;
  const orgs = new OrganisationCache(deps.store);
  async function* all(): AsyncGenerator<Giving360Grant[]> {
    for await (const page of prepend(head, pages)) {
      await orgs.loadFor(page);
      yield page.map((g) => toGiving360Grant(g, { city, organisations: orgs, baseUrl: opts.baseUrl }));
    }
  }
  return { city, pages: all() };
}

async function* prepend<T>(head: T, rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield head;
  yield* rest;
}

/** The city's output written by `write` from its grants, or undefined when it has no awarded grant yet. */
async function output(
  deps: Deps,
  cityId: string,
  opts: Giving360Options,
  write: (city: CitySettings, pages: AsyncIterable<Giving360Grant[]>) => AsyncIterable<string>,
): Promise<AsyncIterable<string> | undefined> {
  const ready = await prepare(deps, cityId, opts);
  return ready && write(ready.city, ready.pages);
}

export function giving360Json(deps: Deps, cityId: string, opts: Giving360Options = {}) {
  const issued = deps.clock().toISOString();
  return output(deps, cityId, opts, async function* (city, pages) {
    const meta = JSON.stringify(packageMetadata(city, issued, opts.baseUrl));
    yield `${meta.slice(0, -1)},"grants":[`;
    let first = true;
    for await (const page of pages) {
      const chunk = page.map((g) => JSON.stringify(g)).join(',');
      yield first ? chunk : `,${chunk}`;
      first = false;
    }
    yield ']}';
  });
}

export function giving360Csv(deps: Deps, cityId: string, opts: Giving360Options = {}) {
  return output(deps, cityId, opts, async function* (_city, pages) {
    yield csvRow(GIVING360_CSV_COLUMNS);
    for await (const page of pages) yield page.map(giving360CsvRow).join('');
  });
}
