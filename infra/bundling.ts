/**
 * How a Lambda function's code is bundled: esbuild, ESM, minified, with a source map, the AWS SDK inside,
 * and substitutions that only a bundle for Lambda can make (measured in docs/benchmarks.md):
 * - zod's error messages in English only: zod ships ~45 languages (258 KB minified) and the app never
 *   shows a zod message in any language (problem.ts words the errors itself);
 * - AWS credentials from the environment only: in Lambda they always are there, so the SDK's default chain
 *   (SSO, INI files, STS, IMDS… 90 KB) is never used;
 * - the OpenAPI document built here, at build time, and loaded by GET /openapi.json from a chunk of its
 *   own: zod-to-openapi (30 KB) is left out, and no cold start builds the document;
 * - the answers' schemas (contract/responses.ts) not built: only that document reads them;
 * - zod's JSON Schema generation, and `OpenAPIHono`'s document builders, left out: nothing in a bundle
 *   builds a JSON Schema once the document is built at build time;
 * - the contract's request schemas built on first use (lazy-schemas.ts), and the route groups' services
 *   loaded by the first request that calls one, in one chunk (lazy-services.ts);
 * - the chunks index.mjs imports statically merged into it, so that a cold start reads one file
 *   (merge-chunks.ts).
 * Used by infra/constructs/functions.ts (through bundle-cli.ts: CDK bundles synchronously, esbuild plugins
 * need the asynchronous API) and by the benchmarks.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { FONT_FILES } from '../functions/src/papers/pdf.ts';
import { contractSchemasOnFirstUse } from './lazy-schemas.ts';
import { servicesOnFirstRequest } from './lazy-services.ts';
import { mergedBytes, mergeStaticChunks } from './merge-chunks.ts';
import { rewriteTopLevelArrows } from './top-level-arrows.ts';

export { loadedOutputs } from './merge-chunks.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** esbuild target: the oldest runtime the code must run on (the functions run on Node.js 22 or 24). */
export const ESBUILD_TARGET = 'node22';

/** zod's locales index, replaced by one that holds English only (what zod itself configures by default). */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[/\\]zod[/\\]/.test(args.importer)
        ? { path: join(args.resolveDir, '../locales/en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: ROOT,
    }));
  },
};

/**
 * zod as a namespace import, which esbuild shakes: `import { z } from 'zod'` binds the namespace that
 * zod's index re-exports as a value, and esbuild then keeps every export of zod (193 KB minified) whatever
 * the code calls. `import * as z from 'zod'` is the same object for the code, and only what is called is
 * bundled. The sources keep the named import the zod documentation uses; the bundle rewrites it.
 */
