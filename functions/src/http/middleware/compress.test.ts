import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { watchBody } from '#test/support/watched-body';
import { chooseEncoding, compression } from './compress.ts';

// Prepare: an app answering a large JSON, a small one, an image and an already-encoded file
const big = { items: Array.from({ length: 200 }, (_, i) => ({ id: `g_${i}`, title: 'Atelier vélo' })) };
const app = new Hono()
  .use(compression)
  .get('/big', (c) => c.json(big))
  .get('/small', (c) => c.json({ ok: true }))
  .get('/png', (c) => c.body(new Uint8Array(4096), 200, { 'Content-Type': 'image/png' }))
  .get('/csv', (c) => {
    const rows = Array.from({ length: 500 }, (_, i) => `g_${i},Atelier vélo,1200\n`);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const row = rows.shift();
        if (row) controller.enqueue(new TextEncoder().encode(row));
        else controller.close();
      },
    });
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="grants.csv"',
    });
  })
  .get('/pre', (c) =>
    c.body('x'.repeat(4096), 200, { 'Content-Type': 'text/javascript', 'Content-Encoding': 'br' }),
  );

const get = (path: string, accept?: string) =>
  app.request(path, accept ? { headers: { 'Accept-Encoding': accept } } : {});

describe('text answers are compressed for the client', () => {
  it('sends brotli to a browser that accepts it, and the same JSON comes out', async () => {
    // Act
    const res = await get('/big', 'gzip, deflate, br, zstd');

    // Assess
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(JSON.stringify(big).length / 5);
    expect(JSON.parse(brotliDecompressSync(bytes).toString('utf8'))).toEqual(big);
  });

  it('sends gzip to a client without brotli, and nothing encoded to one that accepts neither', async () => {
    const gz = await get('/big', 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8'))).toEqual(big);

    const plain = await get('/big');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.json()).toEqual(big);
  });

  it('leaves small answers, images and already-encoded files as they are', async () => {
    for (const path of ['/small', '/png']) {
      const res = await get(path, 'br');
      expect(res.headers.get('content-encoding'), path).toBeNull();
    }
    const pre = await get('/pre', 'br, gzip');
    expect(pre.headers.get('content-encoding')).toBe('br');
    expect(await pre.text()).toBe('x'.repeat(4096));
  });

  it('gzips a streamed download as it streams, and the same rows come out', async () => {
    // Act
    const res = await get('/csv', 'br, gzip');

    // Assess
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const text = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
    expect(text.split('\n')).toHaveLength(501);
    expect(text.startsWith('g_0,Atelier vélo,1200\n')).toBe(true);
  });

  it('respects a refusal (q=0) and a wildcard', () => {
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('gzip;q=0, br;q=0')).toBeUndefined();
  });
});

describe('an answer that is not compressed', () => {
  it('goes out as the route made it, its body never opened (the Node.js server then writes it in one go)', async () => {
    // Prepare: an answer that counts how often its body is asked for
    const { target: made, opened } = watchBody(
      new Response(JSON.stringify(big), { headers: { 'Content-Type': 'application/json' } }),
    );
    const watched = new Hono().use(compression).get('/grant', () => made);

    // Act: a client that accepts no encoding, then a small answer to one that does
    const res = await watched.request('/grant');
    const small = await get('/small', 'br');

    // Assess
    expect(res).toBe(made);
    expect(opened()).toBe(0);
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(await res.json()).toEqual(big);
    expect(small.headers.get('content-encoding')).toBeNull();
  });
});
