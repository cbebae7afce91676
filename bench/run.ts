/**
 * `npm run bench`: every section of docs/benchmarks.md on this machine, against DynamoDB Local.
 *
 *   npm run bench                      full run; writes bench/results.json and docs/benchmarks.md
 *   npm run bench -- --quick           smoke run (short, small tables); writes to a temporary folder
 *   npm run bench -- --only=web,bundle some sections; writes to a temporary folder
 *   npm run bench -- --report          only re-writes docs/benchmarks.md from bench/results.json and
 *                                      bench/findings.md (after editing the findings)
 *
 * Sections: bundle, web, roundtrips, overhead, growth, tick, cost. DynamoDB Local and every child process are
 * stopped at the end, on an error and on Ctrl-C.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemo } from '#seed/demo';
import { measureBundles } from './bundles.ts';
import { estimateCost, storedBytes } from './cost.ts';
import { compareGrowth } from './growth.ts';
import { measureOverhead } from './overhead.ts';
import { renderReport } from './report.ts';
import { FULL, QUICK, type Results } from './results.ts';
import { GRANT_LIFECYCLE, measureRoundTrips } from './roundtrips.ts';
import { stopChildren } from './support/children.ts';
import { type LocalDynamo, startLocalDynamo } from './support/dynamo.ts';
import {
  buildTemplates,
  growTo,
  NETWORK,
  recordCopies,
  scanAll,
  unitsOf,
  writeItems,
} from './support/fill.ts';
import { describeMachine } from './support/machine.ts';
import { type BenchSystem, localAuth, openSystem } from './support/system.ts';
import { measureTick } from './tick.ts';
import { measureWeb } from './web.ts';

const SECTIONS = ['bundle', 'web', 'roundtrips', 'overhead', 'growth', 'tick', 'cost'] as const;
type Section = (typeof SECTIONS)[number];

const args = process.argv.slice(2);
if (args.includes('--report')) {
  const saved = JSON.parse(readFileSync('bench/results.json', 'utf8')) as Results;
  writeFileSync('docs/benchmarks.md', renderReport(saved, readFileSync('bench/findings.md', 'utf8').trim()));
  console.log('wrote docs/benchmarks.md from bench/results.json');
  process.exit(0);
}
const settings = args.includes('--quick') ? QUICK : FULL;
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
for (const s of only ?? []) {
  if (!(SECTIONS as readonly string[]).includes(s))
    throw new Error(`unknown section ${s}; known: ${SECTIONS.join(', ')}`);
}
const wanted = (s: Section) => !only || only.includes(s);
/** Only a full run of every section replaces the committed results. */
const outDir = settings.quick || only ? mkdtempDir() : undefined;

