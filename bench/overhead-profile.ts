/**
 * Where the API's time goes on GET /v1/grants/{id}: the overhead section's API child (overhead-server.ts)
 * run with `node --cpu-prof` under autocannon, then the direct child at the same concurrency for the ratio,
 * and the profile's samples over the load summed by part of the code and by function.
 *
 *   npx tsx bench/overhead-profile.ts [--levels=1,16] [--seconds=10] [--no-profile] [--dir=<folder>] [--interval=<µs>]
 *                                     [--server=api|floor|hono] [--store-warmup=<s>]
 *
 * `--interval`: the profile's sampling interval in microseconds (V8's default 1,000). At one connection a
 * request takes about 2 ms of CPU, so a part of 10 µs a request is one sample in a hundred requests: 100 µs
 * gives ten times the samples for the small parts (the middleware, the view) at a few per cent more CPU.
 *
 * `--server=floor`: load overhead-floor.ts instead of the API (Node's HTTP server and the one GetItem, nothing
 * else): what the HTTP hop costs without any of our code. `--server=hono`: overhead-hono.ts, the same with one
 * Hono route on @hono/node-server: what the framework adds to the floor.
 *
 * `--store-warmup`: seconds of direct GetItems at 16 connections before the first level (default 20), to warm
 * DynamoDB Local's JIT as the overhead section does.
 *
 * The profiles stay in the folder printed (open them in Chrome's DevTools for the call tree). The DynamoDB
 * calls one request makes are counted on the bench's in-process system first, as the roundtrips section does.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadDemo } from '#seed/demo';
import type { DirectResult } from './overhead-direct.ts';
import { runChild, startChild, stopChild, stopChildren } from './support/children.ts';
import { cpuMsOf, ownCpuMs } from './support/cpu.ts';
import { describe, summarise } from './support/cpu-profile.ts';
import { type LocalDynamo, startLocalDynamo } from './support/dynamo.ts';
import { scanAll } from './support/fill.ts';
import { percentile } from './support/stats.ts';
import { type BenchSystem, localAuth, openSystem } from './support/system.ts';

const fail = (message: string): never => {
  throw new Error(message);
};
const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const levels = (option('levels') ?? '1,16').split(',').map(Number);
const seconds = Number(option('seconds') ?? 10);
const storeWarmup = Number(option('store-warmup') ?? 20);
const profiling = !process.argv.includes('--no-profile');
const interval = option('interval');
const servers: Record<string, string> = {
  api: 'bench/overhead-server.ts',
  floor: 'bench/overhead-floor.ts',
  hono: 'bench/overhead-hono.ts',
};
const server =
  servers[option('server') ?? 'api'] ??
  fail(`--server=${option('server')}: one of ${Object.keys(servers).join(', ')}`);
const dir = option('dir') ?? join(tmpdir(), `passerelle-profile-${Date.now()}`);

const profileArgs = (out: string) => [
  '--cpu-prof',
  `--cpu-prof-dir=${out}`,
  ...(interval ? [`--cpu-prof-interval=${interval}`] : []),
];

/** The monotonic clock in microseconds: the clock of the profile's timestamps. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

let dynamo: LocalDynamo | undefined;
let sys: BenchSystem | undefined;

async function main(): Promise<void> {
  dynamo = await startLocalDynamo();
  const auth = localAuth();
  sys = await openSystem(dynamo.endpoint, 'bench-demo', { auth });
  await loadDemo(sys.deps);
  const items = await scanAll(sys.clients.db, sys.tableName);
  const grantIds = items
    .filter((i) => i.entity === 'grant' && i.cityId === 'sfax' && i.SK === 'R')
    .map((i) => i.id as string);
  const token = await sys.token('officer@sfax.demo');

  // What one request costs in DynamoDB calls, over the grants the load goes through.
  const calls = new Map<string, number>();
  for (const id of grantIds) {
    sys.log.reset();
    const reply = await sys.request(token, 'GET', `/v1/grants/${id}`);
    if (reply.status !== 200) throw new Error(`GET /v1/grants/${id}: ${reply.status}`);
    calls.set(sys.log.summary, (calls.get(sys.log.summary) ?? 0) + 1);
  }
  console.log(`${grantIds.length} grants; DynamoDB calls per request:`);
  for (const [ops, n] of calls) console.log(`  ${n} × ${ops}`);

  // DynamoDB Local's JIT halves a GetItem's CPU over its first ~20 s of load (bench/findings.md): warmed
  // first, as the overhead section does, so that the first level is not the only one measured cold.
  const { endpoint } = dynamo;
  const table = sys.tableName;
  /** The direct child's GetItems of the grants, `connections` at a time for `time` seconds. */
  const direct = (connections: number, time: number, nodeArgs: string[] = []) =>
    runChild<DirectResult>(
      'bench/overhead-direct.ts',
      {},
      [JSON.stringify({ endpoint, table, mode: 'get', ids: grantIds, connections, seconds: time })],
      nodeArgs,
    );
  if (storeWarmup > 0) await direct(16, storeWarmup);
  for (const [i, c] of levels.entries()) {
    // A level may be listed twice (to see the drift): each its own folder.
    const out = join(dir, levels.indexOf(c) === i ? `c${c}` : `c${c}-${i}`);
    mkdirSync(out, { recursive: true });
    const { child, first } = await startChild<{ port: number }>(
      server,
      {
        BENCH_ENDPOINT: dynamo.endpoint,
        BENCH_TABLE: sys.tableName,
        BENCH_SECRET: Buffer.from(auth.secret).toString('hex'),
      },
      [],
      profiling ? profileArgs(out) : [],
    );
    let next = 0;
    const load = (duration: number) =>
      autocannon({
        url: `http://127.0.0.1:${first.port}`,
        connections: c,
        duration,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({
              ...req,
              path: `/v1/grants/${grantIds[next++ % grantIds.length]}`,
              headers: { authorization: `Bearer ${token}` },
            }),
          },
        ],
      });
    await load(2);
    const java = dynamo.process.pid;
    const before = { api: cpuMsOf(child.pid) ?? 0, store: cpuMsOf(java) ?? 0, cannon: ownCpuMs() };
    const from = nowUs();
    const api = await load(seconds);
    const to = nowUs();
    const apiCpu = {
      api: (cpuMsOf(child.pid) ?? 0) - before.api,
      store: (cpuMsOf(java) ?? 0) - before.store,
      cannon: ownCpuMs() - before.cannon,
    };
    await stopChild(child);
    const storeBefore = cpuMsOf(java) ?? 0;
    const directOut = join(out, 'direct');
    const directRun = await direct(c, seconds, profiling ? profileArgs(directOut) : []);
    const directStore = (cpuMsOf(java) ?? 0) - storeBefore;
    const apiRps = api['2xx'] / api.duration;
    const directRps = directRun.requests / directRun.seconds;
    const per = (ms: number, n: number) => `${((1000 * ms) / n).toFixed(0)} µs`;
    console.log(
      `\nc${c}: API ${apiRps.toFixed(1)} req/s (p50 ${api.latency.p50} ms, ${api.non2xx + api.errors} failed), ` +
        `direct ${directRps.toFixed(1)} req/s (p50 ${percentile(directRun.latenciesMs, 50).toFixed(1)} ms) → ${(apiRps / directRps).toFixed(2)}`,
    );
    // CPU per request: the load does not change it much, unlike the rates on a shared machine.
    console.log(
      `c${c} CPU per request: API process ${per(apiCpu.api, api['2xx'])}, DynamoDB Local ${per(apiCpu.store, api['2xx'])}, ` +
        `autocannon ${per(apiCpu.cannon, api['2xx'])}; direct process ${per(directRun.cpuMs, directRun.requests)}, ` +
        `DynamoDB Local ${per(directStore, directRun.requests)}`,
    );
    if (!profiling) continue;
    const profileIn = (folder: string) => {
      // The main thread's profile (tsx's loader thread writes one too): the first by name.
      const file = readdirSync(folder)
        .filter((f) => f.endsWith('.cpuprofile'))
        .sort()[0];
      if (!file) throw new Error(`no profile in ${folder}`);
      return join(folder, file);
    };
    console.log(`profile: ${profileIn(out)}\n`);
    console.log(describe(summarise(profileIn(out), from, to), api['2xx']));
    // The direct side's own profile, over its loop: the same DynamoDB client, without the HTTP server.
    const directSummary = summarise(profileIn(directOut), directRun.fromUs, directRun.toUs);
    console.log(`\ndirect side, profile: ${profileIn(directOut)}\n`);
    console.log(
      describe(
        { ...directSummary, byFunction: directSummary.byFunction.slice(0, 10) },
        directRun.requests,
        10,
      ),
    );
  }
}

try {
  await main();
} finally {
  await stopChildren();
  sys?.close();
  await dynamo?.stop();
}
