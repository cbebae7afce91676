import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { webFiles } from './web-files.ts';

// Prepare: a built front end, and a sibling folder whose name starts like it
const root = mkdtempSync(join(tmpdir(), 'passerelle-web-'));
const dist = join(root, 'dist');
mkdirSync(join(dist, 'assets'), { recursive: true });
mkdirSync(join(root, 'dist-secret'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(dist, 'assets', 'main-abc.js'), 'console.log(1)');
writeFileSync(join(dist, 'assets', 'main-abc.js.br'), 'brotli bytes');
writeFileSync(join(root, 'dist-secret', 'key.txt'), 'secret');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const app = new Hono().use('*', webFiles(dist)).all('*', (c) => c.text('fell through', 404));
const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, body: await res.text(), cache: res.headers.get('cache-control') };
};

describe('the web front end’s files, locally', () => {
  it('serves a file as it is, hashed assets for a year', async () => {
    expect(await get('/assets/main-abc.js')).toEqual({
      status: 200,
      body: 'console.log(1)',
      cache: 'public, max-age=31536000, immutable',
    });
  });

  it('sends the build’s brotli copy of a file to a browser that accepts it', async () => {
    // Act
    const res = await app.request('/assets/main-abc.js', { headers: { 'Accept-Encoding': 'gzip, br' } });

    // Assess
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('brotli bytes');
  });

  it('answers a client route, and the root, with index.html checked again at each load', async () => {
    for (const path of ['/', '/grants/g_1/edit']) {
      expect(await get(path)).toEqual({
        status: 200,
        body: '<!doctype html><title>app</title>',
        cache: 'no-cache',
      });
    }
  });

  it('never serves a sibling folder', async () => {
    for (const path of [
      '/../dist-secret/key.txt',
      '/..%2Fdist-secret%2Fkey.txt',
      '/%2e%2e/dist-secret/key.txt',
    ]) {
      expect((await get(path)).body, path).not.toContain('secret');
    }
  });

  it('leaves the API’s addresses and undecodable paths to the API (its 404 problem)', async () => {
    for (const path of ['/v1/nothing', '/auth/nothing', '/%E0%A4%A']) {
      expect(await get(path), path).toEqual({ status: 404, body: 'fell through', cache: null });
    }
  });
});
