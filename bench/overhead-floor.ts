/**
 * Child process for `overhead-profile.ts --server=floor`: the least an HTTP API can do for
 * GET /v1/grants/{id} — Node's own HTTP server, the production DynamoDB client's consistent GetItem of the
 * grant, its attributes less the storage ones as JSON; no Hono, sign-in, validation, view or headers beyond
 * Node's. Its ratio to the direct side is what the HTTP hop and the load generator cost on this machine; the
 * distance from the API's ratio to this one is the API's own code.
 * Environment: BENCH_ENDPOINT, BENCH_TABLE. Prints `{ "port": … }` once it listens.
 */
import { createServer } from 'node:http';
import { createDocumentClient } from '#store/client';
import { RECORD_SK, stripStorage } from '#store/keys';
import { announcePort } from './support/children.ts';

const db = createDocumentClient({ endpoint: process.env.BENCH_ENDPOINT ?? '' });
const TableName = process.env.BENCH_TABLE ?? '';

const server = createServer((req, res) => {
  const id = (req.url ?? '').split('/').pop() ?? '';
  db.send('GetItem', { TableName, Key: { PK: `GRANT#${id}`, SK: RECORD_SK }, ConsistentRead: true }).then(
    (out) => {
      const body = JSON.stringify(out.Item ? stripStorage(out.Item) : { title: 'Not found' });
      res.writeHead(out.Item ? 200 : 404, { 'content-type': 'application/json' }).end(body);
    },
    () => res.writeHead(500).end(),
  );
});
announcePort(server);
server.listen(0, '127.0.0.1');
