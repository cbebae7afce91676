/**
 * Reading a V8 CPU profile (`node --cpu-prof`): where a process's CPU went, by function and by part of the
 * code (ours by module, the packages by name), over a window of its life (the load, not the start-up).
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Share {
  readonly name: string;
  /** Microseconds of CPU in the window. */
  readonly us: number;
}

export interface ProfileSummary {
  /** Microseconds in the window: busy (on the CPU) and idle (waiting for I/O). */
  readonly windowUs: number;
  readonly busyUs: number;
  /** Self time by part of the code (see `partOf`), largest first. */
  readonly byPart: readonly Share[];
  /** Time with the part anywhere on the stack (a synchronous stretch of it and what it called). */
  readonly inclusive: readonly Share[];
  /** Self time by function (`name (file:line)`), largest first. */
  readonly byFunction: readonly Share[];
  /** Each sample in one stage of a request (see `stageOf`), largest first: the parts add up to the busy time. */
  readonly byStage: readonly Share[];
}

/** The part of the code a frame belongs to: a package by name, our code by module, Node by kind. */
export function partOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return '(garbage collector)';
    if (functionName === '(program)') return '(program: V8, not JavaScript)';
    return '(native: builtins, JSON, regular expressions)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) {
    if (pkg === '@aws-sdk/lib-dynamodb' || pkg === '@aws-sdk/util-dynamodb') return 'SDK: marshalling';
    if (pkg === 'aws4fetch') return 'aws4fetch: signing';
    if (pkg === '@aws-sdk/client-dynamodb') return 'SDK: DynamoDB client';
    if (pkg === '@smithy/node-http-handler') return 'SDK: HTTP handler';
    if (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/') || pkg.startsWith('@aws-crypto/'))
      return 'SDK: middleware, signing, (de)serialising';
    if (pkg === 'zod' || pkg === '@hono/zod-openapi' || pkg === '@asteasolutions/zod-to-openapi')
      return 'zod';
    return pkg;
  }
  const ours = /\/functions\/src\/(.+)$/.exec(url)?.[1];
  if (ours) {
    if (ours.startsWith('http/middleware/')) return `ours: ${ours.replace(/\.ts$/, '')}`;
    if (ours === 'store/dynamo-client.ts') return 'ours: store/dynamo-client';
    return `ours: ${ours.split('/')[0]}`;
  }
  if (url.startsWith('node:') || !url.includes('/')) {
    if (/^node:internal\/(deps\/undici|webstreams|fetch)/.test(url)) return 'node: web streams, fetch';
    if (/^node:(internal\/)?(_?http|net|stream|internal\/streams)/.test(url))
      return 'node: http, net, streams';
    return 'node: other';
  }
  return url.includes('/bench/') ? 'bench' : 'other';
}

/** What a sample's stack was doing, when the stack holds one of these anywhere (the first that matches). */
const STAGE_ON_STACK: readonly (readonly [RegExp, string])[] = [
  [
    /\/@hono\/node-server\/.*#(responseViaCache|responseViaResponseObject)$/,
    'answer written (node-server, node:http, writev)',
  ],
  [
    /\/functions\/src\/store\/dynamo-client\.ts#|\/node_modules\/(aws4|@aws-sdk\/util-dynamodb)\/|^node:_http_(client|agent)#/,
    'DynamoDB client (the direct side runs the same)',
  ],
];

