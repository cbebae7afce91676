/**
 * The contract's schemas built on first use in a Lambda bundle. A cold start of the api built every schema
 * of functions/src/contract (about 30 ms of CPU, a third of its module load: zod constructs each schema, its
 * checks and its members), although a request validates with one or two. In a bundle each top-level schema
 * of a contract module becomes a stand-in that builds the real one the first time anything reads it, then
 * hands everything to it; the sources, the OpenAPI document (built at build time) and the web are unchanged,
 * and there is still one schema of each name.
 *
 * Which statements: an exported `const` whose value is a zod schema (the module is imported here, at build
 * time, to know it: nothing is guessed), and an unexported `const` that is a schema by its form (`z.…`, `Text(2000).optional()`: see `ROOT_NAME`).
 * A statement `const X = <value>;` becomes `const X$built = () => <value>;`, and `X` is declared first as
 * the stand-in; the value's own text is left as written, so its end needs no parsing.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/** The one module of stand-ins that every rewritten contract module imports. */
const HELPER = 'contract-schema-on-first-use';

/**
 * `@hono/zod-openapi` tells a schema by these four methods when a route is registered (at load): they are
 * answered without building, and build on their first call (a request's validation).
 */
const PARSERS = ['parse', 'safeParse', 'parseAsync', 'safeParseAsync'];

const HELPER_CODE = `const PARSERS = new Set(${JSON.stringify(PARSERS)});
export function onFirstUse(build) {
  let real;
  const built = () => (real ??= build());
  return new Proxy({}, {
    get(_, key) {
      if (real === undefined && PARSERS.has(key)) return (...args) => built()[key](...args);
      const schema = built();
      return Reflect.get(schema, key, schema);
    },
    has: (_, key) => key in built(),
    set: (_, key, value) => Reflect.set(built(), key, value),
    getPrototypeOf: () => Object.getPrototypeOf(built()),
  });
}`;

/** A top-level `const` (exported or not) without a type annotation, and its name. */
const TOP_CONST = /^(export )?const (\w+) = /gm;

/**
 * An unexported value that is a schema by its form: a call or member of `z`, of a schema this module
 * defers, or of a name imported from another contract module (`Text(2000).optional()`); `Object.freeze(…)`
 * and the like are not.
 */
const ROOT_NAME = /^([A-Za-z_$][\w$]*)\s*[.(]/;

/** The names a module imports from its sibling contract modules (`from './fields.ts'`). */
const siblingImports = (code: string) =>
  [...code.matchAll(/^import \{([^}]*)\} from '\.\/[\w-]+\.ts';$/gm)].flatMap((m) =>
    (m[1] ?? '')
      .split(',')
      .map(
        (s) =>
          s
            .trim()
            .replace(/^type /, '')
            .split(/\s+as\s+/)
            .pop() ?? '',
      )
      // Capitalised as the contract's schemas and makers are (`Text`, `Id`), not as its constants (`PATTERNS`).
      .filter((name) => /^[A-Z][a-z]/.test(name)),
  );

/** Whether a value is a zod schema (what `z.…` builds), by zod's own mark. */
const isSchema = (value: unknown) => typeof value === 'object' && value !== null && '_zod' in value;

/**
 * `code` (a contract module) with the given exported schemas and every unexported `const x = z…` built
 * on first use. Exported for its test.
 */
export function schemasOnFirstUse(code: string, exportedSchemas: ReadonlySet<string>): string {
  const lazy: string[] = [];
  const schemaRoots = new Set(['z', ...siblingImports(code), ...exportedSchemas]);
  const body = code.replace(TOP_CONST, (whole, exported: string | undefined, name: string, at: number) => {
    const root = ROOT_NAME.exec(code.slice(at + whole.length))?.[1];
    const wanted = exported ? exportedSchemas.has(name) : root !== undefined && schemaRoots.has(root);
    if (!wanted) return whole;
    schemaRoots.add(name);
    lazy.push(`${exported ?? ''}const ${name} = /* @__PURE__ */ onFirstUse(() => ${name}$built());`);
    return `const ${name}$built = () => `;
  });
  if (lazy.length === 0) return code;
  // Declared before any other statement (imports are hoisted anyway): a value built at load that reads
  // one of them finds the stand-in, which builds it then.
  return `import { onFirstUse } from '${HELPER}';\n${lazy.join('\n')}\n${body}`;
}

/** The esbuild plugin: every module of functions/src/contract but the answers' (not built at all). */
export const contractSchemasOnFirstUse = (rewrite: (code: string) => string): Plugin => ({
  name: 'contract-schemas-on-first-use',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${HELPER}$`) }, () => ({ path: HELPER, namespace: HELPER }));
    b.onLoad({ filter: /.*/, namespace: HELPER }, () => ({ contents: HELPER_CODE, loader: 'js' }));
    b.onLoad({ filter: /[/\\]functions[/\\]src[/\\]contract[/\\][\w-]+\.ts$/ }, async (args) => {
      if (/[/\\]responses\.ts$/.test(args.path)) return undefined;
      const real: Record<string, unknown> = await import(pathToFileURL(args.path).href);
      const schemas = new Set(Object.keys(real).filter((name) => isSchema(real[name])));
      return { contents: rewrite(schemasOnFirstUse(readFileSync(args.path, 'utf8'), schemas)), loader: 'ts' };
    });
  },
});
