/**
 * Child process of the overhead section: the API as `npm start` runs it (the production store client,
 * services and app) on 127.0.0.1, against the bench's DynamoDB Local. Prints `{ "port": … }` once it listens.
 * Environment: BENCH_ENDPOINT, BENCH_TABLE, BENCH_SECRET (hex key of the local tokens).
 */
import { serve } from '@hono/node-server';
import { createApp } from '#http/app';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#http/auth';
import { createDeps } from '#services/deps';
import { createDocumentClient } from '#store/client';
import { Store } from '#store/store';
import { announcePort } from './support/children.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
};

const store = new Store(createDocumentClient({ endpoint: env('BENCH_ENDPOINT') }), env('BENCH_TABLE'));
const app = createApp({
  deps: createDeps(store),
  auth: {
    mode: 'local',
    secret: Buffer.from(env('BENCH_SECRET'), 'hex'),
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
  },
  // The request log line is built as in production, then dropped rather than written to a pipe.
  log: (entry) => {
    JSON.stringify(entry);
  },
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
announcePort(server);
