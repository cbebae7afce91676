/**
 * The API's routes are served by three functions (api, admin, exports), each of which mounts only its own
 * groups (functions/src/http/mounts/), while CloudFront and API Gateway decide which function a request
 * reaches. This test holds the two together: every operation of the whole API reaches the one function that
 * answers it, with the sign-in its document promises, and no function mounts a route that goes elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '#http/app';
import type { AppOptions } from '#http/compose';
import { createAdminApp } from '#http/mounts/admin';
import { createApiApp } from '#http/mounts/api';
import { createDownloadsApp } from '#http/mounts/downloads';
import type { Deps } from '#services/deps';
import { ADMIN_ROUTES, PROTECTED_ROUTES, PUBLIC_ROUTES } from './constructs/api.ts';
import { API_PATHS, CACHED_PUBLIC_PATH, STREAMED_PATHS } from './constructs/web.ts';

type FunctionName = 'api' | 'admin' | 'exports';
interface Destination {
  readonly fn: FunctionName;
  /** Whether API Gateway checks a token before the function sees the request (the JWT authoriser). */
  readonly authorizer: boolean;
}

const OPTIONS: AppOptions = {
  deps: {} as Deps, // nothing here reads the store
  auth: { mode: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_split', clientId: 'split' },
  log: false,
};

/** A CloudFront path pattern (`*` any characters, `/` included) as a regular expression. */
const cloudFrontPattern = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

interface GatewayRoute {
  readonly method: string;
  readonly path: string;
  readonly fn: FunctionName;
  readonly authorizer: boolean;
}

const GATEWAY: readonly GatewayRoute[] = [
  ...PUBLIC_ROUTES.map((r) => ({ method: r.method, path: r.path, fn: 'api' as const, authorizer: false })),
  ...PROTECTED_ROUTES.map((r) => ({ method: r.method, path: r.path, fn: 'api' as const, authorizer: true })),
  ...ADMIN_ROUTES.map((r) => ({ method: r.method, path: r.path, fn: 'admin' as const, authorizer: !r.why })),
];

/**
 * How well a route's path matches `path`, as API Gateway (HTTP API) ranks them: undefined if it does not
 * match; else, segment by segment, a literal beats a `{variable}`, which beats a greedy `{proxy+}`.
 */
function rank(template: string, path: string): number[] | undefined {
  const want = template.split('/').slice(1);
  const got = path.split('/').slice(1);
  const ranks: number[] = [];
  for (const [i, part] of want.entries()) {
    if (part.endsWith('+}')) return got.length > i ? [...ranks, 1] : undefined;
    const segment = got[i];
    if (segment === undefined || segment === '') return undefined;
    if (/^\{\w+\}$/.test(part)) ranks.push(2);
    else if (part === segment) ranks.push(3);
    else return undefined;
  }
  return got.length === want.length ? [...ranks, 4] : undefined;
}

const better = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return false;
};

/** Where a browser's request to the distribution goes: the streamed downloads, the HTTP API's function, or nowhere of the API's. */
function destination(method: string, path: string): Destination | undefined {
  if (STREAMED_PATHS.some((p) => cloudFrontPattern(p).test(path)))
    return { fn: 'exports', authorizer: false };
  if (![CACHED_PUBLIC_PATH, ...API_PATHS].some((p) => cloudFrontPattern(p).test(path))) return undefined;
  let best: { route: GatewayRoute; rank: number[] } | undefined;
  for (const route of GATEWAY) {
    if (route.method !== method && route.method !== 'ANY') continue;
    const r = rank(route.path, path);
    if (!r) continue;
    // The same path: a route of the request's method beats ANY.
    const ranked = [...r, route.method === method ? 1 : 0];
    if (!best || better(ranked, best.rank)) best = { route, rank: ranked };
  }
  return best && { fn: best.route.fn, authorizer: best.route.authorizer };
}

/** `METHOD /path/:param` of every route an app mounts (its middleware left out). */
function mounted(app: { routes: readonly { method: string; path: string }[] }): Set<string> {
  return new Set(
    app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toUpperCase()} ${r.path}`),
  );
}

const FUNCTIONS: Record<FunctionName, Set<string>> = {
  api: mounted(createApiApp(OPTIONS)),
  admin: mounted(createAdminApp(OPTIONS)),
  exports: mounted(createDownloadsApp(OPTIONS)),
};

/** A path that a route's pattern matches: each `:param` a sample value. */
const samplePath = (pattern: string) => pattern.replace(/:\w+/g, 'x1');

describe('the API split into functions', () => {
  it('sends every operation of the API to the one function that mounts it, with the sign-in its document states', async () => {
    // Prepare: the whole API's document, as the local server and the web's typed client know it
    const document = (await (await createApp(OPTIONS).request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        open: Array.isArray(op.security) && op.security.length === 0,
        op,
      })),
    );
    expect(operations.length).toBeGreaterThan(50);
    for (const { key, open, op } of operations) {
      // Act
      const [method, pattern] = key.split(' ') as [string, string];
      const to = destination(method, samplePath(pattern));
      const mountedBy = (Object.keys(FUNCTIONS) as FunctionName[]).filter((fn) => FUNCTIONS[fn].has(key));
      // Assess
      expect(to, `${key} reaches no function`).toBeDefined();
      expect(mountedBy, `${key} (${op.operationId}) is mounted by`).toEqual([to?.fn]);
      // An open operation is not refused by the authoriser before its function sees it.
      if (open) expect(to?.authorizer, `${key} is open but behind the JWT authoriser`).toBe(false);
    }
  });

  it('mounts in each function only routes that CloudFront and API Gateway send to it (the local sign-in: nowhere)', () => {
    for (const [fn, routes] of Object.entries(FUNCTIONS)) {
      expect(routes.size, fn).toBeGreaterThan(0);
      for (const key of routes) {
        // Act
        const [method, pattern] = key.split(' ') as [string, string];
        const to = destination(method, samplePath(pattern));
        // Assess
        if (pattern.startsWith('/auth/dev-')) expect(to, key).toBeUndefined();
        else expect(to?.fn, `${key} of the ${fn} function goes to`).toBe(fn);
      }
    }
  });

  it('ranks routes as API Gateway does: a literal before a variable, before a greedy variable', () => {
    expect(destination('GET', '/v1/organisations/o1')).toEqual({ fn: 'api', authorizer: true });
    expect(destination('GET', '/v1/organisations/o1/record')).toEqual({ fn: 'admin', authorizer: true });
    expect(destination('PATCH', '/v1/organisations/o1/record')).toEqual({ fn: 'api', authorizer: true });
    expect(destination('GET', '/v1/public/cities/sfax/register')).toEqual({ fn: 'api', authorizer: false });
    expect(destination('POST', '/v1/public/cities/sfax/registrations')).toEqual({
      fn: 'admin',
      authorizer: false,
    });
    expect(destination('GET', '/v1/public/cities/sfax/grants.360giving.csv')?.fn).toBe('exports');
    expect(destination('GET', '/index.html')).toBeUndefined();
  });
});
