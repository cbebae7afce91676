/**
 * The built web front end (web/dist) for `npm start`: its files as they are, and `index.html` for the
 * client's own routes (`/grants/…`), so that a page can be reloaded. The API's addresses are never
 * answered from here, nor is a path that does not decode (it gets the API's 404 problem).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';

/** Hashed file names under assets/ never change; everything else is checked again at each load. */
const cacheControl = (webDir: string, file: string) =>
  relative(webDir, file).startsWith('assets') ? 'public, max-age=31536000, immutable' : 'no-cache';

const decodes = (path: string) => {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
};

export function webFiles(webDir: string): MiddlewareHandler {
  const index = join(webDir, 'index.html');
  // The file each request was answered with, for its Cache-Control (set once the response exists).
  const served = new WeakMap<object, string>();
  const onFound = (file: string, c: { req: object }) => {
    served.set(c.req, file);
  };
  // serveStatic refuses `..`, repeated slashes, backslashes and percent signs: those fall through. The
  // build writes each text file also brotli- and gzip-compressed (`.br`, `.gz`): those are sent to a
  // browser that accepts them, so nothing is compressed again at each request.
  const files = serveStatic({ root: webDir, onFound, precompressed: true });
  const indexFile = serveStatic({ path: index, onFound, precompressed: true });
  return async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/v1/') || path.startsWith('/auth/') || !existsSync(index)) return next();
    let missing = false;
    const fellThrough = async () => {
      missing = true;
    };
    let res = await files(c, fellThrough);
    if (missing) {
      if (!decodes(path)) return next();
      missing = false;
      res = await indexFile(c, fellThrough);
      if (missing) return next();
    }
    const file = served.get(c.req);
    if (file && res instanceof Response) res.headers.set('Cache-Control', cacheControl(webDir, file));
    return res;
  };
}
