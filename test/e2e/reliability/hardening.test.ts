/**
 * HTTP hardening: security headers on pages and API, CORS for the configured web origin only, no stack
 * trace or internal message in any response, and structured logs without tokens, bodies or personal data.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#http/app';
import { createDeps } from '#services/deps';
import { Store } from '#store/store';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '../../support/harness.ts';
import { recordFigures } from './figures.ts';

const WEB = 'https://passerelle.example.org';

function expectSecurityHeaders(res: Response | { headers: Headers }, where: string) {
  const h = res.headers;
  const csp = h.get('content-security-policy') ?? '';
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).toContain("default-src 'self'");
  expect(csp, where).toContain("object-src 'none'");
  expect(h.get('strict-transport-security'), where).toMatch(/max-age=(\d{8,}|3\d{7}).*includeSubDomains/);
  expect(h.get('x-content-type-options'), where).toBe('nosniff');
  expect(h.get('referrer-policy'), where).toBe('strict-origin-when-cross-origin');
  expect(h.get('x-frame-options'), where).toBe('DENY');
}

describe('HTTP hardening', () => {
  let sys: TestSystem;
  let cso: Client;
  beforeAll(async () => {
    sys = await startTestSystem();
    cso = await sys.as('cso@sfax.demo');
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('sends the security headers on pages, API answers and errors alike', async () => {
    // Prepare
    const paths: [string, RequestInit?][] = [
      ['/health'],
      ['/docs'],
      ['/openapi.json'],
      ['/v1/me', { headers: { authorization: `Bearer ${cso.token}` } }],
      ['/v1/grants'], // 401
      ['/v1/nothing-here', { headers: { authorization: `Bearer ${cso.token}` } }], // 404
      ['/v1/public/cities/sfax/register'],
    ];
    if (existsSync('web/dist/index.html')) paths.push(['/'], ['/grants/some-page']);
    // Act
    const answers = await Promise.all(paths.map(([p, init]) => fetch(`${sys.url}${p}`, init)));
    // Assess
    answers.forEach((res, i) => {
      expectSecurityHeaders(res, paths[i]?.[0] ?? '');
    });
    expect(answers.map((r) => r.status)).toEqual(expect.arrayContaining([200, 401, 404]));
    recordFigures('hardening', 'securityHeaders', { paths: paths.map(([p]) => p) });
  });

  it('keeps signed-in answers and tokens out of caches', async () => {
    const me = await cso.get('/v1/me');
    const login = await fetch(`${sys.url}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cso@sfax.demo' }),
    });
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(login.headers.get('cache-control')).toBe('no-store');
  });

  it('answers CORS only for the configured web origin', async () => {
    // Prepare: the app as deployed, with WEB_ORIGIN set; and the local one, same origin, without
    const app = createApp({ deps: sys.deps, auth: sys.auth, webOrigin: WEB, log: false });
    const preflight = (origin: string) =>
      app.request('/v1/grants', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,idempotency-key',
        },
      });
    // Act
    const allowed = await preflight(WEB);
    const other = await preflight('https://evil.example');
    const read = await app.request('/v1/me', {
      headers: { origin: WEB, authorization: `Bearer ${cso.token}` },
    });
    const readOther = await app.request('/v1/me', {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${cso.token}` },
    });
    const local = await fetch(`${sys.url}/v1/me`, {
      headers: { origin: WEB, authorization: `Bearer ${cso.token}` },
    });
    // Assess
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(read.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(readOther.headers.get('access-control-allow-origin')).toBeNull();
    expect(local.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a body that is not JSON (415) and does not apply it', async () => {
    // Prepare: a draft
    const { body: draft } = await cso.post('/v1/grants', fastApplication({ title: 'Plain text test' }));
    // Act: the same edit as text/plain, as a form, and without a content type
    const asText = await cso.patch(`/v1/grants/${draft.id}`, JSON.stringify({ title: 'Changed' }), {
      'content-type': 'text/plain',
    });
    const asForm = await cso.patch(`/v1/grants/${draft.id}`, 'title=Changed', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    const bare = await fetch(`${sys.url}/v1/grants/${draft.id}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cso.token}` },
      body: new Blob(['{"type":"submit"}']),
    });
    // Assess
    for (const res of [asText, asForm, { status: bare.status, headers: bare.headers }]) {
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const after = await cso.get(`/v1/grants/${draft.id}`);
    expect(after.body).toMatchObject({ title: 'Plain text test', version: 1, state: 'draft' });
  });

  it('never shows a stack trace or an internal message; the log keeps them, with the request id', async () => {
    // Prepare: a store that fails with an internal error mentioning code and paths
    class BrokenStore extends Store {
      override async getCity(): Promise<never> {
        throw new TypeError(
          "Cannot read properties of undefined (reading 'secretField') in /var/task/store.js:12",
        );
      }
    }
    const lines: Record<string, unknown>[] = [];
    const app = createApp({
      deps: createDeps(new BrokenStore(sys.deps.store.db, sys.deps.store.tableName)),
      auth: sys.auth,
      log: (e) => lines.push(e),
    });
    // Act
    const health = await app.request('/health');
    const me = await app.request('/v1/me', { headers: { authorization: `Bearer ${cso.token}` } });
    // Assess: a plain 500 problem, nothing internal in it
    for (const res of [health, me]) {
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const text = await res.text();
      expect(text).not.toMatch(/secretField|TypeError|var\/task|store\.js|\bat\s+\S+\s+\(/);
      expect(JSON.parse(text)).toMatchObject({ status: 500, title: 'Something went wrong on our side.' });
    }
    const errors = lines.filter((l) => l.level === 'error' && l.msg === 'unhandled');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ error: 'TypeError', requestId: health.headers.get('x-request-id') });
    expect(String(errors[0]?.stack)).toContain('secretField');
  });

  it('logs one structured line per request, with the route pattern and never a token, body or e-mail', async () => {
    // Prepare
    const lines: string[] = [];
    const app = createApp({
      deps: sys.deps,
      auth: sys.auth,
      log: (e) => lines.push(JSON.stringify(e)),
      // a catch-all after the API, like the local server's static web files
      extra: (a) => a.get('*', (c) => c.text('page')),
    });
    const auth = { authorization: `Bearer ${cso.token}` };
    const secret = 'Families of Rue Habib Bourguiba 12, call Leila +216 55 555 555';
    // Act
    const created = await app.request('/v1/grants', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'log-test-key-1' },
      body: JSON.stringify(fastApplication({ need: secret })),
    });
    const id = ((await created.json()) as { id: string }).id;
    const read = await app.request(`/v1/grants/${id}`, { headers: auth });
    const denied = await app.request('/v1/grants', { headers: { authorization: 'Bearer not.a.token' } });
    const page = await app.request('/grants/some-page');
    const login = await app.request('/auth/dev-login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cso@sfax.demo' }),
    });
    // Assess
    const requests = lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'request');
    expect(requests).toHaveLength(5);
    expect(requests.map((r) => [r.method, r.route, r.status])).toEqual([
      ['POST', '/v1/grants', 201],
      ['GET', '/v1/grants/:id', 200],
      ['GET', '/v1/grants', 401],
      ['GET', '/*', 200],
      ['POST', '/auth/dev-login', 200],
    ]);
    expect(page.status).toBe(200);
    for (const r of requests) {
      expect(Object.keys(r).sort()).toEqual([
        'durationMs',
        'level',
        'method',
        'msg',
        'requestId',
        'route',
        'status',
      ]);
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(requests[1].requestId).toBe(read.headers.get('x-request-id'));
    expect(new Set(requests.map((r) => r.requestId)).size).toBe(5);
    const token = ((await login.json()) as { token: string }).token;
    const all = lines.join('\n');
    for (const leak of [cso.token, token, 'Bearer', secret, 'cso@sfax.demo', 'log-test-key-1', id]) {
      expect(all).not.toContain(leak);
    }
    expect(denied.status).toBe(401);
    recordFigures('hardening', 'logs', {
      requests: requests.length,
      fields: Object.keys(requests[0]).sort(),
    });
  });
});
