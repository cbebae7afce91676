/**
 * The Passerelle HTTP API: one Hono app, run by Lambda (functions/src/lambda/api.ts) and locally
 * (functions/src/local/main.ts). Handlers are thin: parse, authorise, call a service, return.
 */

import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { matchedRoutes } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import type { Deps } from '#services/deps';
import { devAuthRoutes } from './auth/routes.ts';
import { type AuthConfig, authenticate, cachedOrganisationCity, createVerifier } from './auth.ts';
import { docsPage } from './docs.ts';
import { router } from './env.ts';
import { exportRoutes } from './exports/routes.ts';
import { grantRoutes } from './grants/routes.ts';
import { milestoneRoutes } from './milestones/routes.ts';
import { miscRoutes } from './misc/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { partnershipRoutes } from './partnerships/routes.ts';
import { ApiError, badRequest, type LogSink, problemResponse } from './problem.ts';
import { publicRoutes } from './public/routes.ts';

export interface AppOptions {
  readonly deps: Deps;
  readonly auth: AuthConfig;
  /** Extra routes mounted before the 404 (the local server's static web files). */
  readonly extra?: (app: ReturnType<typeof router>) => void;
  /**
   * The web front end's origin (`https://…`): the one origin CORS lets call the API from a browser.
   * Default: the WEB_ORIGIN environment variable; unset, no CORS headers at all (same origin only).
   */
  readonly webOrigin?: string | undefined;
  /**
   * Where the structured log goes, one JSON object per line: one line per request (method, route
   * pattern, status, duration, request id) and one per unexpected error. Never a token, a header value,
   * a body or personal data. `false`: nowhere. Default: stdout, filtered by LOG_LEVEL (debug, info,
   * warn, error, silent; default info); under vitest only errors unless LOG_LEVEL is set.
   */
  readonly log?: LogSink | false;
}

export const MAX_BODY_BYTES = 256 * 1024;
/** How deeply a JSON body may nest objects and arrays; the v1 bodies need 4. */
export const MAX_JSON_DEPTH = 32;
/** Keys that could reach an object's prototype in code that merges objects: refused in any body. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

/** The default log sink: JSON lines on stdout at or above LOG_LEVEL. */
export function defaultLogSink(env: NodeJS.ProcessEnv = process.env): LogSink | undefined {
  const wanted = env.LOG_LEVEL?.toLowerCase();
  if (wanted === 'silent' || wanted === 'off' || wanted === 'none') return undefined;
  const min = wanted && wanted in LEVELS ? LEVELS[wanted as keyof typeof LEVELS] : env.VITEST ? 40 : 20;
  return (entry) => {
    const level = LEVELS[entry.level as keyof typeof LEVELS] ?? LEVELS.info;
    if (level < min) return;
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  };
}

/**
 * The deepest nesting of objects and arrays in a JSON text, counted without parsing it (no recursion,
 * so that a body of 100,000 `[` cannot exhaust the stack of anything that walks it later).
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* backslash: skip the escaped character */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      depth++;
      if (depth > max) max = depth;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) depth--;
  }
  return max;
}

/**
 * The route pattern a request was for (`/v1/grants/:id`), never its path, so that ids stay out of the
 * log: the last route (not middleware) it matched without a wildcard, else the catch-all that served it.
 */
function routeOf(c: Context): string {
  const handlers = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  const specific = handlers.filter((r) => !r.path.includes('*'));
  return (specific.at(-1) ?? handlers.at(-1))?.path ?? '(none)';
}

/**
 * 413. On the local Node.js server the rest of the body may be unread, so the connection is closed rather
 * than reused (behind API Gateway the gateway owns connections: nothing to do).
 */
function tooLarge(c: Context): ApiError {
  if ((c.env as { incoming?: unknown } | undefined)?.incoming) c.header('Connection', 'close');
  return new ApiError(
    413,
    'too-large',
    'The request is too large.',
    `Send at most ${MAX_BODY_BYTES / 1024} KB.`,
  );
}

/** Parses a JSON body, refusing keys that name a prototype; the path of the first one is reported. */
function parseJsonBody(text: string): unknown {
  let refused: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(text, function (this: unknown, key: string, v: unknown) {
      if (PROTOTYPE_KEYS.has(key) && this !== null && typeof this === 'object' && !Array.isArray(this))
        refused ??= key;
      return v;
    });
  } catch {
    throw badRequest('The body is not valid JSON.');
  }
  if (refused !== undefined) {
    throw badRequest(`The field name "${refused}" is not allowed.`, [
      { path: refused, message: 'This field name is not allowed.' },
    ]);
  }
  return value;
}

