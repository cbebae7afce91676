/**
 * Child process for `overhead-profile.ts --server=hono`: the floor (overhead-floor.ts) with Hono in it — one
 * Hono route on @hono/node-server, as the API is served, making the same consistent GetItem and answering its
 * attributes less the storage ones with `c.json`; none of the API's middleware, sign-in, validation or view.
 * Between the floor and the API, it says what Hono and node-server cost (little: bench/findings.md) and so
 * what is left to the API's own code.
 * Environment: BENCH_ENDPOINT, BENCH_TABLE. Prints `{ "port": … }` once it listens.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createDocumentClient } from '#store/client';
import { RECORD_SK, stripStorage } from '#store/keys';
import { announcePort } from './support/children.ts';

const db = createDocumentClient({ endpoint: process.env.BENCH_ENDPOINT ?? '' });
const TableName = process.env.BENCH_TABLE ?? '';

const app = new Hono().get('/v1/grants/:id', async (c) => {
  const Key = { PK: `GRANT#${c.req.param('id')}`, SK: RECORD_SK };
  const out = await db.send('GetItem', { TableName, Key, ConsistentRead: true });
  return out.Item ? c.json(stripStorage(out.Item)) : c.json({ title: 'Not found' }, 404);
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
announcePort(server);
