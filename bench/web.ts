/**
 * Section 6: the web front end's first load. `vite build` (the project's config) into a temporary folder,
 * so that web/dist is left alone; then, gzipped at level 9: the scripts and module preloads index.html
 * references, plus the message catalogue the start-up awaits before its first render (the largest of
 * en/fr/ar, as the build's own report counts it), and the style sheets. Lazy chunks are listed apart.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface WebResult {
  readonly jsGzipBytes: number;
  readonly cssGzipBytes: number;
  /** Chunks loaded only later (routes, validation), gzipped. */
  readonly lazyJsGzipBytes: number;
  /** The build's own first-load figure (web/vite.config.ts), as a cross-check. */
  readonly buildReportJsGzipBytes: number | null;
  readonly files: Record<string, number>;
  readonly pass: boolean;
}

export const WEB_JS_TARGET_BYTES = 60 * 1024;

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

export function measureWeb(): WebResult {
  const out = mkdtempSync(join(tmpdir(), 'passerelle-web-'));
  try {
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const built = spawnSync(
      npx,
      ['vite', 'build', '--config', 'web/vite.config.ts', '--outDir', out, '--emptyOutDir'],
      {
        encoding: 'utf8',
      },
    );
    if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}\n${built.stderr}`);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const refs = (pattern: RegExp) =>
      [...html.matchAll(pattern)].map((m) => (m[1] as string).replace(/^\//, ''));
    const scripts = [
      ...refs(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
      ...refs(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
    ];
    const styles = refs(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g);
    const assets = readdirSync(join(out, 'assets')).map((f) => `assets/${f}`);
    const catalogues = assets.filter((f) => /^assets\/(en|fr|ar)-[^/]+\.js$/.test(f));
    const largestCatalogue = catalogues.sort((a, b) => gz(join(out, b)) - gz(join(out, a)))[0];
    const first = [...new Set([...scripts, ...(largestCatalogue ? [largestCatalogue] : [])])];
    const files: Record<string, number> = {};
    for (const f of [...first, ...styles]) files[f.replace(/-[\w-]{8}\./, '.')] = gz(join(out, f));
    const jsGzipBytes = first.reduce((n, f) => n + gz(join(out, f)), 0);
    const lazy = assets.filter((f) => f.endsWith('.js') && !first.includes(f) && !catalogues.includes(f));
    const reportFile = join(out, 'build-report.json');
    const report = existsSync(reportFile)
      ? (JSON.parse(readFileSync(reportFile, 'utf8')) as { firstLoadJsGzipBytes?: number })
      : undefined;
    return {
      jsGzipBytes,
      cssGzipBytes: styles.reduce((n, f) => n + gz(join(out, f)), 0),
      lazyJsGzipBytes: lazy.reduce((n, f) => n + gz(join(out, f)), 0),
      buildReportJsGzipBytes: report?.firstLoadJsGzipBytes ?? null,
      files,
      pass: jsGzipBytes <= WEB_JS_TARGET_BYTES,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
