import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, Context as LambdaContext } from 'aws-lambda';
import { Hono } from 'hono';
import { defaultIsContentTypeBinary, handle } from 'hono/aws-lambda';
import { secureHeaders } from 'hono/secure-headers';
import { stream } from 'hono/streaming';
import { afterAll, describe, expect, it } from 'vitest';
import { compression } from '#http/middleware/compress';
import { lambdaEvent } from '../../../test/support/lambda-event.ts';
import { handleHttpApi, isBinaryContentType, KeptResponse, type LambdaEnv } from './adapter.ts';

const NativeResponse = globalThis.Response;
afterAll(() => {
  // The adapter installs its Response for the process; the other files of this worker get theirs back.
  Object.defineProperty(globalThis, 'Response', {
    value: NativeResponse,
    writable: true,
    configurable: true,
  });
});

const event = (...args: Parameters<typeof lambdaEvent>) =>
  lambdaEvent(...args) as unknown as APIGatewayProxyEventV2;
const context = {} as LambdaContext;
const TITLE = '{"title":"Réfection — تجديد"}';
const PDF = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xff, 0x00, 0x80]);

/** An app with what the API's answers use: JSON, headers set after the handler, bytes, streams, cookies. */
function testApp() {
  const app = new Hono<{ Bindings: LambdaEnv }>();
  app.use(secureHeaders());
  app.use(compression);
  app.get('/v1/grants/:id', (c) =>
    c.json(
      {
        id: c.req.param('id'),
        method: c.req.method,
        url: c.req.url,
        query: c.req.query('lang') ?? null,
        auth: c.req.header('authorization') ?? null,
        cookie: c.req.header('cookie') ?? null,
        place: c.req.header('x-place') ?? null,
        requestId: c.env.requestContext.requestId,
        name: 'Association Amal — صفاقس',
      },
      200,
      { ETag: '"7"' },
    ),
  );
  app.post('/v1/echo', async (c) =>
    c.json({ got: await c.req.json(), length: c.req.header('content-length') }, 201),
  );
  app.post('/v1/bytes', async (c) => c.json({ bytes: [...new Uint8Array(await c.req.arrayBuffer())] }));
  app.get('/v1/grants', (c) =>
    c.json({ items: Array.from({ length: 80 }, (_, i) => ({ id: `g-${i}`, title: 'Réfection' })) }),
  );
  app.get('/papers/letter.pdf', (c) => c.body(PDF, 200, { 'Content-Type': 'application/pdf' }));
  app.get('/signed-in', (c) => {
    c.header('Set-Cookie', 'a=1; Path=/', { append: true });
    c.header('Set-Cookie', 'b=2; Path=/', { append: true });
    return c.text('ok');
  });
  app.get('/streamed', (c) =>
    stream(c, async (s) => {
      await s.write('one,');
      await s.write('two');
    }),
  );
  app.get('/signal', (c) =>
    c.json({ signal: c.req.raw.signal instanceof AbortSignal, used: c.req.raw.bodyUsed }),
  );
  app.get('/empty', (c) => c.body(null, 204));
  app.get('/native', () => NativeResponse.json({ native: true }));
  app.onError((err, c) => c.json({ title: err.message }, 500));
  app.get('/fails', () => {
    throw new Error('broken');
  });
  return app;
}

const events = {
  // API Gateway gives the request's cookies apart, not as a header.
  json: {
    ...event('GET', '/v1/grants/g-1?lang=ar', { authorization: 'Bearer t', 'x-place': 'Sfax صفاقس' }),
    cookies: ['sid=abc', 'lang=ar'],
  },
  echo: event('POST', '/v1/echo', { 'content-type': 'application/json' }, TITLE),
  bytes: {
    ...event('POST', '/v1/bytes', { 'content-type': 'application/octet-stream' }),
    body: Buffer.from(PDF).toString('base64'),
    isBase64Encoded: true,
  },
  pdf: event('GET', '/papers/letter.pdf'),
  gzip: event('GET', '/v1/grants', { 'accept-encoding': 'gzip' }),
  cookies: event('GET', '/signed-in'),
  streamed: event('GET', '/streamed'),
  signal: event('GET', '/signal'),
  empty: event('GET', '/empty'),
  native: event('GET', '/native'),
  fails: event('GET', '/fails'),
  missing: event('GET', '/nowhere'),
};

