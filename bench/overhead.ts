/**
 * Section 2: overhead over the store. The API runs in a child process (overhead-server.ts) and autocannon
 * loads it over HTTP from this process; side by side, in turn with each API run, a second child
 * (overhead-direct.ts) issues the same DynamoDB operations straight from Node at the same concurrency for
 * the same time. Both share this machine's cores with DynamoDB Local, as they would share any machine.
 *
 * - getGrant: GET /v1/grants/{id} as the officer, over the Sfax grants in turn;
 * - event:    POST /v1/milestones/{id}/events on milestones of amal-sfax, alternating `submit_report` (the CSO)
 *             and `request_revision` (the officer) on each — a pair of events that can repeat for ever, so
 *             a run of any length needs no stock of fresh records. Each milestone is in one request at a time;
 * - getGrantHandler: the same GET as deployed, with no HTTP server: the api function's bundle (infra/bundling.ts)
 *             in a child (overhead-handler.ts) called in-process with API Gateway v2 events, as Lambda calls it,
 *             the same number of requests in flight; beside the same direct runs.
 * - getGrantFloor: the least any HTTP server could do for that GET: Node's own server and the one GetItem
 *             (overhead-floor.ts), over the same HTTP hop from autocannon, beside the same direct runs. Not
 *             judged: what the hop and the load generator cost here; `getGrant`'s distance to it is our code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { bundleLambda } from '../infra/bundling.ts';
import type { DirectResult } from './overhead-direct.ts';
import type { HandlerJob, HandlerResult } from './overhead-handler.ts';
import { runChild, startChild, startJobChild, stopChild } from './support/children.ts';
import { cpuMsOf } from './support/cpu.ts';
import { median, percentile, round } from './support/stats.ts';
import type { BenchSystem } from './support/system.ts';

export interface LevelResult {
  readonly apiRps: number;
  readonly directRps: number;
  readonly ratio: number;
  readonly apiP50Ms: number;
  readonly apiP99Ms: number;
  readonly directP50Ms: number;
  readonly directP99Ms: number;
  /** Non-2xx answers and errors over all API runs (should be 0), and the statuses of the answers. */
  readonly apiFailures: number;
  readonly apiStatuses: Record<string, number>;
  /** CPU per answered request (ms) of the API's process (the server or the handler's child: /proc or its own count) and of the direct one; runs before these were added have none. */
  readonly apiCpuMsPerRequest?: number;
  readonly directCpuMsPerRequest?: number;
  readonly pass: boolean;
}

export type ScenarioResult = Record<string, LevelResult>;

export interface OverheadOptions {
  readonly levels: readonly number[];
  readonly runs: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Seconds of direct GetItems at 16 connections before the first scenario, to warm DynamoDB Local's JIT. */
  readonly storeWarmupSeconds?: number | undefined;
}

export const OVERHEAD_TARGET = 0.8;

interface Scenario {
  /** The autocannon request list for the API side. */
  requests(): autocannon.Request[];
  /** Ids for the direct side. */
  readonly directIds: readonly string[];
  readonly mode: 'get' | 'event';
  /**
   * Called after each API run, with its slowest latency (to take back records a request cut off at the
   * end of the run left in an unknown state).
   */
  afterRun?(maxLatencyMs: number): Promise<void>;
}

interface Sample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
  readonly statuses?: Record<string, number>;
  readonly cpuMsPerRequest?: number;
}

/** One run of a side at a concurrency for some seconds. */
type Side = (connections: number, seconds: number) => Promise<Sample>;

