/**
 * Bad input: random and malformed paths, queries, cursors, headers, tokens and bodies sent to every route
 * (property-based, with fast-check) never get a 5xx, and every error is problem+json without internals.
 * Then the named cases: oversized bodies, deep nesting, invalid UTF-8, wrong content types and
 * prototype-pollution keys.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from '#http/app';
import { ROUTE_RULES } from '#http/policy';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '../../support/harness.ts';
import { recordFigures, tally } from './figures.ts';

/** Runs per route of the main property; FUZZ_RUNS=500 for a longer soak. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const FIGURES = 'bad-input';

interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly template: string;
}

/** Every route of the app: the rules table (every signed-in route) and the routes outside it. */
const ROUTES: Route[] = [
  ...Object.keys(ROUTE_RULES).map((k) => {
    const [method, template] = k.split(' ') as [Route['method'], string];
    return { method, template };
  }),
  { method: 'GET', template: '/v1/public/cities/{cityId}/register' },
  { method: 'GET', template: '/v1/public/cities/{cityId}/grants.360giving.json' },
  { method: 'GET', template: '/v1/public/cities/{cityId}/grants.360giving.csv' },
  { method: 'GET', template: '/health' },
  { method: 'GET', template: '/auth/config' },
  { method: 'GET', template: '/auth/dev-users' },
  { method: 'POST', template: '/auth/dev-login' },
  { method: 'GET', template: '/openapi.json' },
  { method: 'GET', template: '/docs' },
  { method: 'GET', template: '/{anything}' }, // the web front end's pages (when web/dist is built)
  { method: 'GET', template: '/v1/{anything}' },
  { method: 'POST', template: '/v1/{anything}/{else}' },
];

const STACK_OR_INTERNALS =
  /\bat\s+\S+\s+\(|node_modules|\/functions\/src\/|\.ts:\d+|TypeError|ReferenceError|Exception\b/;

const statuses: number[] = [];
let cases = 0;

/** The contract every answer keeps, whatever was sent. */
async function assessAnswer(res: Response): Promise<void> {
  const text = await res.text();
  statuses.push(res.status);
  cases++;
  if (res.status >= 500) throw new Error(`${res.status}: ${text.slice(0, 300)}`);
  if (res.status >= 400) {
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('application/problem+json'))
      throw new Error(`${res.status} as ${type}: ${text.slice(0, 200)}`);
    const problem = JSON.parse(text) as { status: number; type: string; title: string };
    if (
      problem.status !== res.status ||
      typeof problem.type !== 'string' ||
      typeof problem.title !== 'string'
    )
      throw new Error(`not a problem: ${text.slice(0, 200)}`);
  }
  if (STACK_OR_INTERNALS.test(text) && !res.headers.get('content-type')?.includes('csv'))
    throw new Error(`internals in the answer: ${text.slice(0, 300)}`);
}

// ------------------------------------------------------------------ arbitraries

const printable = (max: number) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: max,
  });

const b64url = (s: string) => Buffer.from(s).toString('base64url');

const cursor = fc.oneof(
  fc.base64String({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => b64url(JSON.stringify(v))),
  fc
    .record(
      {
        PK: fc.string({ maxLength: 30 }),
        SK: fc.string({ maxLength: 30 }),
        GSI1PK: fc.constantFrom('ORG#horizons-sfax', 'ORG#amal-sfax', 'ORG#acoge-malaga'),
        GSI1SK: fc.constantFrom('GRANT#', 'GRANT#~', 'MILESTONE#'),
        GSI3PK: fc.constantFrom('CITY#malaga#GRANT', 'CITY#sfax#GRANT'),
        GSI3SK: fc.string({ maxLength: 30 }),
      },
      { requiredKeys: [] },
    )
    .map((k) => b64url(JSON.stringify(k))),
  printable(300),
);

const queryValue = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.integer().map(String),
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1',
    '101',
    '1e3',
    'NaN',
    'draft',
    'approved',
    'fast',
    '2027-01-01',
    '9999-99-99',
  ),
  cursor,
);

const query = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('cursor', 'state', 'limit', 'track', 'due_before', '__proto__', 'constructor'),
        fc.string({ maxLength: 10 }),
      ),
      queryValue,
    ),
    { maxLength: 4 },
  )
  .chain((pairs) =>
    fc.oneof(
      fc.constant(new URLSearchParams(pairs).toString()),
      // raw, with malformed percent-encoding
      fc.constantFrom('cursor=%', 'limit=%zz', 'state=%E0%A4%A', 'cursor=%00%FF', 'a=1&&&=&limit'),
    ),
  );

const segment = (real: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '%',
        '%zz',
        '%E0%A4%A',
        '%00',
        '%2e%2e',
        '%2F',
        '%C0%AF',
        '%FF%FE',
        'a%2Fb',
        '..%2F..',
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 65, max: 3000 }).map((n) => 'x'.repeat(n)) },
  );

const contentType = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/merge-patch+json',
    'application/json; charset=iso-8859-1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    'application/jsonx',
    '*/*',
  ),
  { nil: undefined },
);

