/**
 * The table's own client against DynamoDB Local (real): what it sends and reads back is what the store
 * wrote with the SDK's document client, a refusal comes back as the error the store tells apart, and
 * what cannot be reached is retried with backoff, then reported as the store being unavailable.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createDocumentClient } from './client.ts';
import {
  ConditionalCheckFailedException,
  type DynamoClient,
  DynamoError,
  TransactionCanceledException,
} from './dynamo-client.ts';
import { isUnavailable, StoreUnavailableError } from './errors.ts';
import { ensureTable } from './schema.ts';
import { Store } from './store.ts';
import { isConditionFailure } from './table-io.ts';

const TableName = `dynamo-client-${process.pid}-${Date.now()}`;

const throttled = () =>
  new DynamoError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.', 400);

/** A server that takes connections and never answers: a store that hangs. */
async function silentServer(): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/** A port nothing listens on (a server opened and closed again). */
async function closedPort(): Promise<string> {
  const s = await silentServer();
  await s.close();
  return s.endpoint;
}

describe('the table’s own DynamoDB client', () => {
  let db: DynamoClient;
  beforeAll(async () => {
    db = createDocumentClient({ endpoint: inject('dynamoEndpoint') });
    await ensureTable(db, TableName);
  });
  afterAll(() => {
    db?.destroy();
  });

  it('reads back every kind of value as it was written, without the undefined ones', async () => {
    // Prepare
    const item = {
      PK: 'ROUNDTRIP#1',
      SK: 'R',
      count: 42,
      share: 0.25,
      negative: -7,
      open: true,
      closed: false,
      nothing: null,
      missing: undefined,
      name: 'جمعية أمل صفاقس',
      tags: new Set(['a', 'b']),
      years: new Set([2025, 2026]),
      bytes: Uint8Array.from([0, 1, 2, 250, 255]),
      nested: { list: [1, 'two', { three: [true, null] }], empty: {}, skipped: undefined },
    };
    // Act
    await db.send('PutItem', { TableName, Item: item });
    const { Item } = await db.send('GetItem', { TableName, Key: { PK: 'ROUNDTRIP#1', SK: 'R' } });
    // Assess
    const { missing: _m, nested, ...rest } = item;
    expect(Item).toEqual({ ...rest, nested: { list: nested.list, empty: {} } });
    expect(Item).not.toHaveProperty('missing');
    expect(Item?.bytes).toBeInstanceOf(Uint8Array);
    expect(typeof Item?.count).toBe('number');
  });

  it('hands back a page’s key that leads, given back, to the next page until all are read', async () => {
    // Prepare: seven items of one partition, written in one BatchWriteItem
    const items = Array.from({ length: 7 }, (_, i) => ({ PK: 'PAGES#1', SK: `S#${i}`, n: i }));
    await db.send('BatchWriteItem', {
      RequestItems: { [TableName]: items.map((Item) => ({ PutRequest: { Item } })) },
    });
    // Act
    const pages: number[][] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send('Query', {
        TableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'PAGES#1' },
        ExclusiveStartKey: start,
        Limit: 3,
      });
      pages.push((out.Items ?? []).map((i) => i.n as number));
      start = out.LastEvaluatedKey;
      if (start) expect(start).toEqual({ PK: 'PAGES#1', SK: expect.stringMatching(/^S#/) });
    } while (start);
    const batch = await db.send('BatchGetItem', {
      RequestItems: {
        [TableName]: {
          Keys: [
            { PK: 'PAGES#1', SK: 'S#2' },
            { PK: 'PAGES#1', SK: 'S#5' },
          ],
        },
      },
    });
    // Assess
    expect(pages.flat()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(pages[0]).toEqual([0, 1, 2]);
    expect((batch.Responses?.[TableName] ?? []).map((i) => i.n).sort()).toEqual([2, 5]);
  });

  it('says a failed condition is one, with the item as it was when asked for it', async () => {
    // Prepare
    await db.send('PutItem', { TableName, Item: { PK: 'COND#1', SK: 'R', version: 3 } });
    // Act
    const refused = await db
      .send('PutItem', {
        TableName,
        Item: { PK: 'COND#1', SK: 'R', version: 4 },
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': 2 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      })
      .catch((e: unknown) => e);
    // Assess
    expect(refused).toBeInstanceOf(ConditionalCheckFailedException);
    expect(isConditionFailure(refused)).toBe(true);
    expect(isUnavailable(refused)).toBe(false);
    expect((refused as ConditionalCheckFailedException).$metadata.httpStatusCode).toBe(400);
    expect((refused as ConditionalCheckFailedException).Item).toEqual({ PK: 'COND#1', SK: 'R', version: 3 });
  });

  it('says why a transaction was cancelled, item by item, and writes none of it', async () => {
    // Prepare: the second item of the transaction exists already
    await db.send('PutItem', { TableName, Item: { PK: 'TX#2', SK: 'R', taken: true } });
    // Act
    const cancelled = await db
      .send('TransactWriteItems', {
        TransactItems: [
          {
            Put: {
              TableName,
              Item: { PK: 'TX#1', SK: 'R' },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName,
              Item: { PK: 'TX#2', SK: 'R' },
              ConditionExpression: 'attribute_not_exists(PK)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      })
      .catch((e: unknown) => e);
    const first = await db.send('GetItem', { TableName, Key: { PK: 'TX#1', SK: 'R' }, ConsistentRead: true });
    // Assess
    expect(cancelled).toBeInstanceOf(TransactionCanceledException);
    const reasons = (cancelled as TransactionCanceledException).CancellationReasons;
    expect(reasons.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(reasons[1]?.Item).toEqual({ PK: 'TX#2', SK: 'R', taken: true });
    expect(isUnavailable(cancelled)).toBe(false);
    expect(first.Item).toBeUndefined();
  });

  it('applies a transaction sent again with its token once, as a retry after a lost answer does', async () => {
    // Prepare: a counter added to in a transaction, and the transaction's token
    const add = {
      TransactItems: [
        {
          Update: {
            TableName,
            Key: { PK: 'TOKEN#1', SK: 'R' },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
      ],
      ClientRequestToken: `token-${Date.now()}`,
    };
    const tokens: unknown[] = [];
    const stop = db.aroundAttempt((attempt, next) => {
      tokens.push(attempt.input.ClientRequestToken);
      return next();
    });
    // Act
    await db.send('TransactWriteItems', add);
    await db.send('TransactWriteItems', add);
    await db.send('TransactWriteItems', { TransactItems: add.TransactItems });
    stop();
    const { Item } = await db.send('GetItem', {
      TableName,
      Key: { PK: 'TOKEN#1', SK: 'R' },
      ConsistentRead: true,
    });
    // Assess: the same token twice counts once; a transaction without a token is given one of its own
    expect(Item?.n).toBe(2);
    expect(tokens[0]).toBe(add.ClientRequestToken);
    expect(tokens[2]).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
  });

  it('retries throttling with waits, then succeeds; a refusal it does not retry', async () => {
    // Prepare: the first two attempts of the first call throttled, as DynamoDB would answer them
    const client = createDocumentClient({ endpoint: inject('dynamoEndpoint') });
    let throttledCall: number | undefined;
    const attempts: { operation: string; attempt: number; at: number }[] = [];
    client.aroundAttempt((a, next) => {
      attempts.push({ operation: a.operation, attempt: a.attempt, at: performance.now() });
      throttledCall ??= a.id;
      if (a.id === throttledCall && a.attempt <= 2) throw throttled();
      return next();
    });
    // Act
    const got = await client.send('GetItem', { TableName, Key: { PK: 'COND#1', SK: 'R' } });
    const invalid = await client
      .send('GetItem', { TableName, Key: { PK: 'COND#1' } })
      .catch((e: unknown) => e);
    client.destroy();
    // Assess: three attempts of the read, waits within 0–1 s and 0–2 s; the invalid read was sent once
    expect(got.Item?.version).toBe(3);
    const reads = attempts.filter((a) => a.operation === 'GetItem');
    expect(reads.map((a) => a.attempt)).toEqual([1, 2, 3, 1]);
    const [a1, a2, a3] = reads.map((a) => a.at) as [number, number, number];
    expect(a2 - a1).toBeLessThan(1_000 + 250);
    expect(a3 - a2).toBeLessThan(2_000 + 250);
    expect(invalid).toBeInstanceOf(DynamoError);
    expect((invalid as DynamoError).name).toBe('ValidationException');
    expect(isUnavailable(invalid)).toBe(false);
  });

  it('reports throttling that outlasts the attempts as the store being unavailable (→ 503)', async () => {
    // Prepare: every attempt throttled, and a 5xx once
    const client = createDocumentClient({ endpoint: inject('dynamoEndpoint'), maxAttempts: 2 });
    let sent = 0;
    client.aroundAttempt(() => {
      sent++;
      throw throttled();
    });
    const store = new Store(client, TableName);
    const flaky = createDocumentClient({ endpoint: inject('dynamoEndpoint') });
    let failedOnce = false;
    flaky.aroundAttempt((_a, next) => {
      if (failedOnce) return next();
      failedOnce = true;
      throw new DynamoError('InternalServerError', 'Internal server error', 500);
    });
    // Act
    const read = await store.getCity('nowhere').catch((e: unknown) => e);
    const afterFault = await flaky.send('GetItem', { TableName, Key: { PK: 'COND#1', SK: 'R' } });
    client.destroy();
    flaky.destroy();
    // Assess
    expect(read).toBeInstanceOf(StoreUnavailableError);
    expect(sent).toBe(2);
    expect(afterFault.Item?.version).toBe(3);
  });

  it('names a store that cannot be reached, a store that does not answer, and missing credentials', async () => {
    // Prepare: nothing listening; a server that never answers; AWS itself without credentials
    const refused = createDocumentClient({ endpoint: await closedPort(), maxAttempts: 2 });
    const silent = await silentServer();
    const hanging = createDocumentClient({
      endpoint: silent.endpoint,
      maxAttempts: 2,
      requestTimeoutMs: 300,
    });
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    const aws = createDocumentClient({
      endpoint: 'https://dynamodb.eu-west-1.amazonaws.com',
      region: 'eu-west-1',
    });
    // Act
    const unreachable = await refused.send('ListTables', {}).catch((e: unknown) => e);
    const started = performance.now();
    const timedOut = await hanging.send('ListTables', {}).catch((e: unknown) => e);
    const waited = performance.now() - started;
    const noCredentials = await aws.send('ListTables', {}).catch((e: unknown) => e);
    vi.unstubAllEnvs();
    for (const c of [refused, hanging, aws]) c.destroy();
    await silent.close();
    // Assess
    expect(unreachable).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isUnavailable(unreachable)).toBe(true);
    expect(timedOut).toMatchObject({
      name: 'TimeoutError',
      message: expect.stringContaining('within 300 ms'),
    });
    expect(isUnavailable(timedOut)).toBe(true);
    expect(waited).toBeGreaterThanOrEqual(2 * 300 - 20);
    expect(noCredentials).toMatchObject({
      name: 'CredentialsError',
      message: expect.stringContaining('AWS_ACCESS_KEY_ID'),
    });
  });
});
