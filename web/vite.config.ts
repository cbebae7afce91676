/**
 * The web front end: a Preact single-page app built to static files (web/dist) for S3 and CloudFront,
 * and served at `/` by `npm start`. The build reports its first-load JavaScript, gzipped, and fails
 * above the 60 KB budget.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
export const FIRST_LOAD_BUDGET_BYTES = 60 * 1024;

/** Sums the gzipped size of the entry chunk, its static imports and the CSS the page loads first. */
function firstLoadReport(): Plugin {
  return {
    name: 'first-load-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const chunk = bundle[file];
        if (chunk?.type === 'chunk') for (const imported of chunk.imports) visit(imported);
      };
      for (const [file, out] of Object.entries(bundle)) if (out.type === 'chunk' && out.isEntry) visit(file);
      // The start-up also loads one message catalogue (a dynamic import awaited before the first render):
      // count the largest of them.
      const catalogues = Object.entries(bundle).filter(
        ([, out]) => out.type === 'chunk' && /[\\/]i18n[\\/](en|fr|ar)\.ts$/.test(out.facadeModuleId ?? ''),
      );
      const largest = catalogues
        .map(
          ([file, out]) =>
            [file, out.type === 'chunk' ? gzipSync(out.code, { level: 9 }).length : 0] as const,
        )
        .sort((a, b) => b[1] - a[1])[0];
      if (largest) seen.add(largest[0]);
      let js = 0;
      const files: Record<string, number> = {};
      for (const file of seen) {
        const out = bundle[file];
        if (out?.type !== 'chunk') continue;
        const size = gzipSync(out.code, { level: 9 }).length;
        files[file] = size;
        js += size;
      }
      const report = { firstLoadJsGzipBytes: js, budgetBytes: FIRST_LOAD_BUDGET_BYTES, files };
      this.emitFile({
        type: 'asset',
        fileName: 'build-report.json',
        source: `${JSON.stringify(report, null, 2)}\n`,
      });
      const kb = (js / 1024).toFixed(1);
      this.info(`first-load JavaScript: ${kb} KB gzipped (budget ${FIRST_LOAD_BUDGET_BYTES / 1024} KB)`);
      process.stdout.write(
        `\nfirst-load JavaScript: ${kb} KB gzipped (budget ${FIRST_LOAD_BUDGET_BYTES / 1024} KB)\n`,
      );
      if (js > FIRST_LOAD_BUDGET_BYTES)
        this.error(`first-load JavaScript is ${kb} KB gzipped, over the budget`);
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
  },
  plugins: [firstLoadReport()],
  server: {
    proxy: {
      '/v1': 'http://localhost:3000',
      '/auth': 'http://localhost:3000',
      '/openapi.json': 'http://localhost:3000',
    },
  },
});
