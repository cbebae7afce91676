/**
 * Every request body is JSON: at most MAX_BODY_BYTES, of a JSON media type, valid UTF-8, nested at most
 * MAX_JSON_DEPTH deep, and without keys that could reach an object's prototype. Checked once here, so no
 * route can forget it; the route's validator then reads the same body (Hono keeps the bytes read).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, badRequest } from '../problem.ts';

export const MAX_BODY_BYTES = 256 * 1024;
/** How deeply a JSON body may nest objects and arrays; the v1 bodies need 4. */
export const MAX_JSON_DEPTH = 32;
/** Keys that could reach an object's prototype in code that merges objects: refused in any body. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

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

/** Refuses a JSON text that is invalid or has keys that name a prototype; the first such key is reported. */
export function checkJsonText(text: string): void {
  let refused: string | undefined;
  try {
    JSON.parse(text, function (this: unknown, key: string, v: unknown) {
      if (PROTOTYPE_KEYS.has(key) && this !== null && typeof this === 'object' && !Array.isArray(this))
        refused ??= key;
      return v;
    });
  } catch {
    throw badRequest('The body is not valid JSON.');
  }
  if (refused !== undefined) {
    throw badRequest(`The field name "${refused}" is not allowed.`, [
      { path: refused, message: 'This field name is not allowed.', code: 'not_allowed' },
    ]);
  }
}

/** A declared Content-Length over the limit: refused before the body is read. */
const declaredLength: MiddlewareHandler = async (c, next) => {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) {
    // Read what was sent (up to a bound) so that the client is still listening when the 413 comes.
    if (declared <= 16 * MAX_BODY_BYTES) await c.req.raw.arrayBuffer().catch(() => undefined);
    throw tooLarge(c);
  }
  await next();
};

/** A streamed body (no Content-Length) over the limit. */
const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => {
    throw tooLarge(c);
  },
});
// A GET or HEAD has no body to count, and asking the Node.js server for it builds a whole fetch Request
// (with its AbortController) on every read: skipped for them.
const streamedLength: MiddlewareHandler = (c, next) =>
  c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next);

const jsonOnly: MiddlewareHandler = async (c, next) => {
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
  checkJsonText(text);
  await next();
};

/** The body checks, in order. */
export const jsonBody: readonly MiddlewareHandler[] = [declaredLength, streamedLength, jsonOnly];