export function createApp({ deps, auth, extra, webOrigin, log: logOption }: AppOptions) {
  const app = router();
  const verify = createVerifier(auth);
  const organisationCity = cachedOrganisationCity((id) => deps.store.getOrganisation(id));
  const log: LogSink = logOption === false ? () => {} : (logOption ?? defaultLogSink() ?? (() => {}));

  // One id per request, in the X-Request-Id header and in the log line of the request.
  app.use('*', async (c, next) => {
    const started = performance.now();
    const env = c.env as
      | { lambdaContext?: { awsRequestId?: string }; requestContext?: { requestId?: string } }
      | undefined;
    const requestId = env?.lambdaContext?.awsRequestId ?? env?.requestContext?.requestId ?? randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    const status = c.res.status;
    log({
      // a 503 is the store's outage, logged once as a warning by problemResponse: not an error of ours
      level: status >= 500 && status !== 503 ? 'error' : status === 503 ? 'warn' : 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      route: routeOf(c),
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
      strictTransportSecurity: 'max-age=63072000; includeSubDomains',
      referrerPolicy: 'strict-origin-when-cross-origin',
      xFrameOptions: 'DENY',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );
  const origin = webOrigin ?? process.env.WEB_ORIGIN;
  if (origin) {
    // Only the web front end's origin gets Access-Control-Allow-Origin; any other gets no CORS headers.
    const allowed = new URL(origin).origin;
    const policy = cors({
      origin: (requested) => (requested === allowed ? allowed : null),
      allowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
      exposeHeaders: ['ETag', 'Location', 'Idempotent-Replayed', 'Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });
    app.use('/v1/*', policy);
    app.use('/auth/*', policy);
  }
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_BODY_BYTES) {
      // Read what was sent (up to a bound) so that the client is still listening when the 413 comes.
      if (declared <= 16 * MAX_BODY_BYTES) await c.req.raw.arrayBuffer().catch(() => undefined);
      throw tooLarge(c);
    }
    await next();
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        throw tooLarge(c);
      },
    }),
  );
  // Every request body is JSON: of a JSON media type, valid UTF-8, nested at most MAX_JSON_DEPTH deep,
  // and without prototype keys. Checked once here, so no route can forget it; the parsed body is cached
  // for the route's validator.
  app.use('*', async (c, next) => {
    if (!BODY_METHODS.has(c.req.method)) return next();
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) return next();
    if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge(c);
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new ApiError(
        415,
        'unsupported-media-type',
        'Send JSON.',
        'The body must be JSON, with the header Content-Type: application/json.',
      );
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw badRequest('The body is not valid UTF-8.');
    }
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      throw badRequest(`The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`);
    }
    const parsed = parseJsonBody(text);
    const cache = c.req.bodyCache as Record<string, unknown>;
    cache.text = Promise.resolve(text);
    cache.json = Promise.resolve(parsed);
    await next();
  });
  // Signed-in answers (and tokens) are the user's own: no cache keeps them.
  const noStore: Parameters<typeof app.use>[1] = async (c, next) => {
    await next();
    if (!c.req.path.startsWith('/v1/public/') && !c.res.headers.has('Cache-Control'))
      c.res.headers.set('Cache-Control', 'no-store');
  };
  app.use('/v1/*', noStore);
  app.use('/auth/*', noStore);

  app.get('/health', async (c) => {
    await deps.store.getCity('__health__');
    return c.json({ status: 'ok' });
  });
  app.get('/auth/config', (c) =>
    c.json(
      auth.mode === 'local'
        ? { mode: 'local' }
        : {
            mode: 'cognito',
            region: auth.region,
            userPoolId: auth.userPoolId,
            clientId: auth.clientId,
            domain: auth.domain,
          },
    ),
  );
  if (auth.mode === 'local') app.route('/', devAuthRoutes(auth, deps));

  app.use('/v1/*', async (c, next) => {
    if (c.req.path.startsWith('/v1/public/')) return next();
    return authenticate(verify, organisationCity)(c as never, next);
  });

  app.route('/', partnershipRoutes);
  app.route('/', grantRoutes);
  app.route('/', milestoneRoutes);
  app.route('/', miscRoutes);
  app.route('/', publicRoutes);
  app.route('/', exportRoutes);
  app.route('/', notificationRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const document = () =>
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Passerelle API',
        version: '1.0.0',
        description:
          'Partnership agreements, fast-track grants and reporting milestones between a city and its civil-society organisations.',
      },
      servers: [{ url: '/' }],
    });
  let cached: ReturnType<typeof document> | undefined;
  const openapi = () => {
    cached ??= document();
    return cached;
  };
  app.get('/openapi.json', (c) => c.json(openapi()));
  app.get('/docs', (c) => c.html(docsPage(openapi())));

  extra?.(app);
  app.notFound(() => {
    throw new ApiError(404, 'not-found', 'Not found.', 'There is nothing at this address.');
  });
  app.onError((err, c) => problemResponse(c, err, log));
  return app;
}

export type App = ReturnType<typeof createApp>;
