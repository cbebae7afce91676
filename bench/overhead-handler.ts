/**
 * Child process of the overhead section: the api function as deployed, with no HTTP server in it. It loads
 * the function's bundle (infra/bundling.ts, what is deployed) or, without one, its source, builds the handler
 * as Lambda does (`createHandler` of functions/src/lambda/api.ts: the same configuration, deps and app) on
 * the bench's table and local tokens, and calls it in-process with API Gateway (HTTP API, v2) events for
 * GET /v1/grants/{id} as the officer: `connections` requests in flight, each starting the next when answered,
 * for `seconds`. Like the API server (and a warm Lambda instance), it stays up between runs: it prints
 * `{ "ready": true }` once the handler is built, then runs each job written to its stdin and prints its results.
 *
 * Each event is parsed from JSON and each answer written to JSON, as Lambda's runtime does around a call;
 * the runtime's own HTTP calls to its API (one to fetch the event, one to post the answer) are not here.
 * The request log lines are built as deployed, then dropped (as overhead-server.ts drops them).
 * This child runs under tsx (its own source is TypeScript), whose loader hook makes every `import()` cost
 * about 330 µs even of a module already loaded (5 µs in plain Node): the bundle keeps each module it loads
 * on demand (#runtime/on-demand, infra/lazy-services.ts), so only first loads pay it, as in Lambda.
 *
 * Environment: BENCH_ENDPOINT, BENCH_TABLE, BENCH_SECRET (hex key of the local tokens).
 * Argument: JSON { ids, token, bundle? }. Jobs (one JSON line each): { connections, seconds }.
 */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#http/auth';
import { ownCpuMs } from './support/cpu.ts';

interface Setup {
  /** Grant ids, asked in turn. */
  readonly ids: readonly string[];
  /** The officer's bearer token. */
  readonly token: string;
  /** The built index.mjs of the api function; the source when left out. */
  readonly bundle?: string;
}

export interface HandlerJob {
  readonly connections: number;
  readonly seconds: number;
}

export interface HandlerResult {
  /** Answers 200 with the grant asked for. */
  readonly requests: number;
  /** Other answers, by status (`200, not the grant`: another body), and thrown errors (`error`). */
  readonly failures: Record<string, number>;
  readonly seconds: number;
  readonly latenciesMs: number[];
  /** CPU this process used over the run (user + system), in milliseconds. */
  readonly cpuMs: number;
}

interface LambdaResult {
  readonly statusCode: number;
  readonly body: string;
}
type Handler = (event: unknown, context: unknown) => Promise<LambdaResult>;

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
};

/** The event of GET `path`, as API Gateway's HTTP API sends it (payload format 2.0), as JSON. */
function getEventJson(path: string, token: string, requestId: string): string {
  return JSON.stringify({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'api.example.org',
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      'user-agent': 'bench',
      'x-forwarded-for': '203.0.113.1',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'bench' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  });
}

/** The environment the api function is given (infra/stack.ts), on the bench's table. */
function deployedEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TABLE_NAME: env('BENCH_TABLE'),
    DYNAMODB_ENDPOINT: env('BENCH_ENDPOINT'),
    COGNITO_USER_POOL_ID: 'eu-west-1_bench',
    COGNITO_CLIENT_ID: 'web',
    AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1',
    DOCUMENTS_BUCKET: 'passerelle-documents-bench',
  };
}

async function loadHandler(job: Setup): Promise<Handler> {
  const module: { createHandler: (env: NodeJS.ProcessEnv, auth: unknown) => Handler } = await import(
    job.bundle ? pathToFileURL(job.bundle).href : '../functions/src/lambda/api.ts'
  );
  // The bench's tokens are signed with a local key; in Lambda the same verifier checks Cognito's.
  return module.createHandler(deployedEnv(), {
    mode: 'local',
    secret: Buffer.from(env('BENCH_SECRET'), 'hex'),
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
  });
}

let requestNo = 0;

async function run(handler: Handler, setup: Setup, job: HandlerJob): Promise<HandlerResult> {
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  const fail = (key: string) => {
    failures[key] = (failures[key] ?? 0) + 1;
  };
  let next = 0;
  const started = performance.now();
  const cpuAtStart = ownCpuMs();
  const until = started + job.seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const id = setup.ids[next++ % setup.ids.length] as string;
      const t = performance.now();
      try {
        const event = JSON.parse(getEventJson(`/v1/grants/${id}`, setup.token, `bench-${requestNo++}`));
        const result = await handler(event, {});
        const written = JSON.stringify(result);
        // The grant asked for, not any 200: its id is in the answer (a string search: no second parse).
        if (result.statusCode === 200 && written.includes(`\\"id\\":\\"${id}\\"`)) {
          latenciesMs.push(performance.now() - t);
        } else fail(result.statusCode === 200 ? '200, not the grant' : String(result.statusCode));
      } catch {
        fail('error');
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, () => worker()));
  return {
    requests: latenciesMs.length,
    failures,
    seconds: (performance.now() - started) / 1000,
    latenciesMs,
    cpuMs: ownCpuMs() - cpuAtStart,
  };
}

// The app's request log goes to stdout, where this process answers its parent: the lines are dropped.
const answer = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;
const say = (message: unknown) => answer(`${JSON.stringify(message)}\n`);

async function main(): Promise<void> {
  const setup = JSON.parse(process.argv[2] ?? '{}') as Setup;
  const handler = await loadHandler(setup);
  say({ ready: true });
  // One job at a time: the parent waits for each answer before it writes the next.
  for await (const line of createInterface({ input: process.stdin })) {
    say(await run(handler, setup, JSON.parse(line) as HandlerJob));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
process.once('SIGTERM', () => process.exit(0));
