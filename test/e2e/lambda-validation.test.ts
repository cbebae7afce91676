/**
 * The deployed api bundle (infra/bundling.ts) leaves zod's JSON Schema generation out: invalid input must
 * still be refused with the same problem+json, field by field, as the sources answer, and valid input
 * accepted; anything that would build a JSON Schema in a bundle fails with a message saying where it is built.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleLambda, ZOD_JSON_SCHEMA_NOT_BUILT } from '../../infra/bundling.ts';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '../support/harness.ts';
import { deployedEnv, lambdaEvent } from '../support/lambda-event.ts';

type Result = { statusCode: number; headers: Record<string, string>; body: string };
type Handler = (event: unknown, context: unknown) => Promise<Result>;

/** What a user's client reads of an answer: its status, its media type and its body. */
interface Answer {
  status: number;
  type: string;
  body: unknown;
}

describe('the deployed api bundle validates requests as the sources do', () => {
  let sys: TestSystem;
  let dir: string;
  let cso: Client;
  let bundled: (method: string, path: string, body?: unknown) => Promise<Answer>;
  const saved = { ...process.env };

  /** The same request to the sources (over HTTP) and to the built bundle (as Lambda calls it). */
  const both = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const sources = method === 'GET' ? await cso.get(path) : await cso.post(path, body);
    return {
      sources: {
        status: sources.status,
        type: sources.headers.get('content-type') ?? '',
        body: sources.body,
      },
      bundle: await bundled(method, path, body),
    };
  };

  beforeAll(async () => {
    sys = await startTestSystem();
    dir = mkdtempSync(join(tmpdir(), 'passerelle-validation-'));
    await bundleLambda('functions/src/lambda/api.ts', dir);
    Object.assign(process.env, deployedEnv(sys.deps.store.tableName, inject('dynamoEndpoint')));
    const { createHandler } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      createHandler: (env: NodeJS.ProcessEnv, auth: TestSystem['auth']) => Handler;
    };
    const handler = createHandler({ ...process.env }, sys.auth);
    cso = await sys.as('cso@sfax.demo');
    bundled = async (method, path, body) => {
      const headers: Record<string, string> = { authorization: `Bearer ${cso.token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await handler(
        lambdaEvent(method, path, headers, body === undefined ? undefined : JSON.stringify(body)),
        {},
      );
      return { status: res.statusCode, type: res.headers['content-type'] ?? '', body: JSON.parse(res.body) };
    };
  }, 120_000); // bundling builds the OpenAPI document from the sources
  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await sys.close();
  });

  it.each([
    ['a negative amount', { amountRequested: { amount: -5, currency: 'TND' } }, 'amountRequested.amount'],
    [
      'an amount that is a word',
      { amountRequested: { amount: 'five', currency: 'TND' } },
      'amountRequested.amount',
    ],
    ['a title over 200 characters', { title: 'ع'.repeat(201) }, 'title'],
    ['an unknown track', { track: 'slow' }, 'track'],
    ['a missing title', { title: undefined }, 'title'],
  ])('refuses an application with %s, naming the field as the sources do', async (_, change, field) => {
    // Prepare
    const application = fastApplication(change);
    // Act
    const { sources, bundle } = await both('POST', '/v1/grants', application);
    // Assess
    expect(bundle.status).toBe(400);
    expect(bundle.type).toContain('application/problem+json');
    expect(bundle.body).toMatchObject({ errors: [{ path: field, message: expect.any(String) }] });
    expect(bundle).toEqual(sources);
  });

  it.each([
    ['a limit that is not a number', '/v1/grants?limit=abc', 'limit'],
    ['a limit over 100', '/v1/grants?limit=1000', 'limit'],
    ['a malformed cursor', '/v1/grants?cursor=not-a-cursor', 'cursor'],
  ])('refuses a list with %s as the sources do', async (_, path, field) => {
    // Act
    const { sources, bundle } = await both('GET', path);
    // Assess
    expect(bundle.status).toBe(400);
    expect(bundle.type).toContain('application/problem+json');
    expect(JSON.stringify(bundle.body)).toContain(field);
    expect(bundle).toEqual(sources);
  });

  it('refuses an unknown field and an unknown event as the sources do', async () => {
    // Prepare: a draft of the CSO's
    const draft = await cso.post('/v1/grants', fastApplication({ title: 'Draft for events' }));
    // Act
    const extra = await both('POST', '/v1/grants', { ...fastApplication(), sponsor: 'someone' });
    const event = await both('POST', `/v1/grants/${draft.body.id}/events`, { type: 'fly' });
    // Assess
    for (const { sources, bundle } of [extra, event]) {
      expect(bundle.status).toBe(400);
      expect(bundle.type).toContain('application/problem+json');
      expect(bundle).toEqual(sources);
    }
    expect(JSON.stringify(extra.bundle.body)).toContain('sponsor');
    expect(JSON.stringify(event.bundle.body)).toContain('type');
  });

  it('accepts a valid application and a valid page request', async () => {
    // Act
    const created = await bundled('POST', '/v1/grants', fastApplication({ title: 'بطانيات الشتاء' }));
    const page = await bundled('GET', '/v1/grants?limit=2');
    // Assess
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), title: 'بطانيات الشتاء' });
    expect(page.status).toBe(200);
    expect((page.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });
});

describe('zod in a Lambda bundle', () => {
  let dir: string;
  let entry: Record<string, () => unknown>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-zod-'));
    await bundleLambda('test/support/zod-in-a-bundle.ts', dir);
    entry = await import(pathToFileURL(join(dir, 'index.mjs')).href);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses, explains, keeps .meta() and validates as a standard schema', () => {
    // Act
    const result = entry.validates?.();
    // Assess
    expect(result).toMatchObject({
      good: { success: true, data: 'Amal' },
      bad: [expect.stringMatching(/>=2 characters/)],
      meta: 'kept by .meta()',
      standard: { value: 'Amal' },
    });
  });

  it('says where JSON Schema and the OpenAPI document are built when anything in a bundle asks for one', () => {
    // Act + Assess
    for (const call of ['jsonSchemaOf', 'jsonSchemaMethod', 'standardJsonSchema', 'maxLengthOf']) {
      expect(entry[call], call).toThrow(ZOD_JSON_SCHEMA_NOT_BUILT);
    }
    expect(entry.documentOf).toThrow(
      'The OpenAPI document of a bundle is built at build time (infra/bundling.ts)',
    );
  });
});
