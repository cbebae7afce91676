/**
 * Child process of the overhead section: the DynamoDB operations the API makes for one request, issued
 * straight from Node with the production client, `connections` at a time for `seconds` — the limit of this
 * machine and DynamoDB Local, with no HTTP, auth, validation or domain logic. It is the very client the API's
 * store uses (functions/src/store/dynamo-client.ts, made by createDocumentClient), so that the ratio of the
 * two measures the API's own overhead, not a difference between two DynamoDB clients.
 *
 * - `get`:   GetItem (consistent) of `GRANT#<id>` — the grant GET /v1/grants/{id} reads (city settings are cached).
 *            The API also reads the signed-in user (GetItem) and, for an awarded grant, its funders' names
 *            (BatchGetItem): 2 or 3 calls to this side's 1 (`bench/overhead-profile.ts` prints them);
 * - `event`: GetItem of `MILESTONE#<id>`, then TransactWriteItems of the next version (conditioned on the
 *            version) and its audit entry (conditioned on not existing) — what POST /v1/milestones/{id}/events
 *            writes for `submit_report` and `request_revision`, which alternate on each milestone.
 *
 * Argument: JSON { endpoint, table, mode, ids, connections, seconds }. Prints one JSON line of results.
 */
import { chainEntry } from '#store/audit';
import { auditSk } from '#store/audit-entries';
import { createDocumentClient } from '#store/client';
import { RECORD_SK, stripStorage } from '#store/keys';
import { recordIndexKeys } from '#store/records';
import { ownCpuMs } from './support/cpu.ts';

interface Job {
  readonly endpoint: string;
  readonly table: string;
  readonly mode: 'get' | 'event';
  readonly ids: readonly string[];
  readonly connections: number;
  readonly seconds: number;
}

export interface DirectResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
  /** CPU this process used over the run (user + system), in milliseconds. */
  readonly cpuMs: number;
  /** The run's start and end on the monotonic clock, in microseconds (a CPU profile's clock). */
  readonly fromUs: number;
  readonly toUs: number;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const db = createDocumentClient({ endpoint: job.endpoint });
const TableName = job.table;

const REPORT = {
  narrative: 'We supported 131 families in 14 sessions.',
  indicatorResults: [{ name: 'people reached', value: 131 }],
  spent: { amount: 495_000, currency: 'TND' },
};

async function getGrant(id: string): Promise<void> {
  const out = await db.send('GetItem', {
    TableName,
    Key: { PK: `GRANT#${id}`, SK: RECORD_SK },
    ConsistentRead: true,
  });
  if (!out.Item) throw new Error(`no grant ${id}`);
}

async function milestoneEvent(id: string): Promise<void> {
  const PK = `MILESTONE#${id}`;
  const out = await db.send('GetItem', { TableName, Key: { PK, SK: RECORD_SK }, ConsistentRead: true });
  const item = out.Item;
  if (!item) throw new Error(`no milestone ${id}`);
  const submit = item.state !== 'submitted';
  const now = new Date().toISOString();
  const version = (item.version as number) + 1;
  const to = submit ? 'submitted' : 'revision_requested';
  const record = {
    ...stripStorage<Record<string, unknown>>(item),
    state: to,
    version,
    updatedAt: now,
    ...(submit
      ? { report: REPORT, submittedAt: now }
      : {
          reviewedAt: now,
          reviewedBy: 'u-officer-sfax',
          reviewComment: 'Please add the number of sessions.',
        }),
  };
  const entry = chainEntry(
    {
      entityType: 'milestone',
      entityId: id,
      event: submit ? 'submit_report' : 'request_revision',
      from: item.state as string,
      to,
      actorId: submit ? 'u-cso-sfax' : 'u-officer-sfax',
      role: submit ? 'cso' : 'city_officer',
      at: now,
      ...(submit ? { data: { late: false } } : { comment: 'Please add the number of sessions.' }),
    },
    version,
    item.auditHash as string,
  );
  await db.send('TransactWriteItems', {
    TransactItems: [
      {
        Put: {
          TableName,
          Item: {
            ...record,
            PK,
            SK: RECORD_SK,
            entity: 'milestone',
            auditHash: entry.hash,
            ...recordIndexKeys('milestone', record as never),
          },
          ConditionExpression: '#v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': item.version },
        },
      },
      {
        Put: {
          TableName,
          Item: { ...entry, PK, SK: auditSk(version), entity: 'audit' },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ],
  });
}

async function main(): Promise<DirectResult> {
  const op = job.mode === 'get' ? getGrant : milestoneEvent;
  const latenciesMs: number[] = [];
  let errors = 0;
  let next = 0;
  const fromUs = nowUs();
  const started = performance.now();
  const cpuAtStart = ownCpuMs();
  const until = started + job.seconds * 1000;
  // Each worker is one "connection": one request at a time; for events, each works on its own milestones.
  const worker = async (w: number) => {
    const own = job.mode === 'event' ? job.ids.filter((_, i) => i % job.connections === w) : job.ids;
    for (let i = 0; performance.now() < until; i++) {
      const id =
        job.mode === 'event' ? (own[i % own.length] as string) : (job.ids[next++ % job.ids.length] as string);
      const t = performance.now();
      try {
        await op(id);
        latenciesMs.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, (_, w) => worker(w)));
  return {
    requests: latenciesMs.length,
    errors,
    seconds: (performance.now() - started) / 1000,
    latenciesMs,
    cpuMs: ownCpuMs() - cpuAtStart,
    fromUs,
    toUs: nowUs(),
  };
}

main().then(
  (result) => {
    // Exit once the line is written: at 64 connections over 8 s the latencies make 300 KB, more than a
    // pipe takes at once, and an exit right after the call cut the line short.
    process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
