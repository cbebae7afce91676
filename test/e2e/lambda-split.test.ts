/**
 * The deployed bundles of the api and admin functions (infra/bundling.ts), run on the test's table: each
 * answers its own routes and 404 for the other's, and carries only the route groups it mounts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type BuiltHttpFunctions, buildHttpFunctions } from '../support/built-http-functions.ts';
import { startTestSystem, type TestSystem } from '../support/harness.ts';
import { lambdaEvent } from '../support/lambda-event.ts';

describe('the deployed bundles of the api and admin functions, split by route group', () => {
  let sys: TestSystem;
  let fns: BuiltHttpFunctions;
  /** The two bundles, and a request to either as the demo city officer of Sfax. */

  beforeAll(async () => {
    sys = await startTestSystem();
    fns = await buildHttpFunctions(sys, inject('dynamoEndpoint'), 'passerelle-split-');
  }, 180_000); // two bundles; the api's builds the OpenAPI document from the sources
  afterAll(async () => {
    fns.close();
    await sys.close();
  });

  it('answers the city settings from the admin bundle, and 404 from the api bundle', async () => {
    // Act
    const admin = await fns.asOfficer('admin', 'GET', '/v1/city');
    const api = await fns.asOfficer('api', 'GET', '/v1/city');
    // Assess
    expect(admin.statusCode, admin.body).toBe(200);
    expect(JSON.parse(admin.body)).toMatchObject({ id: 'sfax' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('answers the officer’s queue and the public register from the api bundle, and 404 from the admin bundle', async () => {
    // Act
    const apiQueue = await fns.asOfficer('api', 'GET', '/v1/queue');
    const adminQueue = await fns.asOfficer('admin', 'GET', '/v1/queue');
    const apiRegister = await fns.built.api.handler(
      lambdaEvent('GET', '/v1/public/cities/sfax/register'),
      {},
    );
    const adminRegister = await fns.built.admin.handler(
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
      Object.keys(fns.built[fn].metafile.inputs).filter((f) => /functions\/src\/http\/.*routes\.ts$/.test(f));
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