/** `serverPid`: the API server's process, whose CPU over the run is read from /proc (where there is one). */
async function apiRun(
  url: string,
  serverPid: number | undefined,
  connections: number,
  seconds: number,
  s: Scenario,
): Promise<Sample> {
  const cpuBefore = cpuMsOf(serverPid);
  const result = await autocannon({ url, connections, duration: seconds, requests: s.requests() });
  const cpuAfter = cpuMsOf(serverPid);
  await s.afterRun?.(result.latency.max);
  const ok = result['2xx'];
  return {
    ...(cpuBefore === undefined || cpuAfter === undefined
      ? {}
      : { cpuMsPerRequest: (cpuAfter - cpuBefore) / Math.max(ok, 1) }),
    rps: ok / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]),
    ),
  };
}

async function directRun(
  endpoint: string,
  table: string,
  connections: number,
  seconds: number,
  s: Scenario,
): Promise<Sample> {
  const job = { endpoint, table, mode: s.mode, ids: s.directIds, connections, seconds };
  const r = await runChild<DirectResult>('bench/overhead-direct.ts', {}, [JSON.stringify(job)]);
  return {
    rps: r.requests / r.seconds,
    p50: percentile(r.latenciesMs, 50),
    p99: percentile(r.latenciesMs, 99),
    failures: r.errors,
    cpuMsPerRequest: r.cpuMs / Math.max(r.requests, 1),
  };
}

/** Medians of a list of samples' CPU per request, when every sample has one. */
function cpuMedian(samples: readonly Sample[]): number | undefined {
  const cpu = samples.map((x) => x.cpuMsPerRequest);
  return cpu.every((x): x is number => x !== undefined) ? round(median(cpu), 3) : undefined;
}

async function measureScenario(
  apiSide: Side,
  directSide: Side,
  o: OverheadOptions,
  label: string,
): Promise<ScenarioResult> {
  const out: ScenarioResult = {};
  for (const c of o.levels) {
    await apiSide(c, o.warmupSeconds);
    await directSide(c, o.warmupSeconds);
    const api: Sample[] = [];
    const direct: Sample[] = [];
    for (let run = 0; run < o.runs; run++) {
      // In turns, each side first in every other pair: what drifts during a pair (the store warming,
      // the machine slowing) falls on both sides alike.
      if (run % 2 === 0) {
        api.push(await apiSide(c, o.seconds));
        direct.push(await directSide(c, o.seconds));
      } else {
        direct.push(await directSide(c, o.seconds));
        api.push(await apiSide(c, o.seconds));
      }
    }
    const apiRps = median(api.map((x) => x.rps));
    const directRps = median(direct.map((x) => x.rps));
    // Each API run is compared with the direct run of its pair; the median of those ratios.
    const ratio = median(api.map((x, i) => x.rps / (direct[i] as Sample).rps));
    const apiCpu = cpuMedian(api);
    const directCpu = cpuMedian(direct);
    const result: LevelResult = {
      apiRps: round(apiRps, 1),
      directRps: round(directRps, 1),
      ratio: round(ratio),
      apiP50Ms: round(median(api.map((x) => x.p50))),
      apiP99Ms: round(median(api.map((x) => x.p99))),
      directP50Ms: round(median(direct.map((x) => x.p50))),
      directP99Ms: round(median(direct.map((x) => x.p99))),
      apiFailures: api.reduce((n, x) => n + x.failures, 0),
      apiStatuses: api.reduce<Record<string, number>>((all, x) => {
        for (const [code, n] of Object.entries(x.statuses ?? {})) all[code] = (all[code] ?? 0) + n;
        return all;
      }, {}),
      ...(apiCpu === undefined ? {} : { apiCpuMsPerRequest: apiCpu }),
      ...(directCpu === undefined ? {} : { directCpuMsPerRequest: directCpu }),
      pass: ratio >= OVERHEAD_TARGET,
    };
    console.log(
      `  ${label} c${c}: API ${result.apiRps} req/s (p50 ${result.apiP50Ms} ms), direct ${result.directRps} req/s → ${result.ratio}` +
        (result.apiCpuMsPerRequest !== undefined
          ? `; CPU per request: API ${result.apiCpuMsPerRequest} ms, direct ${result.directCpuMsPerRequest} ms`
          : '') +
        // A scenario whose requests are refused measures nothing: say so where it shows.
        (result.apiFailures > 0
          ? `; ${result.apiFailures} failed: ${JSON.stringify(result.apiStatuses)}`
          : ''),
    );
    out[`c${c}`] = result;
  }
  return out;
}