describe('the API Gateway adapter', () => {
  it('answers every kind of request exactly as Hono’s own adapter does', async () => {
    // Prepare: the same app behind Hono's adapter and ours
    const app = testApp();
    const hono = handle(app);
    const ours = handleHttpApi(app);

    for (const [name, e] of Object.entries(events)) {
      // Act
      const expected = await hono(structuredClone(e) as never, context);
      const actual = await ours(structuredClone(e), context);

      // Assess
      expect({ name, result: actual }).toEqual({ name, result: expected });
    }
  });

  it('gives the app the request as sent: method, URL with its query, headers, cookies, body', async () => {
    // Prepare
    const handler = handleHttpApi(testApp());

    // Act
    const read = await handler(events.json, context);
    const echoed = await handler(events.echo, context);
    const bytes = await handler(events.bytes, context);
    const signal = await handler(events.signal, context);

    // Assess
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body ?? '')).toEqual({
      id: 'g-1',
      method: 'GET',
      url: 'https://api.example.org/v1/grants/g-1?lang=ar',
      query: 'ar',
      auth: 'Bearer t',
      cookie: 'sid=abc; lang=ar',
      place: encodeURIComponent('Sfax صفاقس'),
      requestId: 'req-1',
      name: 'Association Amal — صفاقس',
    });
    expect(read.headers).toMatchObject({
      'content-type': 'application/json',
      etag: '"7"',
      'x-content-type-options': 'nosniff',
    });
    expect(read.isBase64Encoded).toBe(false);
    expect(echoed.statusCode).toBe(201);
    expect(JSON.parse(echoed.body ?? '')).toEqual({
      got: { title: 'Réfection — تجديد' },
      length: String(Buffer.byteLength(TITLE)),
    });
    expect(JSON.parse(bytes.body ?? '')).toEqual({ bytes: [...PDF] });
    expect(JSON.parse(signal.body ?? '')).toEqual({ signal: true, used: false });
  });

  it('returns bytes and compressed answers in base64, cookies apart, streams read to the end', async () => {
    // Prepare
    const handler = handleHttpApi(testApp());

    // Act
    const pdf = await handler(events.pdf, context);
    const gzip = await handler(events.gzip, context);
    const cookies = await handler(events.cookies, context);
    const streamed = await handler(events.streamed, context);
    const empty = await handler(events.empty, context);

    // Assess
    expect(pdf).toMatchObject({ statusCode: 200, isBase64Encoded: true });
    expect(new Uint8Array(Buffer.from(pdf.body ?? '', 'base64'))).toEqual(PDF);
    expect(gzip).toMatchObject({ isBase64Encoded: true, headers: { 'content-encoding': 'gzip' } });
    expect(
      JSON.parse(gunzipSync(Buffer.from(gzip.body ?? '', 'base64')).toString('utf8')).items,
    ).toHaveLength(80);
    expect(cookies.cookies).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(cookies.headers?.['set-cookie']).toBeUndefined();
    expect(cookies.body).toBe('ok');
    expect(streamed.body).toBe('one,two');
    expect(empty).toMatchObject({ statusCode: 204, body: '' });
  });
});

describe('isBinaryContentType', () => {
  it('sends in base64 exactly what Hono’s adapter would', () => {
    const types = [
      'application/json',
      'application/problem+json; charset=utf-8',
      'text/html; charset=UTF-8',
      'text/csv',
      'text/calendar',
      'application/pdf',
      'image/png',
      'application/xml',
      'application/vnd.mozilla.xul+xml',
      'application/octet-stream',
    ];
    expect(types.map(isBinaryContentType)).toEqual(types.map(defaultIsContentTypeBinary));
    expect(types.filter(isBinaryContentType)).toEqual([
      'text/calendar',
      'application/pdf',
      'image/png',
      'application/vnd.mozilla.xul+xml',
      'application/octet-stream',
    ]);
  });
});

describe('KeptResponse', () => {
  it('behaves as a Response: status, headers, body read once, a clone, instanceof', async () => {
    // Prepare
    const res = new KeptResponse('{"a":1}', { status: 201, statusText: 'Created', headers: { ETag: '"1"' } });
    const text = new KeptResponse('hello');

    // Act
    res.headers.set('x-added', 'yes');
    const copy = new KeptResponse(null, res as unknown as Response);
    const clone = (res as unknown as Response).clone();

    // Assess
    expect(res).toBeInstanceOf(NativeResponse);
    expect([res.status, res.ok, res.statusText]).toEqual([201, true, 'Created']);
    expect(text.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(await clone.json()).toEqual({ a: 1 });
    expect(clone.headers.get('x-added')).toBe('yes');
    expect(await (res as unknown as Response).text()).toBe('{"a":1}');
    expect((res as unknown as Response).bodyUsed).toBe(true);
    expect(res.headers.get('etag')).toBe('"1"');
    expect([copy.status, copy.statusText, copy.headers.get('x-added')]).toEqual([201, 'Created', 'yes']);
  });
});
