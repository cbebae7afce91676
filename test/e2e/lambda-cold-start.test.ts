/**
 * What a cold start of the api and admin functions leaves for the first request (infra/lazy-services.ts,
 * infra/lazy-schemas.ts): the route groups' services are one chunk loaded by the first request that calls
 * one, and the contract's schemas are built when a request first validates with them. The built bundles
 * against DynamoDB Local, as the demo city officer.
 */
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadedOutputs } from '../../infra/bundling.ts';
import { SERVICES_HUB } from '../../infra/lazy-services.ts';
import { type BuiltHttpFunctions, buildHttpFunctions } from '../support/built-http-functions.ts';
import { startTestSystem, type TestSystem } from '../support/harness.ts';

/** The source files in the given outputs of a bundle. */
const inputsOf = (meta: Metafile, outputs: Iterable<string>) =>
  [...outputs].flatMap((o) => Object.keys(meta.outputs[o]?.inputs ?? {}));

/** What a cold start parses (index.mjs and its static chunks), and what the services chunk holds. */
function coldAndOnDemand(meta: Metafile): { cold: string[]; hub: string[] } {
  const index = Object.keys(meta.outputs).find((f) => f.endsWith('index.mjs'));
  const hub = Object.entries(meta.outputs).find(
    ([, o]) => o.entryPoint === `${SERVICES_HUB}:${SERVICES_HUB}`,
  );
  return { cold: inputsOf(meta, loadedOutputs(meta, index)), hub: hub ? inputsOf(meta, [hub[0]]) : [] };
}

describe('the cold start of the api and admin functions', () => {
  let sys: TestSystem;
  let fns: BuiltHttpFunctions;

  beforeAll(async () => {
    sys = await startTestSystem();
    fns = await buildHttpFunctions(sys, inject('dynamoEndpoint'), 'passerelle-cold-');
  }, 180_000); // two bundles, each built twice (lazy-services.ts); the api's builds the OpenAPI document
  afterAll(async () => {
    fns.close();
    await sys.close();
  });

  it('parses none of the route groups’ services at load: they are one chunk, loaded on demand', () => {
    // Prepare
    const api = coldAndOnDemand(fns.built.api.metafile);
    const admin = coldAndOnDemand(fns.built.admin.metafile);
    // Assess
    for (const service of ['grants', 'partnerships', 'queue', 'milestones', 'register', 'messages']) {
      const file = `functions/src/services/${service}.ts`;
      expect(api.cold, file).not.toContain(file);
      expect(api.hub, file).toContain(file);
    }
    for (const service of ['city', 'registrations', 'insights', 'coordination']) {
      const file = `functions/src/services/${service}.ts`;
      expect(admin.cold, file).not.toContain(file);
      expect(admin.hub, file).toContain(file);
    }
  });

  it('loads without Node’s fetch implementation (undici): reading `Response` at import would load it', () => {
    // Node defines Request, Response and Headers as getters that load undici at the first read (tens of ms).
    for (const fn of ['api', 'admin'] as const) {
      // Act: a fresh process imports the bundle, as Lambda's runtime does
      const script = `await import(${JSON.stringify(pathToFileURL(fns.built[fn].file).href)});
        const lazy = (name) => typeof Object.getOwnPropertyDescriptor(globalThis, name)?.get === 'function';
        console.log(JSON.stringify({ Response: lazy('Response'), Request: lazy('Request'), Headers: lazy('Headers') }));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      // Assess
      expect(JSON.parse(out), fn).toEqual({ Response: true, Request: true, Headers: true });
    }
  });

  it('answers the first request of a group after a cold start: a grant, the queue, the city settings', async () => {
    // Act
    const list = await fns.asOfficer('api', 'GET', '/v1/grants?limit=5');
    const first = JSON.parse(list.body).items[0] as { id: string; title: string };
    const grant = await fns.asOfficer('api', 'GET', `/v1/grants/${first.id}`);
    const queue = await fns.asOfficer('api', 'GET', '/v1/queue');
    const city = await fns.asOfficer('admin', 'GET', '/v1/city');
    // Assess
    expect(list.statusCode, list.body).toBe(200);
    expect(grant.statusCode, grant.body).toBe(200);
    expect(JSON.parse(grant.body)).toMatchObject({ id: first.id, title: first.title });
    expect(queue.statusCode, queue.body).toBe(200);
    expect(city.statusCode, city.body).toBe(200);
    expect(JSON.parse(city.body)).toMatchObject({ id: 'sfax' });
  });

  it('explains a list’s invalid query in a problem that names the field', async () => {
    // Act
    const res = await fns.asOfficer('api', 'GET', '/v1/grants?limit=abc');
    // Assess
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(JSON.parse(res.body).errors ?? JSON.parse(res.body))).toContain('limit');
  });
});