function mkdtempDir(): string {
  const dir = join(tmpdir(), `passerelle-bench-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const started = performance.now();
const results: Results = {
  machine: describeMachine(),
  date: new Date().toISOString(),
  settings,
  seconds: 0,
  roundTrips: {},
  overhead: null,
  growth: {},
  growthTables: null,
  tick: null,
  bundle: {},
  web: null,
  cost: null,
  errors: {},
};

let dynamo: LocalDynamo | undefined;
const systems: BenchSystem[] = [];

async function cleanUp(): Promise<void> {
  await stopChildren();
  for (const s of systems) s.close();
  await dynamo?.stop();
  dynamo = undefined;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping DynamoDB Local and the child processes`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** Runs one section; a failure is recorded and the next section still runs. */
async function section(name: Section, fn: () => Promise<void>): Promise<void> {
  if (!wanted(name)) return;
  const t = performance.now();
  console.log(`\n▶ ${name}`);
  try {
    await fn();
    console.log(`  ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error(`  ${name} failed: ${message}`);
    results.errors[name] = message.split('\n')[0] ?? message;
  }
}

async function open(table: string, auth: ReturnType<typeof localAuth>): Promise<BenchSystem> {
  const sys = await openSystem((dynamo as LocalDynamo).endpoint, table, { auth });
  systems.push(sys);
  return sys;
}

async function main(): Promise<void> {
  // Without DynamoDB running first: the load times want a quiet machine.
  await section('bundle', async () => {
    results.bundle = await measureBundles(settings.bundleLoads);
  });
  await section('web', async () => {
    results.web = measureWeb();
  });

  const needsStore = SECTIONS.filter((s) => s !== 'bundle' && s !== 'web' && s !== 'cost').some(wanted);
  if (!needsStore) return;
  dynamo = await startLocalDynamo();
  const auth = localAuth();
  const demo = await open('bench-demo', auth);
  await loadDemo(demo.deps);
  const demoItems = await scanAll(demo.clients.db, demo.tableName);
  let bytesPerGrant = 0;

  await section('roundtrips', async () => {
    results.roundTrips = await measureRoundTrips(demo, settings.journeyRuns);
  });

  await section('overhead', async () => {
    const widest = Math.max(...settings.overhead.levels);
    const template = demoItems.find(
      (i) =>
        i.entity === 'milestone' && i.organisationId === 'amal-sfax' && i.state === 'scheduled' && !i.grantId,
    );
    if (!template) throw new Error('the demo has no scheduled milestone of amal-sfax to copy');
    const api = recordCopies(demoItems, template.PK as string, widest * 2);
    const direct = recordCopies(demoItems, template.PK as string, widest);
    await writeItems(demo.clients.db, demo.tableName, [...api.items, ...direct.items]);
    const grantIds = demoItems
      .filter((i) => i.entity === 'grant' && i.cityId === 'sfax' && i.SK === 'R')
      .map((i) => i.id as string);
    results.overhead = await measureOverhead(
      demo,
      (dynamo as LocalDynamo).endpoint,
      Buffer.from(auth.secret).toString('hex'),
      grantIds,
      { api: api.ids, direct: direct.ids, indicators: (template.indicators as string[] | undefined) ?? [] },
      settings.overhead,
    );
  });

  await section('growth', async () => {
    const templates = await buildTemplates((dynamo as LocalDynamo).endpoint, auth);
    bytesPerGrant = storedBytes(templates.grant);
    const small = await open('bench-growth-small', auth);
    const large = await open('bench-growth-large', auth);
    // The small table holds the first CSOs of the network (all in Sfax: full pages there); the large one the
    // same and many more.
    const unitAt = unitsOf(templates);
    await writeItems(small.clients.db, small.tableName, demoItems);
    await writeItems(large.clients.db, large.tableName, demoItems);
    const t = performance.now();
    const have = demoItems.length;
    const smallCount = await growTo(
      small.clients.db,
      small.tableName,
      unitAt,
      have,
      settings.growth.small,
      NETWORK.sfaxFirst,
    );
    const largeCount = await growTo(large.clients.db, large.tableName, unitAt, have, settings.growth.large);
    results.growthTables = { small: smallCount, large: largeCount };
    console.log(
      `  tables of ${smallCount} and ${largeCount} items written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    results.growth = await compareGrowth(small, large, settings.growth.samples);
  });

  await section('tick', async () => {
    const sys = await open('bench-tick', auth);
    results.tick = await measureTick(sys, settings.tickMilestones);
  });

  await section('cost', async () => {
    if (bytesPerGrant === 0) {
      // Without the growth section: the stored size of the demo's closed grant, its milestones and audit trail.
      const closed = demoItems.find((i) => i.entity === 'grant' && i.state === 'closed' && i.SK === 'R');
      const id = closed?.id as string | undefined;
      bytesPerGrant = id ? storedBytes(demoItems.filter((i) => JSON.stringify(i).includes(id))) : 0;
    }
    results.cost = estimateCost(
      results.roundTrips,
      GRANT_LIFECYCLE,
      results.tick ?? undefined,
      bytesPerGrant,
    );
  });
}

try {
  await main();
} catch (e) {
  results.errors.setup = e instanceof Error ? e.message : String(e);
  console.error(e);
  process.exitCode = 1;
} finally {
  await cleanUp();
}

results.seconds = Math.round((performance.now() - started) / 1000);
const resultsFile = outDir ? join(outDir, 'results.json') : 'bench/results.json';
const reportFile = outDir ? join(outDir, 'benchmarks.md') : 'docs/benchmarks.md';
const findings = readFileSync('bench/findings.md', 'utf8').trim();
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(reportFile, renderReport(results, findings));
console.log(`\nwrote ${resultsFile} and ${reportFile} in ${results.seconds} s`);
if (Object.keys(results.errors).length > 0) process.exitCode = 1;
