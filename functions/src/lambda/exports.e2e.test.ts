import { Writable } from 'node:stream';
import { streamHandle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signLocalToken } from '#http/auth';
import { USERS } from '#seed/data';
import { startTestSystem, type TestSystem } from '../../../test/support/harness.ts';
import { lambdaEvent } from '../../../test/support/lambda-event.ts';
import { createExportsApp } from './exports.ts';

interface Streamed {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly writes: number;
  readonly body: string;
}

/**
 * The Lambda runtime's response streaming, as far as the handler sees it: `awslambda.streamifyResponse`
 * hands the handler a writable stream, and `HttpResponseStream.from` sends the status and headers first.
 */
function streamingRuntime() {
  let meta: { statusCode: number; headers: Record<string, string> } = { statusCode: 0, headers: {} };
  (globalThis as any).awslambda = {
    streamifyResponse: (fn: unknown) => fn,
    HttpResponseStream: {
      from: (stream: Writable, metadata: typeof meta) => {
        meta = metadata;
        return stream;
      },
    },
  };
  return async (handler: any, event: unknown): Promise<Streamed> => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    const finished = new Promise((ok) => sink.on('finish', ok));
    await handler(event, sink, {});
    await finished;
    return {
      ...meta,
      writes: chunks.length,
      body: Buffer.concat(chunks).toString('utf8'),
    };
  };
}

describe('the streaming exports entry (Lambda response streaming behind a function URL)', () => {
  let sys: TestSystem;
  let invoke: ReturnType<typeof streamingRuntime>;
  let handler: unknown;

  beforeAll(async () => {
    sys = await startTestSystem();
    invoke = streamingRuntime();
    const env = { TABLE_NAME: sys.deps.store.tableName, DYNAMODB_ENDPOINT: inject('dynamoEndpoint') };
    handler = streamHandle(createExportsApp(env as NodeJS.ProcessEnv, sys.auth));
  });
  afterAll(async () => {
    delete (globalThis as any).awslambda;
    await sys.close();
  });

  it('streams a city’s 360Giving package in several writes, as a valid JSON document', async () => {
    // Act
    const res = await invoke(handler, lambdaEvent('GET', '/v1/public/cities/sfax/grants.360giving.json'));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.writes).toBeGreaterThan(1);
    const pkg = JSON.parse(res.body);
    expect(pkg.grants.length).toBeGreaterThan(0);
    expect(pkg.grants.every((g: { id: string }) => g.id.startsWith('360G-'))).toBe(true);
  });

  it('streams a signed-in officer’s portfolio CSV and refuses it without a token', async () => {
    // Prepare
    const officer = USERS.find((u) => u.email === 'officer@sfax.demo');
    if (!officer) throw new Error('demo user missing');
    const token = await signLocalToken(sys.auth, officer, new Date());
    // Act
    const csv = await invoke(
      handler,
      lambdaEvent('GET', '/v1/exports/portfolio.csv', { authorization: `Bearer ${token}` }),
    );
    const anonymous = await invoke(handler, lambdaEvent('GET', '/v1/exports/portfolio.csv'));
    // Assess
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').filter(Boolean).length).toBeGreaterThan(1);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
  });

  it('answers nothing but the downloads when its URL is called directly', async () => {
    // Act
    const write = await invoke(handler, lambdaEvent('POST', '/v1/grants', {}, '{}'));
    const read = await invoke(handler, lambdaEvent('GET', '/v1/grants'));
    // Assess
    for (const res of [write, read]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(res.body).type).toMatch(/not-found/);
    }
  });
});
