import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { watchBody } from '#test/support/watched-body';
import { jsonBody } from './json-body.ts';

describe('the body checks', () => {
  it('never open the body of a GET (on the Node.js server that would build a whole fetch Request)', async () => {
    // Prepare: a request that counts how often its body is asked for
    const { target: request, opened } = watchBody(new Request('http://localhost/v1/grants/g1'));
    const app = new Hono().use(...jsonBody).get('/v1/grants/g1', (c) => c.json({ id: 'g1' }));

    // Act
    const res = await app.request(request);

    // Assess
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'g1' });
    expect(opened()).toBe(0);
  });

  it('still refuse a streamed body over the limit on a POST', async () => {
    // Prepare: a body sent in chunks, without Content-Length, over 256 KB
    const chunk = new TextEncoder().encode(`"${'x'.repeat(64 * 1024)}",`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const app = new Hono()
      .use(...jsonBody)
      .post('/v1/grants', (c) => c.json({ ok: true }))
      .onError((e, c) => c.json({ status: (e as { status?: number }).status }, 500));

    // Act
    const res = await app.request('/v1/grants', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);

    // Assess
    expect(await res.json()).toEqual({ status: 413 });
  });
});
