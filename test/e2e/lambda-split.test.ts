/**
 * The deployed bundles of the api and admin functions (infra/bundling.ts), run on the test's table: each
 * answers its own routes and 404 for the other's, and carries only the route groups it mounts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signLocalToken } from '#http/auth';
import { USERS } from '#seed/data';
import { bundleLambda } from '../../infra/bundling.ts';
import { startTestSystem, type TestSystem } from '../support/harness.ts';
import { deployedEnv, lambdaEvent } from '../support/lambda-event.ts';

type Result = { statusCode: number; headers: Record<string, string>; body: string };
type Handler = (event: unknown, context: unknown) => Promise<Result>;
interface Built {
  readonly handler: Handler;
  readonly metafile: Metafile;
}

describe('the deployed bundles of the api and admin functions, split by route group', () => {
  let sys: TestSystem;
  let dir: string;
  const built: Record<'api' | 'admin', Built> = {} as Record<'api' | 'admin', Built>;
  const saved = { ...process.env };
  /** A request to a function's bundle as the demo city officer of Sfax. */
  let asOfficer: (fn: 'api' | 'admin', method: string, path: string) => Promise<Result>;

  beforeAll(async () => {
    sys = await startTestSystem();
    dir = mkdtempSync(join(tmpdir(), 'passerelle-split-'));
    Object.assign(process.env, deployedEnv(sys.deps.store.tableName, inject('dynamoEndpoint')));
    for (const fn of ['api', 'admin'] as const) {
      const { file, metafile } = await bundleLambda(`functions/src/lambda/${fn}.ts`, join(dir, fn));
      const { createHandler } = await import(pathToFileURL(file).href);
      built[fn] = { handler: createHandler(process.env, sys.auth), metafile };
    }
    const officer = USERS.find((u) => u.email === 'officer@sfax.demo');
    if (!officer) throw new Error('demo user missing');
    const token = await signLocalToken(sys.auth, officer, new Date());
    asOfficer = (fn, method, path) =>
      built[fn].handler(lambdaEvent(method, path, { authorization: `Bearer ${token}` }), {});
  }, 180_000); // two bundles; the api's builds the OpenAPI document from the sources
  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await sys.close();
  });

  it('answers the city settings from the admin bundle, and 404 from the api bundle', async () => {
    // Act
    const admin = await asOfficer('admin', 'GET', '/v1/city');
    const api = await asOfficer('api', 'GET', '/v1/city');
    // Assess
    expect(admin.statusCode, admin.body).toBe(200);
    expect(JSON.parse(admin.body)).toMatchObject({ id: 'sfax' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('answers the officer’s queue and the public register from the api bundle, and 404 from the admin bundle', async () => {
    // Act
    const apiQueue = await asOfficer('api', 'GET', '/v1/queue');
    const adminQueue = await asOfficer('admin', 'GET', '/v1/queue');
    const apiRegister = await built.api.handler(lambdaEvent('GET', '/v1/public/cities/sfax/register'), {});
    const adminRegister = await built.admin.handler(
      lambdaEvent('GET', '/v1/public/cities/sfax/register'),
      {},
    );
    // Assess
    expect(apiQueue.statusCode, apiQueue.body).toBe(200);
    expect(apiRegister.statusCode).toBe(200);
    expect(JSON.parse(apiRegister.body).grants.length).toBeGreaterThan(0);
    for (const res of [adminQueue, adminRegister]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('bundles in each only the route groups it mounts', () => {
    // Prepare
    const routeFiles = (fn: 'api' | 'admin') =>
      Object.keys(built[fn].metafile.inputs).filter((f) => /functions\/src\/http\/.*routes\.ts$/.test(f));
    // Act
    const api = routeFiles('api');
    const admin = routeFiles('admin');
    // Assess
    expect(api).toEqual(expect.arrayContaining(['functions/src/http/grants/routes.ts']));
    expect(api.filter((f) => /\/(city|users|registrations|insights|coordination)\//.test(f))).toEqual([]);
    expect(admin).toEqual(expect.arrayContaining(['functions/src/http/city/routes.ts']));
    expect(admin.filter((f) => /\/(grants|partnerships|milestones|queue|exports)\//.test(f))).toEqual([]);
  });
});