/** Milestones of amal-sfax in a state from which `submit_report` is allowed, for the event scenario. */
export interface EventPools {
  readonly api: readonly string[];
  readonly direct: readonly string[];
  /** Indicator names of the milestones, for a valid report. */
  readonly indicators: readonly string[];
}

export async function measureOverhead(
  sys: BenchSystem,
  endpoint: string,
  secretHex: string,
  grantIds: readonly string[],
  pools: EventPools,
  o: OverheadOptions,
): Promise<{
  getGrant: ScenarioResult;
  getGrantFloor: ScenarioResult;
  getGrantHandler: ScenarioResult;
  event: ScenarioResult;
}> {
  const { child, first } = await startChild<{ port: number }>('bench/overhead-server.ts', {
    BENCH_ENDPOINT: endpoint,
    BENCH_TABLE: sys.tableName,
    BENCH_SECRET: secretHex,
  });
  try {
    const url = `http://127.0.0.1:${first.port}`;
    const officer = { authorization: `Bearer ${await sys.token('officer@sfax.demo')}` };
    const cso = await sys.token('cso@sfax.demo');

    let next = 0;
    const getGrant: Scenario = {
      mode: 'get',
      directIds: grantIds,
      requests: () => [
        {
          method: 'GET',
          setupRequest: (req) => ({
            ...req,
            path: `/v1/grants/${grantIds[next++ % grantIds.length]}`,
            headers: officer,
          }),
        },
      ],
    };

    // Each milestone is in at most one request at a time: taken from `free`, given back on its answer.
    const state = new Map(pools.api.map((id) => [id, 'scheduled']));
    const free = [...pools.api];
    // The report the milestones ask for: an annual review of a partnership says how each activity of its
    // action plan went and reports no spending; a grant's report says what was spent.
    const asked = await sys.deps.store.getRecord<{ activities?: readonly { activity: string }[] }>(
      'milestone',
      pools.api[0] as string,
    );
    const activities = asked?.record.activities ?? [];
    const submit = JSON.stringify({
      type: 'submit_report',
      report: {
        narrative: 'We supported 131 families in 14 sessions.',
        indicatorResults: pools.indicators.map((name) => ({ name, value: 131 })),
        ...(activities.length > 0
          ? { activityResults: activities.map((a) => ({ activity: a.activity, status: 'done' })) }
          : { spent: { amount: 495_000, currency: 'TND' } }),
      },
    });
    const revise = JSON.stringify({
      type: 'request_revision',
      comment: 'Please add the number of sessions.',
    });
    const event: Scenario = {
      mode: 'event',
      directIds: pools.direct,
      requests: () => [
        {
          method: 'POST',
          setupRequest: (req, context) => {
            const id = free.shift() as string;
            context.id = id;
            const submitting = state.get(id) !== 'submitted';
            return {
              ...req,
              path: `/v1/milestones/${id}/events`,
              headers: {
                'content-type': 'application/json',
                authorization: submitting ? `Bearer ${cso}` : officer.authorization,
              },
              body: submitting ? submit : revise,
            };
          },
          onResponse: (status, body, context) => {
            const id = context.id as string;
            if (status === 200) state.set(id, (JSON.parse(body) as { state: string }).state);
            free.push(id);
          },
        },
      ],
      // A request cut off at the end of a run leaves its milestone out of `free`: once the server has had the
      // time to finish it, read its state back.
      afterRun: async (maxLatencyMs) => {
        await new Promise((r) => setTimeout(r, Math.min(maxLatencyMs, 10_000) + 200));
        const inFree = new Set(free);
        for (const id of pools.api) {
          if (inFree.has(id)) continue;
          const stored = await sys.deps.store.getRecord<{ state: string }>('milestone', id);
          state.set(id, stored?.record.state ?? 'scheduled');
          free.push(id);
        }
      },
    };

    const directSide =
      (s: Scenario): Side =>
      (c, seconds) =>
        directRun(endpoint, sys.tableName, c, seconds, s);
    const httpSide =
      (s: Scenario): Side =>
      (c, seconds) =>
        apiRun(url, child.pid, c, seconds, s);
    // DynamoDB Local is a JVM: its GetItem path costs about twice as much CPU until the JIT has compiled it,
    // some 20 s of load into a fresh process (bench/findings.md, "Which row DynamoDB Local's warm-up fell
    // on"). Warmed here, so that the first row measured is not the only one measured against a cold store.
    if (o.storeWarmupSeconds) await directSide(getGrant)(16, o.storeWarmupSeconds);
    const getGrantHttp = await measureScenario(httpSide(getGrant), directSide(getGrant), o, 'getGrant');
    const getGrantFloor = await measureFloor(endpoint, sys.tableName, getGrant, directSide(getGrant), o);
    const getGrantHandler = await measureHandler(
      endpoint,
      sys.tableName,
      secretHex,
      grantIds,
      officer.authorization.slice('Bearer '.length),
      directSide(getGrant),
      o,
    );
    return {
      getGrant: getGrantHttp,
      getGrantFloor,
      getGrantHandler,
      event: await measureScenario(httpSide(event), directSide(event), o, 'event'),
    };
  } finally {
    await stopChild(child);
  }
}