const ZOD_NAMED_IMPORT = /^import \{ z \} from ["']zod["'];?$/m;
const zodAsNamespace = (code: string) => code.replace(ZOD_NAMED_IMPORT, "import * as z from 'zod';");
const zodShaken: Plugin = {
  name: 'zod-shaken',
  setup(b) {
    b.onLoad({ filter: /[/\\]functions[/\\]src[/\\].*\.ts$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      if (!ZOD_NAMED_IMPORT.test(code)) return undefined;
      return { contents: zodAsNamespace(code), loader: 'ts' };
    });
    // zod's classic schemas take its helpers as `import { util } from "../core/index.js"`, a namespace
    // re-exported by name, which esbuild must then build whole (13.7 KB, base64 and slug helpers among
    // them): imported as the namespace it is, only the helpers called are kept. The same module either way.
    b.onLoad({ filter: /[/\\]zod[/\\]v4[/\\]classic[/\\]schemas\.js$/ }, (args) => ({
      contents: utilAsNamespace(readFileSync(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
    // @hono/zod-openapi imports zod the same way, to add `.openapi()` to zod's schemas, which the
    // contract does not use (its schemas carry `.meta()`), and which the bundle's zod-to-openapi skips.
    b.onLoad({ filter: /[/\\]@hono[/\\]zod-openapi[/\\]dist[/\\]index\.mjs$/ }, (args) => ({
      contents: withoutDocumentMethods(
        readFileSync(args.path, 'utf8')
          .replace(ZOD_NAMED_IMPORT, 'import * as z from "zod";')
          .replace(/^extendZodWithOpenApi\(z\);$/m, ''),
        args.path,
      ),
      loader: 'js',
    }));
  },
};

/**
 * zod's classic schemas with their `util` imported as a namespace, and `core.util.x` read as `util.x` (see
 * zodShaken); the import is matched exactly.
 */
function utilAsNamespace(code: string, file: string): string {
  const named = 'import { util } from "../core/index.js";';
  if (!code.includes(named)) {
    throw new Error(
      `${file}: zod no longer imports util by name; update utilAsNamespace (infra/bundling.ts)`,
    );
  }
  return code.replace(named, 'import * as util from "../core/util.js";').replaceAll('core.util.', 'util.');
}

/**
 * `OpenAPIHono`'s methods that build a document (`getOpenAPIDocument`, `getOpenAPI31Document`, `doc`,
 * `doc31`) and their helper, left out: only http/system/document.ts calls one, and a bundle serves the
 * document built at build time instead (`openapiAtBuildTime`). They are class fields, which esbuild cannot
 * shake; each becomes one that throws. The text is matched exactly, so that a new version of the package
 * that moves them fails the build here rather than bundling them silently (about 1 KB).
 */
function withoutDocumentMethods(code: string, file: string): string {
  const from = code.indexOf('\tgetOpenAPIDocument = ');
  const to = code.indexOf('\troute(path, app) {');
  const helper = /^function addBasePathToDocument\(document, basePath\) \{\n[\s\S]*?^\}\n/m;
  if (from < 0 || to < from || !helper.test(code)) {
    throw new Error(
      `${file}: OpenAPIHono's document methods moved; update withoutDocumentMethods (infra/bundling.ts)`,
    );
  }
  const stubs = ['getOpenAPIDocument', 'getOpenAPI31Document', 'doc', 'doc31']
    .map((name) => `\t${name} = documentNotBuilt;\n`)
    .join('');
  return `${code.slice(0, from)}${stubs}${code.slice(to)}`.replace(helper, '').concat(`
function documentNotBuilt() { throw new Error('The OpenAPI document of a bundle is built at build time (infra/bundling.ts)'); }
`);
}

/** The SDK's default credential chain, replaced by the environment variables Lambda sets. */
const credentialsFromEnvironment: Plugin = {
  name: 'credentials-from-environment',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: 'credentials-from-environment',
      namespace: 'lambda-credentials',
    }));
    b.onLoad({ filter: /.*/, namespace: 'lambda-credentials' }, () => ({
      contents: `export const defaultProvider = () => async () => {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) throw new Error('No AWS credentials in the environment');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
};`,
    }));
  },
};

/**
 * The OpenAPI document as the deployed api serves it (Cognito sign-in: the local mode's development routes
 * are not in it), built once per process from the sources, through the app's own route.
 */
let builtDocument: Promise<string> | undefined;
function openapiJson(): Promise<string> {
  builtDocument ??= (async () => {
    const { createApp } = await import('../functions/src/http/app.ts');
    const app = createApp({
      deps: {} as Parameters<typeof createApp>[0]['deps'], // the document reads no store
      auth: { mode: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_build', clientId: 'build' },
      log: false,
    });
    const res = await app.request('/openapi.json');
    if (res.status !== 200) throw new Error(`building the OpenAPI document: HTTP ${res.status}`);
    return res.text();
  })();
  return builtDocument;
}

/**
 * functions/src/http/system/document.ts, replaced by a dynamic import of the document built above, and
 * zod-to-openapi by a registry that keeps nothing (all it is used for once the document is built). Its
 * generators throw, so that anything that would still build a document in a bundle fails loudly.
 */
const openapiAtBuildTime: Plugin = {
  name: 'openapi-at-build-time',
  setup(b) {
    b.onLoad({ filter: /[/\\]functions[/\\]src[/\\]http[/\\]system[/\\]document\.ts$/ }, () => ({
      contents: `export const openapiDocument = async () => (await import('openapi-document.json')).default;`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^openapi-document\.json$/ }, () => ({
      path: 'openapi.json',
      namespace: 'openapi-document',
    }));
    b.onLoad({ filter: /.*/, namespace: 'openapi-document' }, async () => ({
      contents: await openapiJson(),
      loader: 'json',
    }));
    b.onResolve({ filter: /^@asteasolutions\/zod-to-openapi$/ }, () => ({
      path: 'zod-to-openapi',
      namespace: 'openapi-registry-only',
    }));
    b.onLoad({ filter: /.*/, namespace: 'openapi-registry-only' }, () => ({
      contents: `export class OpenAPIRegistry {
  definitions = [];
  register(_id, schema) { return schema; }
  registerParameter(_id, schema) { return schema; }
  registerPath() {}
  registerWebhook() {}
  registerComponent() {}
}
const built = () => { throw new Error('The OpenAPI document of a bundle is built at build time (infra/bundling.ts)'); };
export class OpenApiGeneratorV3 { constructor() { built(); } }
export class OpenApiGeneratorV31 { constructor() { built(); } }
export const extendZodWithOpenApi = () => {};
export const getOpenApiMetadata = () => ({});`,
      loader: 'js',
    }));
  },
};

/**
 * functions/src/contract/responses.ts as names only. A bundle never runs the answers' schemas: the routes
 * validate what comes in, not what goes out (`c.json(view, status)` is typed by them at compile time), and
 * the OpenAPI document that describes the answers is built at build time (above). So a cold start need not
 * build them (zod's construction of 37 schemas, and their 13 KB). Each name is kept, as an object that
 * throws when anything reads it, so that a use of one at run time fails loudly (and lambda-bundle.test.ts
 * runs the built bundle).
 */
const responsesNotBuilt: Plugin = {
  name: 'responses-not-built',
  setup(b) {
    b.onLoad({ filter: /[/\\]functions[/\\]src[/\\]contract[/\\]responses\.ts$/ }, (args) => {
      const names = [...readFileSync(args.path, 'utf8').matchAll(/^export const (\w+)\b/gm)].map(
        (m) => m[1] ?? '',
      );
      // One function makes every stand-in (5,357 B of the api's bundle when each had a Proxy and a
      // message of its own written out).
      const exports = names.map((n) =>
        n === 'pageOf' ? `pageOf = () => notBuilt('pageOf()')` : `${n} = /* @__PURE__ */ notBuilt('${n}')`,
      );
      return {
        contents: `const notBuilt = (name) => new Proxy({}, { get(_, key) { throw new Error(name + ' (contract/responses.ts) is not built in a Lambda bundle: infra/bundling.ts ' + String(key)); } });
export const ${exports.join(', ')};`,
        loader: 'js',
      };
    });
  },
};

/**
 * The names a JavaScript module exports, read from its `export` statements: a stand-in for a module must
 * export every name the real one does, also in a later version of the package.
 */
export function exportedNames(code: string, file: string): string[] {
  if (/^export \*/m.test(code)) throw new Error(`${file}: \`export *\` cannot be replaced by names`);
  const declared = [
    ...code.matchAll(
      /^export\s+(?:\/\*[^*]*\*\/\s*)?(?:async\s+)?(?:function\*?|const|let|var|class)\s+([\w$]+)/gm,
    ),
  ].map((m) => m[1] ?? '');
  const listed = [...code.matchAll(/^export\s*\{([^}]*)\}\s*;?$/gm)].flatMap((m) =>
    (m[1] ?? '')
      .split(',')
      .map(
        (part) =>
          part
            .trim()
            .split(/\s+as\s+/)
            .pop() ?? '',
      )
      .filter(Boolean),
  );
  if (/^export\s+default\b/m.test(code)) declared.push('default');
  return [...new Set([...declared, ...listed])];
}

/**
 * zod's JSON Schema generation left out: its two modules (json-schema-processors.js and to-json-schema.js,
 * 17,934 B of the api's bundle) replaced by modules that export the same names, each one function that
 * throws. Every classic schema imports them (its `processJSONSchema`, `toJSONSchema()`, the `jsonSchema`
 * of `~standard`, and the `format`/`minLength`/`maxValue`… getters through `aggregateChecks`), so esbuild
 * cannot shake them; yet nothing in a bundle builds a JSON Schema (the OpenAPI document is built at build
 * time, above), and no request reads those getters: parsing, zod's error messages, `.meta()`, the
 * `@hono/zod-openapi` routes and `@hono/zod-validator` use the checks' own `bag`, not these modules
 * (test/e2e/lambda-validation.test.ts compares the built bundle's answers to invalid input with the
 * sources'). `createStandardJSONSchemaMethod` and `createToJSONSchemaMethod` are factories, called when
 * `~standard` is read: they hand out the throwing function rather than throw, so `~standard.validate`
 * still works. zod's memoizer stays: parsing an object or a union consults it.
 */
export const ZOD_JSON_SCHEMA_NOT_BUILT =
  'zod’s JSON Schema generation is not in a Lambda bundle: JSON Schema is built at build time (infra/bundling.ts)';
const zodWithoutJsonSchema: Plugin = {
  name: 'zod-without-json-schema',
  setup(b) {
    b.onLoad(
      {
        filter: /[/\\]node_modules[/\\]zod[/\\]v4[/\\]core[/\\](json-schema-processors|to-json-schema)\.js$/,
      },
      (args) => {
        const names = exportedNames(readFileSync(args.path, 'utf8'), args.path);
        const exports = names.map((n) =>
          /^create\w*Method$/.test(n)
            ? `export const ${n} = () => notBuilt;`
            : `export { notBuilt as ${n} };`,
        );
        return {
          contents: `function notBuilt() { throw new Error(${JSON.stringify(ZOD_JSON_SCHEMA_NOT_BUILT)}); }
${exports.join('\n')}`,
          loader: 'js',
        };
      },
    );
  },
};

export interface Bundle {
  /** `<outdir>/index.mjs` */
  readonly file: string;
  /**
   * What a cold start parses: index.mjs, into which the chunks it imported statically are merged
   * (merge-chunks.ts).
   */
  readonly bytes: number;
  /**
   * What went into it (esbuild's metafile of the first pass), for the benchmarks' breakdown by package. Its
   * static chunks are merged into index.mjs since, so `loadedOutputs(metafile, index)` still lists what a cold
   * start parses, with the sizes the first pass gave them.
   */
  readonly metafile: Metafile;
}

/** Bundles one entry of functions/src/lambda into `<outdir>/index.mjs` (+ `.map`, and `chunks/` it imports on demand). */
export async function bundleLambda(entry: string, outdir: string): Promise<Bundle> {
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'index.mjs');
  const options = {
    entryPoints: [entry],
    outdir,
    entryNames: 'index',
    outExtension: { '.js': '.mjs' },
    // A dynamic import becomes a chunk of its own, loaded when first called: the PDF renderer (pdfkit,
    // fontkit: about 1 MB minified) is not parsed on a cold start of the api function.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: ESBUILD_TARGET,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    metafile: true,
    logLevel: 'error',
    absWorkingDir: ROOT,
  } satisfies BuildOptions;
  const plugins = (services: Plugin) => [
    zodEnglishOnly,
    zodWithoutJsonSchema,
    credentialsFromEnvironment,
    openapiAtBuildTime,
    responsesNotBuilt,
    contractSchemasOnFirstUse(zodAsNamespace),
    services,
    zodShaken,
  ];
  // The route groups' services, loaded by their first request (lazy-services.ts): a first build lists
  // them, unwritten, so that the second gathers them in one chunk.
  const onDemand = new Set<string>();
  const collect = servicesOnFirstRequest(zodAsNamespace, { collect: onDemand });
  await build({ ...options, write: false, minify: false, sourcemap: false, plugins: plugins(collect) });
  const hub = servicesOnFirstRequest(zodAsNamespace, { hub: onDemand });
  const result = await build({ ...options, plugins: plugins(hub) });
  if (Object.keys(result.metafile.inputs).some((file) => file.endsWith('papers/pdf.ts'))) copyFonts(outdir);
  // One file for a cold start to read: the chunks index.mjs imports statically, merged into it.
  const removed = await mergeStaticChunks(outdir, result.metafile, ROOT, {
    target: options.target,
    minify: options.minify,
    sourcemap: options.sourcemap,
    sourcesContent: options.sourcesContent,
  });
  // Compiled when first called rather than at load: the arrows of each file's top level (top-level-arrows.ts).
  for (const file of Object.keys(result.metafile.outputs).map((k) => resolve(ROOT, k))) {
    if (file.endsWith('.mjs') && !removed.includes(file)) rewriteTopLevelArrows(file);
  }
  return { file: outfile, bytes: mergedBytes(outdir), metafile: result.metafile };
}

/** Where a bundle that renders PDFs keeps their fonts; the function's PAPER_FONT_DIR points there. */
export const PAPER_FONTS_SUBDIR = 'fonts';

/**
 * The PDF renderer reads its fonts as files (papers/pdf.ts), which esbuild does not bundle: a bundle
 * that contains the renderer gets a copy of each font it names, beside index.mjs.
 */
function copyFonts(outdir: string): void {
  const require = createRequire(join(ROOT, 'package.json'));
  const dir = join(outdir, PAPER_FONTS_SUBDIR);
  mkdirSync(dir, { recursive: true });
  for (const weights of Object.values(FONT_FILES)) {
    for (const [pkg, file] of Object.values(weights)) {
      copyFileSync(require.resolve(`${pkg}/files/${file}`), join(dir, file));
    }
  }
}
