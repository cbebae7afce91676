/**
 * DynamoDB for the benchmarks: one DynamoDB Local (in memory) for the run, and the store's own client
 * that counts every call and the capacity DynamoDB reports for it (`ReturnConsumedCapacity: 'TOTAL'` is
 * added to each input; DynamoDB Local answers with ConsumedCapacity as DynamoDB does).
 */
import { createDocumentClient } from '#store/client';
import type { DynamoClient } from '#store/dynamo-client';
import { type LocalDynamo, startLocalDynamo } from '#store/local-dynamo';

export type { LocalDynamo };
export { startLocalDynamo };

/** Operations that read (their units are read request units); every other operation writes. */
const READS = new Set(['GetItem', 'Query', 'BatchGetItem', 'TransactGetItems']);
/** Operations on the table itself, which take no ReturnConsumedCapacity. */
const CONTROL_PLANE = new Set(['CreateTable', 'DescribeTable', 'ListTables']);

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
  /** The client the store uses. */
  readonly db: DynamoClient;
  /** Calls made through `db` (only when counted). */
  readonly log: CallLog;
  /** Closes the client's sockets. */
  destroy(): void;
}

/** The store's client (functions/src/store/dynamo-client.ts), optionally counting its calls. */
export function createClients(endpoint: string, counted = false): Clients {
  // One attempt more than the Lambdas make: a bench run must not fail on DynamoDB Local's hiccup.
  const db = createDocumentClient({ endpoint, maxAttempts: 4 });
  const log = new CallLog();
  if (counted) {
    db.aroundCall(async (call, next) => {
      const read = READS.has(call.operation);
      if (!CONTROL_PLANE.has(call.operation)) call.input = { ...call.input, ReturnConsumedCapacity: 'TOTAL' };
      let units = 0;
      const start = performance.now();
      try {
        const out = await next();
        units = unitsOf(out.ConsumedCapacity as Capacity | Capacity[] | undefined);
        return out;
      } finally {
        // A refused call (a failed condition) is still a round trip; DynamoDB reports no units for it here.
        log.calls.push({
          command: call.operation,
          readUnits: read ? units : 0,
          writeUnits: read ? 0 : units,
          start,
          end: performance.now(),
        });
      }
    });
  }
  return { db, log, destroy: () => db.destroy() };
}
