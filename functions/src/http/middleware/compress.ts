/**
 * Text answers compressed for the client: brotli when it accepts it, else gzip, else as they are.
 * Deployed, CloudFront compresses only the behaviours it caches (the public register and the web files),
 * not the API's (its cache policy is CachingDisabled), so the app compresses its own answers; locally the
 * same middleware serves the web files too. An answer already encoded (a precompressed file), not text,
 * or under a kilobyte goes as it is; a streamed download is gzipped as it streams.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

/** Below this, the headers and the round trip cost more than compression saves. */
const THRESHOLD_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

/** The encoding to use for an Accept-Encoding header: brotli first, a `q=0` refusal respected. */
export function chooseEncoding(accept: string | undefined): Encoding | undefined {
  if (!accept) return undefined;
  const offered = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name.trim(), q ? Number(q.slice(2)) : 1);
  }
  const accepts = (e: string) => (offered.get(e) ?? offered.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return undefined;
}

export function encode(body: Uint8Array, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, {
        params: {
          // Quality 5 compresses JSON about as well as gzip -9, several times faster than brotli's 11.
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
        },
      })
    : gzipSync(body, { level: 6 });
}

/** Answers without a body (204, 205, 304) and partial ones (206) go as they are. */
const AS_THEY_ARE = new Set([204, 205, 206, 304]);

export const compression: MiddlewareHandler = async (c, next) => {
  await next();
  const res = c.res;
  const type = res.headers.get('Content-Type');
  // `res.body` is read only once the answer is to be compressed: on the Node.js server, reading it turns
  // the server's lightweight answer into a web stream that is then read back chunk by chunk (a few
  // hundred microseconds of CPU on every request that is not compressed).
  if (
    c.req.method === 'HEAD' ||
    AS_THEY_ARE.has(res.status) ||
    res.headers.has('Content-Encoding') ||
    !type ||
    !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) ||
    /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '')
  )
    return;
  const length = Number(res.headers.get('Content-Length') ?? Number.NaN);
  if (length < THRESHOLD_BYTES) return;
  const vary = res.headers.get('Vary');
  const varied = vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding';
  const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
  if (!encoding) {
    res.headers.set('Vary', varied);
    return;
  }
  if (!res.body) return;
  const headers = new Headers(res.headers);
  headers.set('Vary', varied);
  if (res.headers.get('Content-Disposition')?.startsWith('attachment')) {
    // A download is streamed (a city's whole history as CSV): compressed as it goes, never held whole.
    headers.set('Content-Encoding', 'gzip');
    headers.delete('Content-Length');
    const streamed = res.body.pipeThrough(new CompressionStream('gzip'));
    c.res = new Response(streamed, { status: res.status, statusText: res.statusText, headers });
    return;
  }
  const body = new Uint8Array(await res.arrayBuffer());
  if (body.byteLength < THRESHOLD_BYTES) {
    c.res = new Response(body, { status: res.status, statusText: res.statusText, headers });
    return;
  }
  const encoded = encode(body, encoding);
  headers.set('Content-Encoding', encoding);
  headers.set('Content-Length', String(encoded.byteLength));
  // The ETag is kept as it is: it names the record's version (If-Match compares it), not the bytes.
  c.res = new Response(new Uint8Array(encoded), { status: res.status, statusText: res.statusText, headers });
};
