/**
 * A bundle's top-level arrow functions written as function expressions, so that a cold start compiles each
 * when it is first called rather than all of them while the module loads.
 *
 * Why: V8 compiles a function lazily only if it can pre-parse it — skim it, keep its scope's outline, and
 * parse it whole on its first call. It pre-parses a `function` anywhere, but an arrow only where that needs no
 * tracking of the variables it uses, which is not the case directly in a module's scope
 * (`Scope::AllowsLazyParsingWithoutUnresolvedVariables` is false for a module scope): every arrow of an ES
 * module's top level is parsed whole, and compiled, at load, with every arrow inside it. A bundle's top level
 * is every module's top level, zod's classes made by arrows given to `$constructor` among them (`--log-function-events`
 * shows the difference on a ten-line module). Measured in bench/findings.md ("Arrows of the top level").
 *
 * What is rewritten keeps its meaning: only arrows outside every function (so never one inside another), whose
 * body and parameters do not use `this`, `arguments`, `super` or `new.target` (the only things an arrow takes from
 * where it is written; at a module's top level `this` is undefined, as in a strict function called plainly), and
 * not the first thing of a statement (`function` there would start a declaration). `(a, b) => x` becomes
 * `function(a, b){return(x)}`, `async a => { … }` becomes `async function(a){ … }`. Functions differ from arrows
 * in having a `prototype` and being constructible; the built bundles' end-to-end tests run the rewritten code.
 *
 * The edits are insertions and the `=>` replaced, so the source map is kept by shifting the generated
 * columns after each edit on its line.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { parseAst } from 'rolldown/parseAst';

/** One change to the text: `remove` characters at `at` replaced by `insert` (UTF-16 offsets, as JavaScript's). */
export interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

/** The parts of an ESTree node this reads (oxc's AST, as rolldown's parseAst returns it). */
interface Node {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly [key: string]: unknown;
}

const isNode = (v: unknown): v is Node =>
  typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';

/** The nodes directly under `node`, in order. */
function* children(node: Node): Generator<Node> {
  for (const key in node) {
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (isNode(c)) yield c;
    } else if (isNode(v)) yield v;
  }
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression']);

/** Whether an arrow's parameters or body use what an arrow takes from where it is written. */
function usesEnclosingBindings(arrow: Node): boolean {
  const visit = (n: Node): boolean => {
    if (n.type === 'ThisExpression' || n.type === 'Super' || n.type === 'MetaProperty') return true;
    if (n.type === 'Identifier' && n.name === 'arguments') return true;
    if (FUNCTIONS.has(n.type)) return false;
    // A class body has its own `this`, but its computed member names are evaluated where the class is.
    if (n.type === 'ClassBody') {
      return (n.body as Node[]).some((m) => m.computed === true && isNode(m.key) && visit(m.key));
    }
    for (const c of children(n)) if (visit(c)) return true;
    return false;
  };
  for (const c of children(arrow)) if (visit(c)) return true;
  return false;
}

/** The edits that turn `arrow` into a function expression; the text is the module's. */
function editsFor(code: string, arrow: Node): Edit[] {
  const params = arrow.params as Node[];
  const body = arrow.body as Node;
  const async = arrow.async === true;
  // Where the parameters start: after `async` and any space.
  let head = arrow.start;
  if (async) {
    head += 'async'.length;
    while (/\s/.test(code[head] ?? '')) head += 1;
  }
  // `async(a)=>` and `export default(a)=>`, as minified, need a space before `function`.
  const space = /[\w$]/.test(code[head - 1] ?? '') ? ' ' : '';
  const parenthesised = code[head] === '(';
  const afterParams = params.length > 0 ? (params.at(-1) as Node).end : head;
  const arrowAt = code.indexOf('=>', afterParams);
  if (arrowAt < 0 || arrowAt > body.start) throw new Error(`no => in the arrow at ${arrow.start}`);
  const expression = body.type !== 'BlockStatement';
  const edits: Edit[] = [
    { at: head, remove: 0, insert: `${space}function${parenthesised ? '' : '('}` },
    { at: arrowAt, remove: 2, insert: `${parenthesised ? '' : ')'}${expression ? '{return(' : ''}` },
  ];
  if (expression) edits.push({ at: arrow.end, remove: 0, insert: ')}' });
  return edits;
}

/** The edits that write the top-level arrows of `code` (an ES module) as function expressions, in text order. */
export function topLevelArrowEdits(code: string): Edit[] {
  const program = parseAst(code, { sourceType: 'module', lang: 'js' }) as unknown as Node;
  const statementStarts = new Set<number>();
  const edits: Edit[] = [];
  const walk = (n: Node): void => {
    if (n.type === 'ExpressionStatement') statementStarts.add(n.start);
    if (n.type === 'ArrowFunctionExpression') {
      if (!statementStarts.has(n.start) && !usesEnclosingBindings(n)) edits.push(...editsFor(code, n));
      return; // an arrow inside it is compiled with it
    }
    if (FUNCTIONS.has(n.type)) return;
    for (const c of children(n)) walk(c);
  };
  walk(program);
  return edits.sort((a, b) => a.at - b.at);
}

/** `code` with `edits` (in text order, not overlapping) made. */
export function applyEdits(code: string, edits: readonly Edit[]): string {
  let out = '';
  let from = 0;
  for (const e of edits) {
    out += code.slice(from, e.at) + e.insert;
    from = e.at + e.remove;
  }
  return out + code.slice(from);
}

/** A source map's `mappings` for the edited text: each generated column moved by the edits before it on its line. */
export function shiftMappings(mappings: string, code: string, edits: readonly Edit[]): string {
  const lines = decode(mappings);
  // Each edit's line and column in the text before the edits.
  const byLine = new Map<number, { col: number; remove: number; inserted: number }[]>();
  let line = 0;
  let lineStart = 0;
  let scanned = 0;
  for (const e of edits) {
    for (; scanned < e.at; scanned += 1) {
      if (code.charCodeAt(scanned) === 10) {
        line += 1;
        lineStart = scanned + 1;
      }
    }
    const list = byLine.get(line) ?? [];
    list.push({ col: e.at - lineStart, remove: e.remove, inserted: e.insert.length });
    byLine.set(line, list);
  }
  // Segments and edits are both in column order: one pass over each line.
  for (const [l, list] of byLine) {
    let next = 0;
    let shift = 0;
    for (const s of lines[l] ?? []) {
      const column = s[0];
      for (let e = list[next]; e && e.col + e.remove <= column; e = list[++next])
        shift += e.inserted - e.remove;
      const inside = list[next];
      // A segment inside a removed part (none is, in esbuild's output: `=>` is not a token it maps) goes after its insert.
      s[0] = inside && inside.col < column ? inside.col + inside.inserted + shift : column + shift;
    }
  }
  return encode(lines);
}

/** Rewrites a built file and its `.map` (if it has one) in place. Returns how many arrows it rewrote. */
export function rewriteTopLevelArrows(file: string): number {
  const code = readFileSync(file, 'utf8');
  const edits = topLevelArrowEdits(code);
  if (edits.length === 0) return 0;
  writeFileSync(file, applyEdits(code, edits));
  if (existsSync(`${file}.map`)) {
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { mappings: string };
    writeFileSync(
      `${file}.map`,
      JSON.stringify({ ...map, mappings: shiftMappings(map.mappings, code, edits) }),
    );
  }
  return edits.filter((e) => e.insert.includes('function')).length;
}
