/** Security headers on every answer, CORS for the web front end's origin, and no caching of signed-in answers. */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';

/**
 * `filesOrigin`: the store of files' origin (the local S3), where the web posts uploads and from which it
 * shows a record's images and PDFs; the deployed web's policy names the bucket (infra/constructs/web.ts).
 * `inlineScripts`: the hashes (`'sha256-…'`) of the web page's inline scripts, which the web's build
 * writes to `csp.json` (the boot script); no other inline script runs.
 */
export const securityHeadersFor = (filesOrigin?: string, inlineScripts: readonly string[] = []) =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...inlineScripts],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', ...(filesOrigin ? [filesOrigin] : [])],
      connectSrc: ["'self'", ...(filesOrigin ? [filesOrigin] : [])],
      frameSrc: ["'self'", ...(filesOrigin ? [filesOrigin] : [])],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      objectSrc: ["'none'"],
    },
    strictTransportSecurity: 'max-age=63072000; includeSubDomains',
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: 'same-origin',
    // A route that sets a stricter header of its own keeps it (the printable papers' CSP).
    overwrite: false,
  });
export const securityHeaders = securityHeadersFor();

/** Only the web front end's origin gets Access-Control-Allow-Origin; any other gets no CORS headers. */
export function webOriginCors(origin: string): MiddlewareHandler {
  const allowed = new URL(origin).origin;
  return cors({
    origin: (requested) => (requested === allowed ? allowed : null),
    allowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
    exposeHeaders: ['ETag', 'Location', 'Idempotent-Replayed', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
}

/** Signed-in answers (and tokens) are the user's own: no cache keeps them. Public ones set their own. */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.req.path.startsWith('/v1/public/') && !c.res.headers.has('Cache-Control'))
    c.res.headers.set('Cache-Control', 'no-store');
};
