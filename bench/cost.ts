/**
 * Section 7: cost. AWS list prices for eu-west-1, the ones docs/deploy.md uses, applied to what this run
 * measured: the read and write units of each operation (section 1), its in-process duration as the Lambda's
 * billed duration at 1024 MB, and the daily job's units and time at 512 MB (section 4).
 */
import type { RoundTrip } from './roundtrips.ts';
import type { TickResult } from './tick.ts';

/** USD, eu-west-1, as in docs/deploy.md ("What a month costs"). */
export const PRICES = {
  httpApiPerRequest: 1.11 / 1e6,
  lambdaPerRequest: 0.2 / 1e6,
  lambdaPerGbSecond: 0.0000133334,
  readUnit: 0.1415 / 1e6,
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: a price in USD, not √½
  writeUnit: 0.707 / 1e6,
  storagePerGbMonth: 0.283 + 0.2264,
  schedulerPerInvocation: 1 / 1e6,
} as const;

const API_MEMORY_GB = 1;
const TICK_MEMORY_GB = 0.5;

/** A city of 200 CSOs for a year: who does what (the assumptions of `cityYearUsd`). */
export const CITY_YEAR = {
  csos: 200,
  grantsPerCsoPerYear: 2,
  /** Each CSO renews its three-year partnership: a third of the partnership journey a year. */
  partnershipsPerCsoPerYear: 1 / 3,
  /** Sign-ins of a CSO member a year (two a week), each reading the pages of CSO_SESSION. */
  csoSessionsPerYear: 2 * 52,
  /** Staff (3 officers, the mayor's office, a funder) sign in 5 times a working day. */
  staff: 5,
  staffSessionsPerYear: 5 * 250,
  /** Public register page views a year, after CloudFront's 5-minute cache. */
  registerViewsPerYear: 10_000,
  /** Portfolio exports a year (funder and city, monthly). */
  exportsPerYear: 24,
  /** Daily deadline job runs, and the open milestones it looks after (3 annual reviews + 2 reports a CSO). */
  tickRunsPerYear: 365,
  openMilestones: 200 * 5,
} as const;

const CSO_SESSION = [
  'GET /v1/me',
  'GET /v1/queue (cso)',
  'GET /v1/grants (cso)',
  'GET /v1/milestones (cso)',
  'GET /v1/notifications',
];
const STAFF_SESSION = [
  'GET /v1/me',
  'GET /v1/queue (officer)',
  'GET /v1/grants (officer)',
  'GET /v1/milestones (officer)',
  'GET /v1/notifications',
];
const PARTNERSHIP = [
  'POST /v1/partnerships',
  'GET /v1/partnerships/{id}',
  'PATCH /v1/partnerships/{id}',
  'POST /v1/partnerships/{id}/events submit',
  'POST /v1/partnerships/{id}/events start_review',
  'POST /v1/partnerships/{id}/events record_due_diligence',
  'POST /v1/partnerships/{id}/events approve',
];

export interface CostResult {
  readonly grantLifecycleUsd: number;
  readonly cityYearUsd: number;
  /** Parts of the city's year, USD. */
  readonly cityYearParts: Record<string, number>;
  /** Requests in one grant's life and their units. */
  readonly grantLifecycle: { requests: number; readUnits: number; writeUnits: number; lambdaMs: number };
  readonly missing: string[];
}

/** One API request: API Gateway, Lambda (request and duration) and DynamoDB units. */
function requestUsd(r: RoundTrip): number {
  const seconds = Math.ceil(r.msMedian) / 1000;
  return (
    PRICES.httpApiPerRequest +
    PRICES.lambdaPerRequest +
    seconds * API_MEMORY_GB * PRICES.lambdaPerGbSecond +
    r.readUnits * PRICES.readUnit +
    r.writeUnits * PRICES.writeUnit
  );
}

export function estimateCost(
  ops: Record<string, RoundTrip>,
  grantOps: readonly string[],
  tick: TickResult | undefined,
  bytesPerGrant: number,
): CostResult {
  const missing: string[] = [];
  const sum = (names: readonly string[]) =>
    names.reduce((usd, name) => {
      const r = ops[name];
      if (!r) {
        missing.push(name);
        return usd;
      }
      return usd + requestUsd(r);
    }, 0);
  const grantLifecycleUsd = sum(grantOps);
  const found = grantOps.map((n) => ops[n]).filter((r): r is RoundTrip => r !== undefined);

  const c = CITY_YEAR;
  const grants = c.csos * c.grantsPerCsoPerYear;
  const tickUsd = tick
    ? PRICES.schedulerPerInvocation +
      PRICES.lambdaPerRequest +
      (Math.ceil(tick.first.seconds * 1000) / 1000) * TICK_MEMORY_GB * PRICES.lambdaPerGbSecond +
      tick.first.readUnits * PRICES.readUnit +
      tick.first.writeUnits * PRICES.writeUnit
    : 0;
  const storedGb = (grants * bytesPerGrant) / 1e9;
  const parts: Record<string, number> = {
    grants: grants * grantLifecycleUsd,
    partnerships: c.csos * c.partnershipsPerCsoPerYear * sum(PARTNERSHIP),
    csoSessions: c.csos * c.csoSessionsPerYear * sum(CSO_SESSION),
    staffSessions: c.staff * c.staffSessionsPerYear * sum(STAFF_SESSION),
    publicRegister: c.registerViewsPerYear * sum(['GET /v1/public/cities/{cityId}/register']),
    exports: c.exportsPerYear * sum(['GET /v1/exports/portfolio.csv (funder)']),
    // The job reads and writes only what is due, in proportion to the open milestones: the measured run, scaled.
    dailyJob: c.tickRunsPerYear * tickUsd * (tick ? c.openMilestones / tick.milestones : 0),
    // A year's new items, stored on average half the year.
    storage: storedGb * PRICES.storagePerGbMonth * 6,
  };
  return {
    grantLifecycleUsd,
    cityYearUsd: Object.values(parts).reduce((a, b) => a + b, 0),
    cityYearParts: parts,
    grantLifecycle: {
      requests: found.length,
      readUnits: found.reduce((n, r) => n + r.readUnits, 0),
      writeUnits: found.reduce((n, r) => n + r.writeUnits, 0),
      lambdaMs: found.reduce((n, r) => n + Math.ceil(r.msMedian), 0),
    },
    missing: [...new Set(missing)],
  };
}

/** Bytes a set of items takes in the table and in the indexes that hold a copy of them. */
export function storedBytes(items: readonly Record<string, unknown>[]): number {
  return items.reduce((n, i) => {
    const copies = 1 + ['GSI1PK', 'GSI2PK', 'GSI3PK', 'GSI4PK'].filter((k) => i[k] !== undefined).length;
    // DynamoDB counts attribute names and values; JSON length is close enough, plus 100 bytes of overhead per copy.
    return n + copies * (JSON.stringify(i).length + 100);
  }, 0);
}
