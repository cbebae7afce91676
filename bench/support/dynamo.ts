/**
 * DynamoDB for the benchmarks: one DynamoDB Local (in memory) for the run, and document clients that
 * count every call and the capacity DynamoDB reports for it (`ReturnConsumedCapacity: 'TOTAL'` is added
 * to each input; DynamoDB Local answers with ConsumedCapacity as DynamoDB does).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type LocalDynamo, startLocalDynamo } from '#store/local-dynamo';

export type { LocalDynamo };
export { startLocalDynamo };

/** Commands that read (their units are read request units); every other command writes. */
const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

export interface Call {
  readonly command: string;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** performance.now() when the call was sent and when its answer came. */
  readonly start: number;
  readonly end: number;
}

/** What the counted calls since the last reset did. */
export class CallLog {
  calls: Call[] = [];

  reset(): void {
    this.calls = [];
  }

  get count(): number {
    return this.calls.length;
  }

  get readUnits(): number {
    return this.calls.reduce((s, c) => s + c.readUnits, 0);
  }

  get writeUnits(): number {
    return this.calls.reduce((s, c) => s + c.writeUnits, 0);
  }

  /** Milliseconds during which at least one call was waiting for DynamoDB (parallel calls count once). */
  get storeMs(): number {
    let total = 0;
    let until = Number.NEGATIVE_INFINITY;
    for (const c of [...this.calls].sort((a, b) => a.start - b.start)) {
      if (c.end <= until) continue;
      total += c.end - Math.max(c.start, until);
      until = c.end;
    }
    return total;
  }

  /** e.g. `GetItem + TransactWriteItems`, in call order. */
  get summary(): string {
    return this.calls.map((c) => c.command.replace(/Command$/, '')).join(' + ');
  }
}

type Capacity = { CapacityUnits?: number } | undefined;

function unitsOf(consumed: Capacity | Capacity[] | undefined): number {
  if (!consumed) return 0;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce((s, c) => s + (c?.CapacityUnits ?? 0), 0);
}

export interface Clients {
  /** The document client the store uses. */
  readonly db: DynamoDBDocumentClient;
  /** Calls made through `db` (only when counted). */
  readonly log: CallLog;
  /** Closes the client's sockets (DynamoDBDocumentClient.destroy does not). */
  destroy(): void;
}

/** A document client configured as functions/src/store/client.ts does, optionally counting its calls. */
export function createClients(endpoint: string, counted = false): Clients {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    maxAttempts: 4,
    retryMode: 'adaptive',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const log = new CallLog();
  if (counted) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        const command = context.commandName ?? 'unknown';
        const read = READS.has(command);
        let units = 0;
        const start = performance.now();
        try {
          const out = await next({ ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } });
          units = unitsOf((out.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
          return out;
        } finally {
          // A refused call (a failed condition) is still a round trip; DynamoDB reports no units for it here.
          log.calls.push({
            command,
            readUnits: read ? units : 0,
            writeUnits: read ? 0 : units,
            start,
            end: performance.now(),
          });
        }
      },
      { step: 'initialize', name: 'benchCallCounter' },
    );
  }
  const db = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { db, log, destroy: () => client.destroy() };
}
