/**
 * A route group's services loaded by the group's first request in a Lambda bundle. Every route group
 * imported its services (and through them the domain and the store's modules) statically, so a cold start
 * of the api parsed the code of every use case although a request runs one. In a bundle, a route file's
 * `import { a, b } from '#services/x'` becomes `a`, `b` functions that load the module on their first call
 * (from one chunk of all such modules, below) and then call the real ones. The sources are unchanged.
 *
 * Only when it cannot change what the route sees: every name imported from the module must be an `async`
 * function in the real module (imported here, at build time: nothing is guessed), so that a call already
 * answered a promise and still does; a name the module does not export at run time is a type, and left
 * out as the compiler leaves it. One other name (a class, a constant, a function that answers at once) and
 * the import stays as written. The middleware chain (http/compose.ts, http/middleware/) is left as written:
 * every request runs it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `import { … } from '#services/…';` as biome writes it (one line or one name a line). */
const SERVICES_IMPORT = /^import \{([^}]*)\} from '(#services\/[\w-]+)';$/gm;

/** One imported name: `a`, `a as b`, or `type A` (a type: nothing at run time). */
function specifier(text: string): { imported: string; local: string; type: boolean } {
  const type = text.startsWith('type ');
  const [imported = '', local = imported] = text.replace(/^type /, '').split(/\s+as\s+/);
  return { imported, local, type };
}

/** Whether a value is an `async` function (it answers a promise whatever happens, thrown errors too). */
const isAsync = (value: unknown) => typeof value === 'function' && value.constructor.name === 'AsyncFunction';

/** The one module that gathers a bundle's services loaded on demand: a single chunk (see below). */
export const SERVICES_HUB = 'services-on-demand';

/** The name of a services module in the hub: `#services/tranche-list` → `tranche_list`. */
const hubName = (from: string) => from.slice('#services/'.length).replace(/-/g, '_');

/**
 * `code` (a route file) with each services import whose names are all `async` functions of `modules`
 * (the real modules by specifier) loaded from the hub on first call; `found` gets each such specifier.
 * Exported for its test.
 */
export function servicesOnFirstCall(
  code: string,
  modules: ReadonlyMap<string, Record<string, unknown>>,
  found: Set<string> = new Set(),
): string {
  let n = 0;
  return code.replace(SERVICES_IMPORT, (whole, list: string, from: string) => {
    const real = modules.get(from);
    if (!real) return whole;
    const names = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(specifier)
      .filter((s) => !s.type && s.imported in real);
    if (names.length === 0 || !names.every((s) => isAsync(real[s.imported]))) return whole;
    found.add(from);
    const load = `load$${n}`;
    const kept = `loaded$${n++}`;
    // The module is kept once loaded: an `import()` on each call would resolve it again each time (5 µs in
    // Node, 330 µs under a loader hook such as tsx's; see #runtime/on-demand). A failed load is not kept.
    return [
      `let ${kept};`,
      `const ${load} = async () => (${kept} ??= (await import('${SERVICES_HUB}')).${hubName(from)});`,
      ...names.map((s) => `const ${s.local} = async (...args) => (await ${load}()).${s.imported}(...args);`),
    ].join('\n');
  });
}

/**
 * The esbuild plugin, on the route files of functions/src/http (not its middleware, nor compose.ts). A
 * module loaded on demand becomes a chunk, and so does each set of modules that the same chunks share:
 * one dynamic import per services module made 22 more files for a cold start of the api to read and link
 * (about 0.5 ms each with Node's ES module loader), more than the bytes it saved. So the services loaded on
 * demand are one chunk, the hub, which re-exports each of them; and since its content is known only once
 * every route file of the bundle has been read, a first build (`collect`) lists them, and the second
 * (`hub`) writes it.
 */
export const servicesOnFirstRequest = (
  rewrite: (code: string) => string,
  mode: { readonly collect: Set<string> } | { readonly hub: ReadonlySet<string> },
): Plugin => ({
  name: 'services-on-first-request',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${SERVICES_HUB}$`) }, () => ({
      path: SERVICES_HUB,
      namespace: SERVICES_HUB,
    }));
    b.onLoad({ filter: /.*/, namespace: SERVICES_HUB }, () => ({
      contents:
        'hub' in mode ? [...mode.hub].map((m) => `export * as ${hubName(m)} from '${m}';`).join('\n') : '',
      resolveDir: ROOT,
      loader: 'js',
    }));
    b.onLoad({ filter: /[/\\]functions[/\\]src[/\\]http[/\\][\w-]+[/\\][\w-]+\.ts$/ }, async (args) => {
      if (/[/\\](middleware|mounts)[/\\]/.test(args.path)) return undefined;
      const code = readFileSync(args.path, 'utf8');
      const modules = new Map<string, Record<string, unknown>>();
      for (const [, , from] of code.matchAll(SERVICES_IMPORT))
        if (from) modules.set(from, await import(from));
      if (modules.size === 0) return undefined;
      if ('collect' in mode) {
        servicesOnFirstCall(code, modules, mode.collect);
        return undefined;
      }
      const found = new Set<string>();
      const contents = rewrite(servicesOnFirstCall(code, modules, found));
      const missing = [...found].filter((m) => !mode.hub.has(m));
      if (missing.length > 0)
        throw new Error(`${args.path}: ${missing.join(', ')} not in the first build's list`);
      return { contents, loader: 'ts' };
    });
  },
});
