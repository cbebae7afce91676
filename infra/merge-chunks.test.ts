/**
 * A bundle's static chunks merged into its index.mjs (merge-chunks.ts): one file for a cold start, and the
 * chunks loaded on demand still share the entry's modules, the same instances, not copies.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeStaticChunks } from './merge-chunks.ts';

const dir = mkdtempSync(join(tmpdir(), 'merge-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small project split as bundleLambda splits a function: a shared module with state, one loaded on demand. */
async function splitBundle(name: string) {
  const src = join(dir, `${name}-src`);
  const out = join(dir, name);
  mkdirSync(src, { recursive: true });
  writeFileSync(
    join(src, 'store.ts'),
    'export const store = { calls: 0 };\nexport const count = () => ++store.calls;\n',
  );
  writeFileSync(join(src, 'words.ts'), 'export const hello = (n: number) => `hello ${n}`;\n');
  writeFileSync(
    join(src, 'late.ts'),
    "import { count, store } from './store.ts';\nimport { hello } from './words.ts';\nexport const later = () => ({ said: hello(count()), store });\n",
  );
  writeFileSync(
    join(src, 'index.ts'),
    [
      "import { count, store } from './store.ts';",
      "import { hello } from './words.ts';",
      'export const now = () => hello(count());',
      "export const onDemand = async () => (await import('./late.ts')).later();",
      'export { store };',
    ].join('\n'),
  );
  const result = await build({
    entryPoints: [join(src, 'index.ts')],
    outdir: out,
    entryNames: 'index',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'error',
    absWorkingDir: dir,
  });
  return { out, meta: result.metafile };
}

describe('the static chunks of a bundle', () => {
  it('are merged into index.mjs, and the chunk loaded on demand uses the same module instances', async () => {
    // Prepare: esbuild puts the modules index.mjs shares with late.ts in chunks of their own
    const { out, meta } = await splitBundle('shared');
    const before = readdirSync(join(out, 'chunks')).filter((f) => f.endsWith('.mjs'));
    expect(readFileSync(join(out, 'index.mjs'), 'utf8')).toMatch(/from"\.\/chunks\/chunk-/);
    // Act
    const removed = await mergeStaticChunks(out, meta, dir, {
      target: 'node22',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
    });
    const m = await import(pathToFileURL(join(out, 'index.mjs')).href);
    const first = m.now();
    const late = await m.onDemand();
    // Assess: index.mjs imports no chunk statically; the removed chunks are gone; one counter, shared
    const index = readFileSync(join(out, 'index.mjs'), 'utf8');
    expect(index).not.toMatch(/^import[^;]*from"\.\/chunks\//m);
    expect(removed.length).toBeGreaterThan(0);
    for (const f of removed) expect(existsSync(f)).toBe(false);
    expect(readdirSync(join(out, 'chunks')).filter((f) => f.endsWith('.mjs')).length).toBeLessThan(
      before.length,
    );
    expect(first).toBe('hello 1');
    expect(late.said).toBe('hello 2');
    expect(late.store).toBe(m.store);
    // and the source maps still lead to the sources
    const map = JSON.parse(readFileSync(join(out, 'index.mjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.endsWith('store.ts'))).toBe(true);
  });

  it('leaves a bundle with no static chunk as it is', async () => {
    // Prepare: one module, nothing shared
    const src = join(dir, 'alone-src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'index.ts'), 'export const one = () => 1;\n');
    const out = join(dir, 'alone');
    const { metafile } = await build({
      entryPoints: [join(src, 'index.ts')],
      outdir: out,
      entryNames: 'index',
      outExtension: { '.js': '.mjs' },
      splitting: true,
      bundle: true,
      format: 'esm',
      metafile: true,
      logLevel: 'error',
      absWorkingDir: dir,
    });
    const before = readFileSync(join(out, 'index.mjs'), 'utf8');
    // Act
    const removed = await mergeStaticChunks(out, metafile, dir, { target: 'node22' });
    // Assess
    expect(removed).toEqual([]);
    expect(readFileSync(join(out, 'index.mjs'), 'utf8')).toBe(before);
  });
});
