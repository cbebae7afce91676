/**
 * What the site's Content-Security-Policy must allow besides its own files: the hashes of the page's
 * inline scripts (the boot script, web/vite.config.ts), which the build writes to `csp.json` beside the
 * page. Read by the servers of the page: `npm start`'s (functions/src/local/) and CloudFront's
 * (infra/constructs/web.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CSP_FILE = 'csp.json';

const HASH = /^'sha256-[A-Za-z0-9+/]+={0,2}'$/;

/** The text of `csp.json` for these inline scripts' hashes (`'sha256-…'`). */
export const cspFileText = (scriptSrc: readonly string[]) => `${JSON.stringify({ scriptSrc }, null, 2)}\n`;

/** The inline scripts' hashes of a built web front end; none when it is not built. */
export function inlineScripts(webDir: string): string[] {
  const file = join(webDir, CSP_FILE);
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const list =
    parsed && typeof parsed === 'object' && 'scriptSrc' in parsed && Array.isArray(parsed.scriptSrc)
      ? parsed.scriptSrc
      : [];
  return list.filter((h): h is string => typeof h === 'string' && HASH.test(h));
}