/** getGrantFloor: the same requests to overhead-floor.ts, a server of Node's that only reads the grant. */
async function measureFloor(
  endpoint: string,
  table: string,
  getGrant: Scenario,
  directSide: Side,
  o: OverheadOptions,
): Promise<ScenarioResult> {
  const { child, first } = await startChild<{ port: number }>('bench/overhead-floor.ts', {
    BENCH_ENDPOINT: endpoint,
    BENCH_TABLE: table,
  });
  try {
    const floorSide: Side = (c, seconds) =>
      apiRun(`http://127.0.0.1:${first.port}`, child.pid, c, seconds, getGrant);
    return await measureScenario(floorSide, directSide, o, 'getGrantFloor');
  } finally {
    await stopChild(child);
  }
}

/**
 * getGrantHandler: the api function's bundle, built here as it is deployed, in a child that calls its
 * handler with API Gateway events (overhead-handler.ts), against the same direct runs as the HTTP side.
 */
async function measureHandler(
  endpoint: string,
  table: string,
  secretHex: string,
  grantIds: readonly string[],
  token: string,
  directSide: Side,
  o: OverheadOptions,
): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-overhead-'));
  try {
    const { file } = await bundleLambda('functions/src/lambda/api.ts', join(dir, 'api'));
    const { child, ask } = await startJobChild<{ ready: true }>(
      'bench/overhead-handler.ts',
      { BENCH_ENDPOINT: endpoint, BENCH_TABLE: table, BENCH_SECRET: secretHex },
      [JSON.stringify({ ids: grantIds, token, bundle: file })],
    );
    try {
      const handlerSide: Side = async (connections, seconds) => {
        const r = await ask<HandlerResult>({ connections, seconds } satisfies HandlerJob);
        return {
          rps: r.requests / r.seconds,
          p50: percentile(r.latenciesMs, 50),
          p99: percentile(r.latenciesMs, 99),
          failures: Object.values(r.failures).reduce((n, x) => n + x, 0),
          statuses: { ...(r.requests > 0 ? { '200': r.requests } : {}), ...r.failures },
          cpuMsPerRequest: r.cpuMs / Math.max(r.requests, 1),
        };
      };
      return await measureScenario(handlerSide, directSide, o, 'getGrantHandler');
    } finally {
      await stopChild(child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
