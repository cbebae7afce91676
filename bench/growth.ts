/**
 * Section 3: growth. Two tables with the same demo data, one grown to about 1,000 items and one to about
 * 100,000 with the history of a network of cities (support/fill.ts). The same list and queue requests go
 * to both, in-process and one at a time, alternating between the tables (A B, then B A) so that both see
 * the same machine state; p50 of each side and their ratio.
 */
import type { Item } from './support/fill.ts';
import { median, round } from './support/stats.ts';
import type { BenchSystem } from './support/system.ts';

export interface GrowthResult {
  readonly p50Ms1k: number;
  readonly p50Ms100k: number;
  readonly ratio: number;
  /** p50 of the time spent waiting for DynamoDB Local, and of the rest (the app's own work). */
  readonly storeP50Ms1k: number;
  readonly storeP50Ms100k: number;
  readonly appP50Ms1k: number;
  readonly appP50Ms100k: number;
  readonly samples: number;
  /** DynamoDB calls and read units of one request at each size. */
  readonly calls1k: number;
  readonly calls100k: number;
  readonly readUnits1k: number;
  readonly readUnits100k: number;
  /** Items in the response at each size. */
  readonly items1k: number;
  readonly items100k: number;
  readonly pass: boolean;
}

export const GROWTH_TARGET = 1.2;

/** The requests compared: one page of each list, and each role's queue. */
export const GROWTH_REQUESTS: readonly { name: string; as: string | undefined; path: string }[] = [
  { name: 'GET /v1/grants (officer)', as: 'officer@sfax.demo', path: '/v1/grants' },
  { name: 'GET /v1/grants?state=closed (officer)', as: 'officer@sfax.demo', path: '/v1/grants?state=closed' },
  { name: 'GET /v1/grants (cso)', as: 'cso@sfax.demo', path: '/v1/grants' },
  { name: 'GET /v1/grants (funder)', as: 'funder@sfax.demo', path: '/v1/grants' },
  { name: 'GET /v1/milestones (officer)', as: 'officer@sfax.demo', path: '/v1/milestones' },
  { name: 'GET /v1/milestones (cso)', as: 'cso@sfax.demo', path: '/v1/milestones' },
  {
    name: 'GET /v1/milestones?state=submitted (funder)',
    as: 'funder@sfax.demo',
    path: '/v1/milestones?state=submitted',
  },
  { name: 'GET /v1/partnerships (officer)', as: 'officer@sfax.demo', path: '/v1/partnerships' },
  { name: 'GET /v1/queue (officer)', as: 'officer@sfax.demo', path: '/v1/queue' },
  { name: 'GET /v1/queue (mayor)', as: 'mayor@sfax.demo', path: '/v1/queue' },
  { name: 'GET /v1/queue (cso)', as: 'cso@sfax.demo', path: '/v1/queue' },
  { name: 'GET /v1/queue (funder)', as: 'funder@sfax.demo', path: '/v1/queue' },
  { name: 'GET /v1/public/cities/sfax/register', as: undefined, path: '/v1/public/cities/sfax/register' },
];

interface Side {
  readonly sys: BenchSystem;
  readonly ms: number[];
  readonly storeMs: number[];
  calls: number;
  readUnits: number;
  items: number;
}

async function once(side: Side, token: string | undefined, path: string): Promise<void> {
  side.sys.log.reset();
  const reply = await side.sys.request(token, 'GET', path);
  if (reply.status !== 200) throw new Error(`growth: GET ${path} → ${reply.status}`);
  side.ms.push(reply.ms);
  side.storeMs.push(side.sys.log.storeMs);
  side.calls = side.sys.log.count;
  side.readUnits = side.sys.log.readUnits;
  const body = reply.body as { items?: Item[]; grants?: Item[] };
  side.items = (body.items ?? body.grants ?? []).length;
}

/** Time given to the measured pairs of one request: slow requests get fewer samples (at least 11). */
const BUDGET_MS = 8_000;

/**
 * Compares the requests on the two tables, up to `samples` times each side after `warmup` unmeasured
 * rounds.
 */
export async function compareGrowth(
  small: BenchSystem,
  large: BenchSystem,
  samples: number,
  warmup = 10,
): Promise<Record<string, GrowthResult>> {
  const out: Record<string, GrowthResult> = {};
  for (const r of GROWTH_REQUESTS) {
    const token = r.as ? await small.token(r.as) : undefined;
    const a: Side = { sys: small, ms: [], storeMs: [], calls: 0, readUnits: 0, items: 0 };
    const b: Side = { sys: large, ms: [], storeMs: [], calls: 0, readUnits: 0, items: 0 };
    for (let i = 0; i < warmup; i++) {
      await once(a, token, r.path);
      await once(b, token, r.path);
    }
    const pairMs = (a.ms.reduce((x, y) => x + y, 0) + b.ms.reduce((x, y) => x + y, 0)) / warmup;
    const n = Math.max(11, Math.min(samples, Math.floor(BUDGET_MS / pairMs)));
    for (const side of [a, b]) {
      side.ms.length = 0;
      side.storeMs.length = 0;
    }
    for (let i = 0; i < n; i++) {
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      await once(first, token, r.path);
      await once(second, token, r.path);
    }
    const p50Ms1k = median(a.ms);
    const p50Ms100k = median(b.ms);
    const ratio = p50Ms100k / p50Ms1k;
    out[r.name] = {
      p50Ms1k: round(p50Ms1k),
      p50Ms100k: round(p50Ms100k),
      ratio: round(ratio),
      storeP50Ms1k: round(median(a.storeMs)),
      storeP50Ms100k: round(median(b.storeMs)),
      appP50Ms1k: round(median(a.ms.map((ms, i) => ms - (a.storeMs[i] ?? 0)))),
      appP50Ms100k: round(median(b.ms.map((ms, i) => ms - (b.storeMs[i] ?? 0)))),
      samples: n,
      calls1k: a.calls,
      calls100k: b.calls,
      readUnits1k: round(a.readUnits),
      readUnits100k: round(b.readUnits),
      items1k: a.items,
      items100k: b.items,
      pass: ratio <= GROWTH_TARGET,
    };
  }
  return out;
}
