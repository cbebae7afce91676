/**
 * Section 5: Lambda bundles. Each entry of functions/src/lambda/ is bundled exactly as the CDK stack bundles
 * it (infra/bundling.ts: ESM, minified, target node22, the AWS SDK inside, zod in English only, credentials
 * from the environment, the OpenAPI document built at build time, the answers' schemas not built, zod shaken);
 * the size is what a cold start parses: index.mjs (the chunks it imported statically merged into it), not the chunks loaded
 * on demand (PDF, S3 client, file-type, the OpenAPI document, the papers, the mail texts, the route groups'
 * services) nor the source map. Then its module-load time in a fresh `node` process where a runtime has
 * started as Lambda's does (RUNTIME_STARTED): the time of `await import(bundle)`, median of `loads` processes;
 * and the same in a bare process, as runs before measured it. For `api`, `admin`, `exports` and `anchor` also
 * the time to build the handler (the app and its routes; the anchor's S3 client) on top, which the first
 * event pays; for `api` and `admin`, the time to the handler's answer to a first event (FUNCTIONS).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { lambdaEvent } from '#test/support/lambda-event';
import { bundleLambda, loadedOutputs } from '../infra/bundling.ts';
import { median, round } from './support/stats.ts';

export interface BundleResult {
  readonly bytes: number;
  readonly gzipBytes: number;
  /**
   * `await import(bundle)` in a process where a runtime has started as Lambda's does (RUNTIME_STARTED), median.
   * Runs before 2026-12-01 07:13 UTC timed it in a bare process: what `bareLoadMsMedian` is now.
   */
  readonly loadMsMedian: number;
  /** The fastest load: what this machine does when nothing else runs. */
  readonly loadMsMin: number;
  /** The same import as the first thing a bare `node` does (absent from runs before it was added). */
  readonly bareLoadMsMedian?: number;
  /** Import and handler construction (null where the handler builds nothing before its first event). */
  readonly initMsMedian: number | null;
  /**
   * Import, then the handler's answer to a first event that needs no network (see FUNCTIONS): what a cold
   * start of our code costs before its first answer. Absent from runs before 2026-12-01 11:53 UTC.
   */
  readonly firstAnswerMsMedian?: number | null;
  readonly passSize: boolean;
  readonly passLoad: boolean;
  /** The largest packages (or source folders) of what a cold start parses, minified bytes. */
  readonly largest: { name: string; bytes: number }[];
}

export const BUNDLE_TARGET_BYTES = 300 * 1024;
export const LOAD_TARGET_MS = 60;

/**
 * The function's name, its entry, how to build its handler once loaded (in the child's script), and the
 * first event to time its answer to: a daily request of the function without a token. The handler builds
 * its app at its first event (lambda/http-entry.ts), then runs the middleware to the sign-in and answers
 * 401, without a call to DynamoDB or Cognito: what a cold start costs of our code before its first answer
 * that is not a network call (loading Node's fetch implementation, undici, among it).
 */
const FUNCTIONS: readonly {
  name: string;
  file: string;
  init: string | null;
  firstEvent: { path: string } | null;
}[] = [
  {
    name: 'api',
    file: 'api.ts',
    init: 'm.createHandler(process.env)',
    firstEvent: { path: '/v1/grants/g-1' },
  },
  { name: 'admin', file: 'admin.ts', init: 'm.createHandler(process.env)', firstEvent: { path: '/v1/city' } },
  { name: 'tick', file: 'tick.ts', init: null, firstEvent: null },
  { name: 'exports', file: 'exports.ts', init: 'm.createExportsApp(process.env)', firstEvent: null },
  { name: 'anchor', file: 'anchor.ts', init: 'm.createAnchorHandler(process.env)', firstEvent: null },
];

/** The child's statements that answer `path` (GET, no token) with the loaded module's handler, as API Gateway calls it. */
function answerOf(path: string): string {
  const event = lambdaEvent('GET', path, { 'user-agent': 'bench' });
  return `const answer = await m.handler(${JSON.stringify(event)}, {});
if (answer.statusCode !== 401) throw new Error('first answer: HTTP ' + answer.statusCode);`;
}

/** Environment of a deployed function, enough to build its handler (no call leaves the process). */
const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_NAME: 'passerelle-bench',
  COGNITO_USER_POOL_ID: 'eu-west-1_bench',
  COGNITO_CLIENT_ID: 'bench',
  DOCUMENTS_BUCKET: 'passerelle-bench-documents',
  ANCHOR_BUCKET: 'passerelle-bench-anchors',
  NODE_NO_WARNINGS: '1',
};

