/**
 * A bundle's top-level arrows written as function expressions (top-level-arrows.ts): the module does what it
 * did, what an arrow takes from where it is written is left alone, and the source map still points each
 * generated name at its source.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decode } from '@jridgewell/sourcemap-codec';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEdits, rewriteTopLevelArrows, topLevelArrowEdits } from './top-level-arrows.ts';

const dir = mkdtempSync(join(tmpdir(), 'top-level-arrows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Imports `code` as an ES module of its own. */
async function load(code: string): Promise<Record<string, unknown>> {
  const file = join(dir, `m${++files}.mjs`);
  writeFileSync(file, code);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

const rewritten = (code: string) => applyEdits(code, topLevelArrowEdits(code));

describe('top-level arrows', () => {
  it('become function expressions that answer what the arrows answered', async () => {
    // Prepare: every form of arrow a minifier writes.
    const code = [
      'export const word="Sfax é ص 😀";', // offsets in UTF-16 code units, as JavaScript's
      'export const add=(a,b)=>a+b;',
      'export const one=a=>{return a+1};',
      'export const box=(a)=>({a});',
      'export const seq=(a,b)=>(a,b);',
      'export const wait=async(a)=>{await null;return a*2};',
      'export const later=async a=>a*3;',
      'export const spread=(...xs)=>xs.length;',
      'export const pick=({a},[b]=[2],c=()=>3)=>a+b+c();',
      'export const made=[1,2].map(x=>x*10);',
      'export const fromBlock=(()=>{const k=n=>n*n;return k(4)})();',
      'export default(a)=>a-1;',
    ].join('\n');

    // Act
    const after = rewritten(code);
    const [before, now] = [await load(code), await load(after)];

    // Assess: no arrow left at the top level, the same answers.
    expect(topLevelArrowEdits(after)).toEqual([]);
    expect(after).toContain('export const pick=function({a},[b]=[2],c=()=>3){return(a+b+c())};');
    expect(after).toContain('export const add=function(a,b){return(a+b)};');
    expect(after).toContain('export const wait=async function(a){await null;return a*2};');
    expect(after).toContain('export const later=async function(a){return(a*3)};');
    const call = (m: Record<string, unknown>, name: string, ...args: unknown[]) =>
      (m[name] as (...a: unknown[]) => unknown)(...args);
    for (const m of [before, now]) {
      expect(m.word).toBe('Sfax é ص 😀');
      expect(call(m, 'add', 2, 3)).toBe(5);
      expect(call(m, 'one', 1)).toBe(2);
      expect(call(m, 'box', 7)).toEqual({ a: 7 });
      expect(call(m, 'seq', 1, 9)).toBe(9);
      await expect(call(m, 'wait', 4)).resolves.toBe(8);
      await expect(call(m, 'later', 2)).resolves.toBe(6);
      expect(call(m, 'spread', 1, 2, 3)).toBe(3);
      expect(call(m, 'pick', { a: 1 })).toBe(6);
      expect(m.made).toEqual([10, 20]);
      expect(m.fromBlock).toBe(16);
      expect(call(m, 'default', 5)).toBe(4);
    }
  });

  it('are left as they are where an arrow takes this, arguments, super or new.target from where it is', () => {
    // Prepare
    const code = [
      'class A{f=()=>this.x;static g=()=>this.name}',
      'class B extends A{m(){return()=>super.m}}',
      'function outer(){return[()=>arguments[0],()=>new.target,()=>this]}',
      'const viaThis=()=>this;',
      'const nested=()=>()=>this;',
      'const inClassKey=()=>class{[this]=1};',
      'a=>a,outer();',
      'export{A,B,outer,viaThis,nested,inClassKey};',
    ].join('\n');

    // Act
    const edits = topLevelArrowEdits(code);

    // Assess: nothing to do; an arrow whose own class uses `this` inside its body is still rewritten.
    expect(edits).toEqual([]);
    expect(rewritten('const c=()=>class{m(){return this}};')).toBe(
      'const c=function(){return(class{m(){return this}})};',
    );
  });

  it('keep the source map: each named segment still points at its name', async () => {
    // Prepare: a small bundle built as bundleLambda builds one (minified, with a source map).
    const src = join(dir, 'src.ts');
    writeFileSync(
      src,
      [
        "export const greet = (name: string) => 'hello ' + name;",
        'export const shout = async (words: string) => { const loud = words.toUpperCase(); return loud; };',
        'export const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);',
        'export class Counter { count = 0; add = () => { this.count += 1; return this.count; }; }',
      ].join('\n'),
    );
    const out = join(dir, 'out.mjs');
    await build({
      entryPoints: [src],
      outfile: out,
      bundle: true,
      format: 'esm',
      minify: true,
      keepNames: false,
      sourcemap: true,
    });
    const before = readFileSync(out, 'utf8');
    const mapBefore = JSON.parse(readFileSync(`${out}.map`, 'utf8')) as { mappings: string; names: string[] };

    // Act
    const count = rewriteTopLevelArrows(out);

    // Assess: three arrows rewritten (not the class field that uses `this`), and every segment's
    // generated text is the same token as before, at its new column.
    expect(count).toBe(3);
    const after = readFileSync(out, 'utf8');
    const mapAfter = JSON.parse(readFileSync(`${out}.map`, 'utf8')) as { mappings: string };
    const [oldLines, newLines] = [decode(mapBefore.mappings), decode(mapAfter.mappings)];
    const lineText = (code: string, line: number) => code.split('\n')[line] ?? '';
    let compared = 0;
    oldLines.forEach((segments, line) => {
      segments.forEach((segment, i) => {
        const moved = newLines[line]?.[i];
        expect(moved?.slice(1)).toEqual(segment.slice(1));
        const token = /^[\w$]+/.exec(lineText(before, line).slice(segment[0]))?.[0];
        if (!token || token === 'function') return;
        expect(lineText(after, line).slice(moved?.[0] ?? -1)).toMatch(new RegExp(`^${token}\\b`));
        compared += 1;
      });
    });
    expect(compared).toBeGreaterThan(10);
    const m = await load(after);
    expect((m.greet as (n: string) => string)('Sfax')).toBe('hello Sfax');
    await expect((m.shout as (w: string) => Promise<string>)('oui')).resolves.toBe('OUI');
    expect((m.total as (v: number[]) => number)([1, 2, 3])).toBe(6);
  });
});
