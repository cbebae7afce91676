/** The JSON depth counter that guards every request body: it agrees with a parse, without parsing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepth, MAX_JSON_DEPTH } from '#http/middleware/json-body';
import { recordFigures } from '../../e2e/reliability/figures.ts';

/** The nesting depth of a parsed value: the reference the scanner must agree with. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value as object);
  return 1 + children.reduce<number>((max, c) => Math.max(max, depthOf(c)), 0);
}

describe('jsonDepth', () => {
  it('counts the nesting of any JSON text as a parser would, brackets in strings included', () => {
    const tricky = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"', '\\\\', '\u2028');
    const json = fc.jsonValue({ maxDepth: 12 });
    const withStrings = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.array(tricky).map((parts) => parts.join('')),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(
          fc.array(tricky).map((p) => p.join('')),
          tie('value'),
          { maxKeys: 3 },
        ),
      ),
    })).value;
    fc.assert(
      fc.property(fc.oneof(json, withStrings), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(jsonDepth(text)).toBe(depthOf(JSON.parse(text)));
      }),
      { numRuns: 1_000 },
    );
    recordFigures('unit', 'jsonDepthProperty', { runs: 1_000 });
  });

  it('measures 100,000 levels without recursion, and the limit sits above what the API needs', () => {
    expect(jsonDepth(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe(100_000);
    expect(MAX_JSON_DEPTH).toBeGreaterThanOrEqual(8);
  });
});
