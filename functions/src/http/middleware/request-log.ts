/**
 * One id per request, in the X-Request-Id header and in the request's log line: method, route pattern,
 * status, duration. Never a token, a header value, a body or personal data.
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { LogSink } from '../problem.ts';

/**
 * The route pattern a request was for (`/v1/grants/:id`), never its path, so that ids stay out of the
 * log: the last route (not middleware) it matched without a wildcard, else the catch-all that served it.
 */
export function routeOf(c: Context): string {
  const handlers = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  const specific = handlers.filter((r) => !r.path.includes('*'));
  return (specific.at(-1) ?? handlers.at(-1))?.path ?? '(none)';
}

/** The level of a request's log line: a 503 is the store's outage, logged once as a warning elsewhere. */
export const levelOf = (status: number) =>
  status >= 500 && status !== 503 ? 'error' : status === 503 ? 'warn' : 'info';

interface LambdaEnv {
  lambdaContext?: { awsRequestId?: string };
  requestContext?: { requestId?: string };
}

export function requestLog(
  log: LogSink,
): MiddlewareHandler<{ Bindings: LambdaEnv | undefined; Variables: { requestId: string } }> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = c.env?.lambdaContext?.awsRequestId ?? c.env?.requestContext?.requestId ?? randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    const status = c.res.status;
    log({
      level: levelOf(status),
      msg: 'request',
      requestId,
      method: c.req.method,
      route: routeOf(c),
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
