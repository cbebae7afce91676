/**
 * The browser's stand-in for `@hono/zod-openapi`, put in its place by an alias of the web build
 * (web/vite.config.ts). The API's request schemas (functions/src/http/schemas.ts) import `z` from that
 * package and call `.openapi(…)` on them to describe the OpenAPI document; the browser only validates
 * forms with them, so here `z` is plain zod and `.openapi(…)` returns the schema unchanged. The OpenAPI
 * generator (and its dependencies) thus stays out of the browser's bundle.
 */
import { z } from 'zod';

const proto = z.ZodType.prototype as unknown as { openapi?: (this: unknown) => unknown };
if (typeof proto.openapi !== 'function') {
  proto.openapi = function openapi(this: unknown) {
    return this;
  };
}

export { z };
