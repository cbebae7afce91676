/**
 * The chunks a bundle's index.mjs imports statically, merged into it. With code splitting, esbuild moves the
 * code that index.mjs shares with a chunk loaded on demand into chunks of their own (for the api: the store,
 * the directory and four small ones), which a cold start then reads, compiles and links one by one, each with
 * the exports and imports that tie it to the others. esbuild cannot put that code in the entry instead (Rollup
 * can; esbuild's splitting has no such option). A second pass of esbuild does it, on esbuild's own output:
 * - index.mjs is bundled again with those chunks inside, and also exports what the other chunks import from
 *   them, each name prefixed by its chunk's number (`s0_a`);
 * - every other chunk that imported one of them is bundled again so that it imports the same bindings from
 *   index.mjs instead: the same modules, each once, so one store client and one cache per process as before.
 * Both read the first pass's source maps, so stack traces still point into the sources. Measured in
 * bench/findings.md ("One file instead of six").
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

/** What both passes share with the first (format, target, minification, source maps). */
export type PassOptions = Pick<BuildOptions, 'target' | 'minify' | 'sourcemap' | 'sourcesContent'>;

const BUILTINS = new Set(builtinModules);

/** `./x` for a path relative to a folder, as an import specifier. */
const specifier = (from: string, to: string) => {
  const rel = relative(from, to).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
};

/** The name under which index.mjs exports export `name` of static chunk `i`. */
export const mergedName = (i: number, name: string) => `s${i}_${name}`;

/**
 * Merges into `<outdir>/index.mjs` every chunk it imports statically, per the first pass's metafile (paths in
 * it relative to `workingDir`), and points the other chunks at index.mjs. Returns the files it removed.
 */
export async function mergeStaticChunks(
  outdir: string,
  meta: Metafile,
  workingDir: string,
  options: PassOptions,
): Promise<string[]> {
  const abs = (key: string) => resolve(workingDir, key);
  const indexKey = Object.keys(meta.outputs).find((k) => abs(k) === join(outdir, 'index.mjs'));
  if (!indexKey) throw new Error(`${outdir}: no index.mjs in the metafile`);
  const staticKeys = loadedOutputs(meta, indexKey).filter((k) => k !== indexKey);
  if (staticKeys.length === 0) return [];
  const index = abs(indexKey);
  const merged = new Map(staticKeys.map((k, i) => [abs(k), i]));
  const shared = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: false,
    logLevel: 'error',
    ...options,
  } satisfies BuildOptions;

  // index.mjs, with the static chunks inside and their exports re-exported under prefixed names.
  const entry = [
    `export * from ${JSON.stringify(index)};`,
    ...staticKeys.map((k, i) => {
      const names = meta.outputs[k]?.exports ?? [];
      return names.length === 0
        ? `import ${JSON.stringify(abs(k))};`
        : `export { ${names.map((n) => `${n} as ${mergedName(i, n)}`).join(', ')} } from ${JSON.stringify(abs(k))};`;
    }),
  ].join('\n');
  const inside: Plugin = {
    name: 'static-chunks-inside',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (args.path.startsWith('node:') || BUILTINS.has(args.path))
          return { path: args.path, external: true };
        const target = resolve(args.resolveDir, args.path);
        if (target === index || merged.has(target)) return { path: target };
        // A chunk loaded on demand, imported from index.mjs or from a static chunk in chunks/: the same
        // file, named from where index.mjs is.
        return { path: specifier(outdir, target), external: true };
      });
    },
  };
  const first = await build({
    ...shared,
    // Not named index.mjs: esbuild would take it for the file it re-exports.
    stdin: { contents: entry, resolveDir: outdir, sourcefile: 'merged-index.mjs', loader: 'js' },
    outfile: index,
    plugins: [inside],
  });

  // Every other chunk that imports a static chunk: the same bindings, from index.mjs.
  const others = Object.keys(meta.outputs).filter(
    (k) =>
      k.endsWith('.mjs') &&
      k !== indexKey &&
      !merged.has(abs(k)) &&
      (meta.outputs[k]?.imports ?? []).some((i) => merged.has(abs(i.path))),
  );
  const rebuilt = await Promise.all(
    others.map(async (k) => {
      const file = abs(k);
      const fromIndex: Plugin = {
        name: 'static-chunks-from-index',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point' || args.namespace === 'merged-chunk') return undefined;
            if (args.path.startsWith('node:') || BUILTINS.has(args.path))
              return { path: args.path, external: true };
            const i = merged.get(resolve(args.resolveDir, args.path));
            return i === undefined
              ? { path: args.path, external: true }
              : { path: String(i), namespace: 'merged-chunk' };
          });
          b.onResolve({ filter: /.*/, namespace: 'merged-chunk' }, (args) => ({
            path: args.path,
            external: true,
          }));
          b.onLoad({ filter: /.*/, namespace: 'merged-chunk' }, (args) => {
            const i = Number(args.path);
            const names = meta.outputs[staticKeys[i] ?? '']?.exports ?? [];
            const from = JSON.stringify(specifier(dirname(file), index));
            return {
              contents:
                names.length === 0
                  ? `import ${from};`
                  : `export { ${names.map((n) => `${mergedName(i, n)} as ${n}`).join(', ')} } from ${from};`,
              loader: 'js',
            };
          });
        },
      };
      return build({ ...shared, entryPoints: [file], outfile: file, plugins: [fromIndex] });
    }),
  );

  for (const out of [first, ...rebuilt]) for (const f of out.outputFiles) writeFileSync(f.path, f.contents);
  const removed = staticKeys.flatMap((k) => [abs(k), `${abs(k)}.map`]);
  for (const f of removed) rmSync(f, { force: true });
  // Nothing may still name a removed chunk: a chunk the rewrite missed would fail at run time.
  for (const k of Object.keys(meta.outputs).filter((k) => k.endsWith('.mjs') && !merged.has(abs(k)))) {
    const code = readFileSync(abs(k), 'utf8');
    const left = staticKeys.find((s) => code.includes(`/${s.split('/').pop()}"`));
    if (left) throw new Error(`${abs(k)} still imports ${left}, merged into index.mjs`);
  }
  return removed;
}

/** An output and every chunk it imports statically, each once: what loading the output parses. */
export function loadedOutputs(meta: Metafile, output: string | undefined): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const out = meta.outputs[file];
    if (!out || seen.has(file)) return;
    seen.add(file);
    for (const i of out.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  if (output) visit(output);
  return [...seen];
}

/** The size of index.mjs once merged: what a cold start parses. */
export const mergedBytes = (outdir: string) => statSync(join(outdir, 'index.mjs')).size;