/** Bytes a cold start parses by npm package (or by folder of our code), largest first. */
function largestParts(meta: Metafile, top = 5): { name: string; bytes: number }[] {
  const parts = new Map<string, number>();
  const index = Object.keys(meta.outputs).find((file) => file.endsWith('index.mjs'));
  for (const file of loadedOutputs(meta, index)) {
    for (const [path, input] of Object.entries(meta.outputs[file]?.inputs ?? {})) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      // Zod's 40-odd message locales are shown apart: they are most of zod's weight and none is used.
      const name =
        pkg === 'zod' && path.includes('/locales/')
          ? 'zod locales'
          : (pkg ?? path.split('/').slice(0, 3).join('/'));
      parts.set(name, (parts.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...parts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, bytes]) => ({ name, bytes }));
}

/**
 * What Lambda's Node.js runtime has done in the process before it imports the function's module, as the
 * Runtime Interface Client's source shows it (aws/aws-lambda-nodejs-runtime-interface-client 3.3.0): its
 * bootstrap is itself an ES module (bin/index.mjs imports dist/index.mjs), so the loader of ES modules has
 * started; its `run()` builds the `RAPIDClient`, which `require('http')`s, before `UserFunction.load` does
 * `await import(handler)`. A file that imports node:http, imported first, leaves the process so: neither
 * cost is the function's, though a bare `node` charges both to the first file it imports (about 7 ms each
 * here).
 */
const RUNTIME_STARTED = "import 'node:http';\n";

function timeInFreshNode(bundle: string, init: string | null, afterRuntime: string | null): number {
  const script = [
    afterRuntime ? `await import(${JSON.stringify(pathToFileURL(afterRuntime).href)});` : '',
    `const t0 = performance.now();`,
    `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
    init ? `${init};` : '',
    // After the function's own log lines (a request's is on stdout, as in Lambda).
    `process.stdout.write('\\n' + String(performance.now() - t0));`,
  ].join('\n');
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`loading ${bundle} failed: ${out.stderr}`);
  return Number(out.stdout.split('\n').pop());
}

export async function measureBundles(loads: number): Promise<Record<string, BundleResult>> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bundles-'));
  try {
    // Exactly what is deployed: infra/bundling.ts, as infra/constructs/functions.ts runs it.
    const built = [];
    for (const f of FUNCTIONS) {
      built.push({ f, ...(await bundleLambda(join('functions/src/lambda', f.file), join(dir, f.name))) });
    }
    // The loads in turns, one of each function a turn: a slow spell of this shared machine falls on
    // every function alike rather than on whichever was measured then.
    const runtime = join(dir, 'runtime-started.mjs');
    writeFileSync(runtime, RUNTIME_STARTED);
    const load = built.map((): number[] => []);
    const bare = built.map((): number[] => []);
    const init = built.map((): number[] => []);
    const first = built.map((): number[] => []);
    for (let i = 0; i < loads; i++) {
      for (const [k, b] of built.entries()) {
        load[k]?.push(timeInFreshNode(b.file, null, runtime));
        bare[k]?.push(timeInFreshNode(b.file, null, null));
        if (b.f.init) init[k]?.push(timeInFreshNode(b.file, b.f.init, runtime));
        if (b.f.firstEvent) first[k]?.push(timeInFreshNode(b.file, answerOf(b.f.firstEvent.path), runtime));
      }
    }
    const out: Record<string, BundleResult> = {};
    for (const [k, b] of built.entries()) {
      const loaded = load[k] ?? [];
      const loadMsMedian = round(median(loaded), 1);
      out[b.f.name] = {
        bytes: b.bytes,
        gzipBytes: gzipSync(readFileSync(b.file), { level: 9 }).length,
        loadMsMedian,
        loadMsMin: round(Math.min(...loaded), 1),
        bareLoadMsMedian: round(median(bare[k] ?? []), 1),
        initMsMedian: b.f.init ? round(median(init[k] ?? []), 1) : null,
        firstAnswerMsMedian: b.f.firstEvent ? round(median(first[k] ?? []), 1) : null,
        passSize: b.bytes <= BUNDLE_TARGET_BYTES,
        passLoad: loadMsMedian <= LOAD_TARGET_MS,
        largest: largestParts(b.metafile),
      };
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
