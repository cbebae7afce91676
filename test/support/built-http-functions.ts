/**
 * The api and admin functions as deployed (infra/bundling.ts), built into a temporary folder and loaded,
 * each with its handler on the test system's table, and a request to either as the demo city officer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { signLocalToken } from '#http/auth';
import { USERS } from '#seed/data';
import { bundleLambda } from '../../infra/bundling.ts';
import type { TestSystem } from './harness.ts';
import { deployedEnv, lambdaEvent } from './lambda-event.ts';

export type Result = { statusCode: number; headers: Record<string, string>; body: string };
export type Handler = (event: unknown, context: unknown) => Promise<Result>;
export type HttpFunction = 'api' | 'admin';

/** One function as built: its handler on the test's table, what esbuild put in it, its index.mjs. */
export interface BuiltHttpFunction {
  readonly handler: Handler;
  readonly metafile: Metafile;
  readonly file: string;
}

export interface BuiltHttpFunctions {
  readonly built: Record<HttpFunction, BuiltHttpFunction>;
  readonly asOfficer: (fn: HttpFunction, method: string, path: string) => Promise<Result>;
  /** Gives the environment back and removes the bundles. */
  readonly close: () => void;
}

/** Builds and loads both bundles (the deployed environment is set on process.env until `close`). */
export async function buildHttpFunctions(
  sys: TestSystem,
  dynamoEndpoint: string,
  prefix: string,
): Promise<BuiltHttpFunctions> {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), prefix));
  Object.assign(process.env, deployedEnv(sys.deps.store.tableName, dynamoEndpoint));
  const built = {} as Record<HttpFunction, BuiltHttpFunction>;
  for (const fn of ['api', 'admin'] as const) {
    const { file, metafile } = await bundleLambda(`functions/src/lambda/${fn}.ts`, join(dir, fn));
    const { createHandler } = await import(pathToFileURL(file).href);
    built[fn] = { handler: createHandler(process.env, sys.auth), metafile, file };
  }
  const officer = USERS.find((u) => u.email === 'officer@sfax.demo');
  if (!officer) throw new Error('demo user missing');
  const token = await signLocalToken(sys.auth, officer, new Date());
  return {
    built,
    asOfficer: (fn, method, path) =>
      built[fn].handler(lambdaEvent(method, path, { authorization: `Bearer ${token}` }), {}),
    close: () => {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
