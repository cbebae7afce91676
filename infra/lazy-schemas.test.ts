/**
 * The contract's schemas in a Lambda bundle are built on first use (lazy-schemas.ts): a cold start builds
 * none of them, and each validates exactly as the sources' schema of the same name does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import * as sources from '#contract/requests';
import { contractSchemasOnFirstUse, schemasOnFirstUse } from './lazy-schemas.ts';

const dir = mkdtempSync(join(tmpdir(), 'lazy-schemas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Parsed {
  success: boolean;
  data?: unknown;
  error?: { issues: unknown[] };
}
interface Schema {
  safeParse(value: unknown): Parsed;
  safeParseAsync(value: unknown): Promise<Parsed>;
  partial(): Schema;
}

/** zod calls this hook on every schema it constructs (`globalThis.__zod_globalConfig.postProcessor`). */
const built: string[] = [];
const zodConfig = globalThis as { __zod_globalConfig?: { postProcessor?: (s: unknown) => void } };

/** contract/requests.ts bundled as a Lambda bundles it, loaded with zod's constructions counted. */
async function bundledRequests(): Promise<{ atLoad: number; module: Record<string, Schema | number> }> {
  await build({
    stdin: {
      contents: "export * from '#contract/requests'; export * as z from 'zod';",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    outfile: join(dir, 'requests.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    plugins: [contractSchemasOnFirstUse((code) => code)],
    logLevel: 'error',
  });
  built.length = 0;
  zodConfig.__zod_globalConfig = { postProcessor: (s) => built.push(String(s)) };
  const module = await import(pathToFileURL(join(dir, 'requests.mjs')).href);
  return { atLoad: built.length, module };
}

describe('the contract’s schemas in a Lambda bundle', () => {
  it('are not built at load, and each one is built when a request first needs it', async () => {
    // Prepare
    const { atLoad, module } = await bundledRequests();
    const application = module.GrantApplication as Schema;
    // Act
    const refused = await application.safeParseAsync({ track: 'fast', title: '' });
    const afterOne = built.length;
    const listed = (module.ListQuery as Schema).safeParse({ limit: '5' });
    const afterTwo = built.length;
    for (const value of Object.values(module)) if (typeof value === 'object') void ('_zod' in value);
    // Assess: at load only the five events that partnerships and grants share (an array, which cannot
    // stand in for itself) are built; one application builds its own parts, not the other schemas'
    expect(atLoad * 10).toBeLessThan(built.length);
    expect(afterOne).toBeGreaterThan(atLoad);
    expect(afterTwo).toBeGreaterThan(afterOne);
    expect(built.length).toBeGreaterThan(afterTwo);
    expect(refused).toEqual(sources.GrantApplication.safeParse({ track: 'fast', title: '' }));
    expect(listed).toEqual({ success: true, data: { limit: 5 } });
    zodConfig.__zod_globalConfig = {};
  });

  it('validate as the sources do: the same data, the same issues with their codes and messages', async () => {
    // Prepare
    const { module } = await bundledRequests();
    const real = new Map<string, unknown>(Object.entries(sources));
    const cases: [string, unknown][] = [
      ['GrantApplication', { track: 'slow', title: 'x'.repeat(201), amountRequested: { amount: -1 } }],
      ['GrantPatch', { title: 'Winter clothes', unknown: 1 }],
      ['PartnershipPatch', { focusAreas: [] }],
      ['GrantListQuery', { limit: '1000', cursor: 'x' }],
      ['MessagePost', { body: 'A question' }],
      ['CityPatch', { names: { ar: 'صفاقس' }, calendar: { timeZone: 'Mars/Olympus' } }],
    ];
    for (const [name, value] of cases) {
      // Act
      const bundled = (module[name] as Schema).safeParse(value);
      // Assess
      expect(bundled, name).toEqual((real.get(name) as Schema).safeParse(value));
    }
    expect(module.MESSAGE_MAX).toBe(sources.MESSAGE_MAX);
    zodConfig.__zod_globalConfig = {};
  });
});

describe('the contract’s schemas a bundle does not use', () => {
  it('are left out of it: a Lambda carries the request schemas of its own routes, not every route’s', async () => {
    // Prepare: a bundle that uses one request schema of the contract
    const bundle = async (use: string) => {
      const out = await build({
        stdin: {
          contents: `import { ${use} } from '#contract/requests'; export const used = ${use};`,
          resolveDir: process.cwd(),
          loader: 'ts',
        },
        write: false,
        bundle: true,
        platform: 'node',
        format: 'esm',
        plugins: [contractSchemasOnFirstUse((code) => code)],
        logLevel: 'error',
      });
      return out.outputFiles[0]?.text ?? '';
    };
    // Act
    const grantOnly = await bundle('GrantApplication');
    const messageOnly = await bundle('MessagePost');
    // Assess: each keeps the builder of its own schema, and not the other's
    expect(grantOnly).toContain('GrantApplication$built');
    expect(grantOnly).not.toContain('MessagePost$built');
    expect(messageOnly).toContain('MessagePost$built');
    expect(messageOnly).not.toContain('GrantApplication$built');
    expect(messageOnly.length).toBeLessThan(grantOnly.length);
  });
});

describe('the rewrite of a contract module', () => {
  it('defers exported schemas and unexported values made by zod or by the contract’s makers, and leaves every other statement as written', () => {
    // Prepare
    const code = [
      "import { z } from 'zod';",
      "import { FOCUS_AREAS, Text } from './fields.ts';",
      'const reason = z.string();',
      'const comment = Text(2000).optional();',
      'const LIMIT = 3;',
      'const frozen = Object.freeze({ a: 1 });',
      'const areas = FOCUS_AREAS.map((a) => a);',
      'export const MAX = 4000;',
      'export const A = z',
      '  .strictObject({ reason })',
      '  .meta({ id: "A" });',
      'export const B = A.partial();',
      'export function f() {}',
    ].join('\n');
    // Act
    const out = schemasOnFirstUse(code, new Set(['A', 'B']));
    // Assess
    expect(out.split('\n').slice(0, 5)).toEqual([
      "import { onFirstUse } from 'contract-schema-on-first-use';",
      'const reason = /* @__PURE__ */ onFirstUse(() => reason$built());',
      'const comment = /* @__PURE__ */ onFirstUse(() => comment$built());',
      'export const A = /* @__PURE__ */ onFirstUse(() => A$built());',
      'export const B = /* @__PURE__ */ onFirstUse(() => B$built());',
    ]);
    expect(out).toContain('const reason$built = () => z.string();');
    expect(out).toContain('const A$built = () => z\n  .strictObject({ reason })');
    expect(out).toContain('const B$built = () => A.partial();');
    expect(out).toContain('const comment$built = () => Text(2000).optional();');
    expect(out).toContain(
      'const LIMIT = 3;\nconst frozen = Object.freeze({ a: 1 });\nconst areas = FOCUS_AREAS.map((a) => a);\nexport const MAX = 4000;',
    );
    expect(schemasOnFirstUse('export const MAX = 1;', new Set())).toBe('export const MAX = 1;');
  });
});
