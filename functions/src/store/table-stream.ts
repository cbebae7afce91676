/**
 * The table's stream on DynamoDB Local (which implements Streams), polled: each batch of records goes to
 * `onRecords` — locally what Lambda does deployed. The local anchor writer (functions/src/anchor/) uses it.
 */
import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { errorFields, logger } from '#runtime/logger';

/** The part of a DynamoDB stream record its readers need (Lambda event and Streams API alike). */
export interface StreamRecordLike {
  readonly eventName?: string | undefined;
  readonly dynamodb?:
    | { readonly NewImage?: Record<string, { S?: string | undefined; N?: string | undefined }> | undefined }
    | undefined;
}

export interface StreamPolling {
  /** Reads the stream until it holds nothing new, so that every committed write was handed over. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const REGION = 'eu-west-1';

/** Turns the table's stream on (new images) when it is off; returns the stream's ARN. */
export async function enableStream(endpoint: string, tableName: string): Promise<string> {
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.StreamSpecification?.StreamEnabled && Table.LatestStreamArn) return Table.LatestStreamArn;
    const updated = await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    const arn = updated.TableDescription?.LatestStreamArn;
    if (!arn) throw new Error(`DynamoDB did not give table ${tableName} a stream`);
    return arn;
  } finally {
    client.destroy();
  }
}

/**
 * Starts polling (every `intervalMs`, default 250) from the oldest record the stream keeps: after a restart
 * `onRecords` sees records again and must skip what it already holds (the anchor sinks do).
 */
export async function pollTableStream(opts: {
  endpoint: string;
  tableName: string;
  /** Called with every batch read, in order; the next pass waits for it. */
  onRecords: (records: readonly StreamRecordLike[]) => Promise<void>;
  intervalMs?: number;
}): Promise<StreamPolling> {
  const streamArn = await enableStream(opts.endpoint, opts.tableName);
  const streams = new DynamoDBStreamsClient({
    endpoint: opts.endpoint,
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
    // A store that is gone (stopped first) must not hold the shutdown.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 8_000 },
  });
  /** Next iterator of each shard; null once a closed shard is read to its end. */
  const iterators = new Map<string, string | null>();

  /** One pass over every shard; returns how many records it read. */
  const pass = async (): Promise<number> => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      iterators.set(shard.ShardId, ShardIterator ?? null);
    }
    let read = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const records = page.Records ?? [];
      read += records.length;
      await opts.onRecords(records as readonly StreamRecordLike[]);
      iterators.set(shardId, page.NextShardIterator ?? null);
    }
    return read;
  };

  let running: Promise<unknown> = Promise.resolve();
  /** Passes never overlap: each waits for the one before. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = running.then(work, work);
    running = next.catch(() => undefined);
    return next;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    timer = setTimeout(() => {
      serial(pass)
        .catch((e: unknown) => {
          // The next pass tries again. Its one reader is the anchor writer: audit:verify reports what was
          // never anchored.
          logger.error('anchoring the audit trail failed', errorFields(e));
        })
        .finally(() => {
          if (!stopped) tick();
        });
    }, opts.intervalMs ?? 250);
    timer.unref();
  };
  tick();

  return {
    drain: async () => {
      while ((await serial(pass)) > 0) {
        // read until a pass over every shard finds nothing new
      }
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      streams.destroy();
    },
  };
}