/** Else the nearest frame of the stack that is one of these. */
const STAGE_NEAREST: readonly (readonly [RegExp, string])[] = [
  [/\/functions\/src\/http\/middleware\//, 'our middleware (log, compression, security, body, auth)'],
  [/\/functions\/src\/(services|domain)\//, 'service and view'],
  [/\/functions\/src\/store\//, 'store (ours, besides the client)'],
  [/\/functions\/src\//, 'our routes and policy'],
  [/\/node_modules\/(zod|@hono\/zod-validator|@hono\/zod-openapi)\//, 'zod (the parameters)'],
  [/\/node_modules\/hono\//, 'hono (router, context, middleware chain)'],
  [/\/node_modules\/@hono\/node-server\//, 'request read (node-server)'],
  [
    /^node:(_http_server|_http_common|_http_incoming|net|internal\/stream|internal\/streams|stream)/,
    'node:http server',
  ],
  [/\/bench\//, 'bench'],
];

/**
 * The stage of a request a sample belongs to: the DynamoDB call or the answer's writing wherever they
 * appear on the stack (they call into Node.js), else the nearest part of ours, Hono's or Node.js's HTTP
 * server; what is none of these (garbage collection, microtasks, V8) is the runtime.
 */
export function stageOf(stack: readonly CallFrame[]): string {
  const keys = stack.map((f) => `${f.url}#${f.functionName}`);
  for (const [pattern, stage] of STAGE_ON_STACK) if (keys.some((k) => pattern.test(k))) return stage;
  for (const frame of stack)
    for (const [pattern, stage] of STAGE_NEAREST) if (pattern.test(frame.url)) return stage;
  return 'runtime (garbage collector, microtasks, V8)';
}

const sorted = (m: Map<string, number>): Share[] =>
  [...m.entries()].map(([name, us]) => ({ name, us })).sort((a, b) => b.us - a.us);

/**
 * The profile's samples between `fromUs` and `toUs` (the profile's clock: microseconds of the monotonic
 * clock, as `process.hrtime`), summed.
 */
export function summarise(file: string, fromUs = 0, toUs = Number.POSITIVE_INFINITY): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const fn = new Map<string, number>();
  const incl = new Map<string, number>();
  const stages = new Map<string, number>();
  let windowUs = 0;
  let idleUs = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < fromUs || t > toUs) continue;
    // A sample's time is the gap to the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i] as number);
    if (!node) continue;
    windowUs += us;
    const part = partOf(node.callFrame);
    if (part === '(idle)') {
      idleUs += us;
      continue;
    }
    self.set(part, (self.get(part) ?? 0) + us);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|functions\/src)\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const seen = new Set<string>();
    const stack: CallFrame[] = [];
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = (byId.get(id) as ProfileNode).callFrame;
      stack.push(frame);
      const p = partOf(frame);
      if (!seen.has(p)) {
        seen.add(p);
        incl.set(p, (incl.get(p) ?? 0) + us);
      }
    }
    const stage = stageOf(stack);
    stages.set(stage, (stages.get(stage) ?? 0) + us);
  }
  return {
    windowUs,
    busyUs: windowUs - idleUs,
    byPart: sorted(self),
    inclusive: sorted(incl),
    byFunction: sorted(fn),
    byStage: sorted(stages),
  };
}

/** The summary as text: per request (µs) and share of the busy time, the first `top` functions. */
export function describe(s: ProfileSummary, requests: number, top = 25): string {
  const line = (x: Share) =>
    `${(x.us / requests).toFixed(1).padStart(8)} µs  ${((100 * x.us) / s.busyUs).toFixed(1).padStart(5)} %  ${x.name}`;
  return [
    `busy ${(s.busyUs / 1000).toFixed(0)} ms of ${(s.windowUs / 1000).toFixed(0)} ms (${((100 * s.busyUs) / s.windowUs).toFixed(0)} % of one CPU), ${requests} requests: ${(s.busyUs / requests).toFixed(1)} µs of CPU per request`,
    '',
    'by stage of the request (each sample once):',
    ...s.byStage.map(line),
    '',
    'self time by part:',
    ...s.byPart.map(line),
    '',
    'with the part on the stack (inclusive):',
    ...s.inclusive.filter((x) => !x.name.startsWith('(')).map(line),
    '',
    `self time, the first ${top} functions:`,
    ...s.byFunction.slice(0, top).map(line),
  ].join('\n');
}