const PROTO = ['__proto__', 'constructor', 'prototype'] as const;

describe('bad input never breaks the API', () => {
  let sys: TestSystem;
  let tokens: string[];
  let ids: { grant: string; milestone: string; partnership: string };
  const eventTypes = [
    'submit',
    'withdraw',
    'start_review',
    'request_changes',
    'declare_no_conflict',
    'recommend',
    'approve',
    'reject',
    'accept_award',
    'record_due_diligence',
    'submit_report',
    'accept',
    'request_revision',
    'suspend',
    'terminate',
    'renew',
  ];

  beforeAll(async () => {
    sys = await startTestSystem();
    const users = [
      'cso@sfax.demo',
      'officer@sfax.demo',
      'mayor@sfax.demo',
      'funder@sfax.demo',
      'admin@sfax.demo',
    ];
    const clients: Client[] = await Promise.all(users.map((u) => sys.as(u)));
    tokens = clients.map((c) => c.token);
    const officer = clients[1] as Client;
    const grant = (await officer.get('/v1/grants?state=active')).body.items[0];
    const milestone = (await officer.get('/v1/milestones')).body.items[0];
    const partnership = (await officer.get('/v1/partnerships?state=active')).body.items[0];
    ids = { grant: grant.id, milestone: milestone.id, partnership: partnership.id };
  });
  afterAll(async () => {
    await sys?.close();
    recordFigures(FIGURES, 'property', {
      runsPerRoute: RUNS,
      routes: ROUTES.length,
      requests: cases,
      statuses: tally(statuses),
    });
  });

  const authorization = () =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...tokens).map((t) => `Bearer ${t}`) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: printable(80).map((t) => `Bearer ${t}`) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.jsonValue({ maxDepth: 2 }),
            fc.jsonValue({ maxDepth: 2 }),
            fc.base64String({ maxLength: 60 }),
          )
          .map(([h, p, s]) => `Bearer ${b64url(JSON.stringify(h))}.${b64url(JSON.stringify(p))}.${s}`),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('Basic YWxhZGRpbjpvcGVu', 'Bearer', 'bearer x.y.z', 'Bearer  '),
      },
    );

  const body = () =>
    fc.oneof(
      { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
      {
        weight: 3,
        arbitrary: fc
          .record(
            {
              type: fc.constantFrom(...eventTypes),
              comment: fc.string({ maxLength: 40 }),
              recommendation: fc.constantFrom('approve', 'reject', 'maybe'),
              award: fc.jsonValue({ maxDepth: 3 }),
              report: fc.jsonValue({ maxDepth: 3 }),
              startDate: fc.string({ maxLength: 12 }),
              checks: fc.jsonValue({ maxDepth: 2 }),
            },
            { requiredKeys: ['type'] },
          )
          .map((v) => JSON.stringify(v)),
      },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom(...Object.keys(fastApplication())), fc.jsonValue({ maxDepth: 2 }))
          .map(([k, v]) => JSON.stringify({ ...fastApplication(), [k]: v })),
      },
      { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...PROTO), fc.jsonValue({ maxDepth: 2 }), fc.boolean())
          .map(([k, v, nested]) =>
            nested
              ? `{"type":"submit","award":{"${k}":${JSON.stringify(v)}}}`
              : `{"${k}":${JSON.stringify(v)},"type":"submit"}`,
          ),
      },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 1, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
      },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );

  it(`answers ${RUNS} random requests per route with no 5xx, and every error as problem+json`, async () => {
    for (const route of ROUTES) {
      const real: Record<string, string[]> = {
        id: [ids.grant, ids.milestone, ids.partnership, 'amal-sfax', 'fondation-sud', 'g_doesnotexist'],
        entityType: ['grant', 'milestone', 'partnership', 'organisation', 'GRANT'],
        trancheId: ['t1', 'tranche-1'],
        cityId: ['sfax', 'malaga', 'nowhere'],
        anything: ['grants', 'me', 'x'],
        else: ['events', 'y'],
      };
      const params = [...route.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...params.map((p) => segment(real[p] ?? ['x']))),
          query,
          authorization(),
          route.method === 'GET' ? fc.constant(undefined) : body(),
          contentType,
          fc.option(fc.oneof(fc.constantFrom('*', '"1"', 'W/"2"', '"0", "1"', '""'), printable(40)), {
            nil: undefined,
          }),
          fc.option(printable(220), { nil: undefined }),
          async (values, q, auth, payload, type, ifMatch, idemKey) => {
            let i = 0;
            const path = route.template.replace(/\{\w+\}/g, () => values[i++] as string);
            const headers: Record<string, string> = {};
            if (auth !== undefined) headers.authorization = auth;
            if (type !== undefined) headers['content-type'] = type;
            if (ifMatch !== undefined) headers['if-match'] = ifMatch;
            if (idemKey !== undefined) headers['idempotency-key'] = idemKey;
            const res = await fetch(`${sys.url}${path}${q ? `?${q}` : ''}`, {
              method: route.method,
              headers,
              ...(payload === undefined ? {} : { body: payload }),
            });
            await assessAnswer(res);
          },
        ),
        { numRuns: RUNS },
      );
    }
    expect(cases).toBeGreaterThanOrEqual(RUNS * ROUTES.length);
    // The routes include the PDF papers, each render a whole PDF.
  }, 120_000);

  it('answers random bytes (invalid UTF-8 among them) to every route that takes a body', async () => {
    const before = cases;
    const bodyRoutes = ROUTES.filter((r) => r.method !== 'GET');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyRoutes),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.constantFrom(...tokens),
        async (route, bytes, token) => {
          const path = route.template
            .replace('{id}', ids.grant)
            .replace('{trancheId}', 't1')
            .replace(/\{\w+\}/g, 'x');
          const res = await fetch(`${sys.url}${path}`, {
            method: route.method,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: bytes,
          });
          await assessAnswer(res);
        },
      ),
      { numRuns: RUNS * 5 },
    );
    recordFigures(FIGURES, 'randomBytes', { requests: cases - before });
  });

  it('refuses oversized bodies with 413, declared or streamed, and accepts one at the limit', async () => {
    // Prepare
    const cso = await sys.as('cso@sfax.demo');
    const over = JSON.stringify({ ...fastApplication(), summary: 'x'.repeat(MAX_BODY_BYTES) });
    const justUnder = JSON.stringify({ ...fastApplication(), summary: '' });
    const padded = justUnder.replace(
      '"summary":""',
      `"summary":"${'y'.repeat(MAX_BODY_BYTES - justUnder.length)}"`,
    );
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(10_000)));
        controller.close();
      },
    });
    // Act
    const declared = await cso.post('/v1/grants', over);
    const streamed = await fetch(`${sys.url}/v1/grants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cso.token}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const atLimit = await cso.post('/v1/grants', padded);
    // Assess
    expect(Buffer.byteLength(padded)).toBe(MAX_BODY_BYTES);
    for (const res of [declared, { status: streamed.status, headers: streamed.headers }]) {
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    // the rest of a refused stream is not read: the connection is not reused
    expect(streamed.headers.get('connection')).toBe('close');
    // at the limit it is read and judged on its content: the summary is too long for the schema
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.errors.map((e: { path: string }) => e.path)).toContain('summary');
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels, quickly, at any depth`, async () => {
    const cso = await sys.as('cso@sfax.demo');
    // arrays: two bytes a level, so that 100,000 levels still fit in the size limit
    const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const results: Record<string, number> = {};
    for (const depth of [MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, 10_000, 100_000]) {
      const started = performance.now();
      const res = await cso.post('/v1/grants', `{"title":${nest(depth - 1)}}`);
      results[depth] = Math.round(performance.now() - started);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      if (depth > MAX_JSON_DEPTH) expect(res.body.detail).toContain(`${MAX_JSON_DEPTH} levels`);
      else expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('title');
      expect(results[depth]).toBeLessThan(1_000);
    }
    recordFigures(FIGURES, 'depthMs', results);
  });

  it('refuses a body that is not valid UTF-8 (400), rather than storing replacement characters', async () => {
    const cso = await sys.as('cso@sfax.demo');
    const json = new TextEncoder().encode(JSON.stringify(fastApplication({ title: 'Caf\u00e9 X' })));
    const at = json.indexOf(0xc3);
    const broken = new Uint8Array([...json.slice(0, at), 0xff, 0xfe, ...json.slice(at + 2)]);
    const res = await fetch(`${sys.url}/v1/grants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cso.token}`, 'content-type': 'application/json' },
      body: broken,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain('UTF-8');
  });

  it('refuses prototype-pollution keys anywhere in a body and leaves every prototype untouched', async () => {
    // Prepare
    const cso = await sys.as('cso@sfax.demo');
    const mayor = await sys.as('mayor@sfax.demo');
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const app = JSON.stringify(fastApplication());
    const payloads = [
      `{"__proto__":{"polluted":true},${app.slice(1)}`,
      `{"constructor":{"prototype":{"polluted":true}},${app.slice(1)}`,
      app.replace('"indicators":[{', '"indicators":[{"__proto__":{"polluted":true},'),
      app.replace('"amountRequested":{', '"amountRequested":{"__proto__":{"amount":1},'),
    ];
    // Act
    const answers = await Promise.all(payloads.map((p) => cso.post('/v1/grants', p)));
    const event = await mayor.event(`/v1/grants/${ids.grant}`, {
      type: 'approve',
      award: JSON.parse('{"__proto__":{"amount":{"amount":1,"currency":"TND"}}}'),
    });
    const patch = await cso.patch('/v1/organisations/amal-sfax', '{"prototype":{"x":1},"description":"d"}');
    // Assess
    for (const res of [...answers, event, patch]) {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(answers[0]?.body.errors[0].path).toBe('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    const org = await cso.get('/v1/organisations/amal-sfax');
    expect(org.body.x).toBeUndefined();
    recordFigures(FIGURES, 'prototypeKeys', { payloads: payloads.length + 2, statuses: [400] });
  });
});
