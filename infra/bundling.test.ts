/**
 * The stand-ins the Lambda bundler writes for zod's JSON Schema modules export what the real modules export,
 * read from their source: so a new version of zod with new names still bundles, and bundles them all.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportedNames } from './bundling.ts';

const core = dirname(createRequire(import.meta.url).resolve('zod/v4/core'));

describe('the names a replaced module exports', () => {
  it.each(['json-schema-processors.js', 'to-json-schema.js'])(
    'are read from zod’s %s as the module itself exports them',
    async (file) => {
      // Prepare
      const path = join(core, file);
      // Act
      const read = exportedNames(readFileSync(path, 'utf8'), path);
      // Assess
      const real = Object.keys(await import(pathToFileURL(path).href));
      expect(read.sort()).toEqual(real.sort());
    },
  );

  it('reads declarations, lists with renames and a default, and refuses `export *`', () => {
    // Prepare
    const code = [
      'export function a() {}',
      'export /*@__NO_SIDE_EFFECTS__*/ function b() {}',
      'export async function c() {}',
      'export const d = 1;',
      'export class E {}',
      'function f() {}',
      'export { f as g, f };',
      'export default f;',
    ].join('\n');
    // Act + Assess
    expect(exportedNames(code, 'm.js').sort()).toEqual(['E', 'a', 'b', 'c', 'd', 'default', 'f', 'g']);
    expect(() => exportedNames("export * from './x.js';", 'm.js')).toThrow('m.js: `export *`');
  });
});
