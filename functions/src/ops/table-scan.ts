/**
 * Reading the whole table, for the offline checks (`npm run audit:verify`, `npm run check:consistency`).
 * These are operator tools, not request paths: they Scan, with strongly consistent reads, page by page.
 * No request path of Passerelle ever Scans (docs/data-model.md).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type CheckCliConfig, checkCliSchema, parseConfig } from '#runtime/config';
import { errorFields, logger } from '#runtime/logger';
import { createDocumentClient } from '#store/client';
import type { RecordType } from '#store/keys';
import { type LocalDynamo, startLocalDynamo } from '#store/local-dynamo';

export type Item = Record<string, unknown>;

export const RECORD_TYPES: readonly RecordType[] = ['partnership', 'grant', 'milestone'];

/** What one partition holds: a workflow record (`R`), its audit entries (`A#…`), or other items. */
export interface Partition {
  readonly pk: string;
  record?: Item;
  readonly audit: Item[];
  readonly other: Item[];
}

export async function* scanTable(db: DynamoDBDocumentClient, tableName: string): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) yield item;
    start = page.LastEvaluatedKey;
  } while (start);
}

/** The table grouped by partition key; audit entries in seq order. */
export async function partitions(db: DynamoDBDocumentClient, tableName: string): Promise<Partition[]> {
  const byPk = new Map<string, Partition>();
  for await (const item of scanTable(db, tableName)) {
    const pk = String(item.PK);
    let p = byPk.get(pk);
    if (!p) {
      p = { pk, audit: [], other: [] };
      byPk.set(pk, p);
    }
    const sk = String(item.SK);
    if (sk === 'R' && RECORD_TYPES.includes(item.entity as RecordType)) p.record = item;
    else if (sk.startsWith('A#') && item.entity === 'audit') p.audit.push(item);
    else p.other.push(item);
  }
  for (const p of byPk.values()) p.audit.sort((a, b) => String(a.SK).localeCompare(String(b.SK)));
  return [...byPk.values()];
}

/** `GRANT#g_123` → grant g_123 (undefined for partitions that are not workflow records). */
export function recordOf(pk: string): { type: RecordType; id: string } | undefined {
  const [prefix, ...rest] = pk.split('#');
  const type = ({ PARTNERSHIP: 'partnership', GRANT: 'grant', MILESTONE: 'milestone' } as const)[
    prefix as 'GRANT'
  ];
  return type && rest.length > 0 ? { type, id: rest.join('#') } : undefined;
}

export interface Connection {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly where: string;
  close(): Promise<void>;
}

/**
 * The table the CLI checks (see checkCliSchema): TABLE_NAME at DYNAMODB_ENDPOINT (for AWS itself:
 * https://dynamodb.<region>.amazonaws.com), or else the embedded DynamoDB Local of `npm start`, started
 * on the files under DATA_DIR (default .data/) — stop `npm start` first, so one process owns the files.
 */
export async function connect(config: CheckCliConfig): Promise<Connection> {
  const { tableName } = config;
  let dynamo: LocalDynamo | undefined;
  let endpoint = config.dynamoEndpoint;
  if (!endpoint) {
    const dataDir = resolve(config.dataDir);
    if (!existsSync(join(dataDir, 'dynamodb'))) {
      throw new Error(
        `No local data under ${dataDir}/dynamodb. Set DYNAMODB_ENDPOINT (and TABLE_NAME), or DATA_DIR.`,
      );
    }
    dynamo = await startLocalDynamo({ dataDir });
    endpoint = dynamo.endpoint;
  }
  const db = createDocumentClient({ endpoint });
  return {
    db,
    tableName,
    where: `${tableName} at ${dynamo ? `DynamoDB Local (${config.dataDir})` : endpoint}`,
    close: async () => {
      db.destroy();
      await dynamo?.stop();
    },
  };
}

/** True when this module is the script node was started with (not when a test imports it). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  return fileURLToPath(moduleUrl) === resolve(script);
}

/** Runs a CLI check: prints its report, exits 0 when clean, 1 when it found problems, 2 when it failed. */
export async function runCli(
  name: string,
  check: (c: Connection, config: CheckCliConfig) => Promise<{ text: string; ok: boolean }>,
) {
  let connection: Connection | undefined;
  try {
    const config = parseConfig(name, checkCliSchema, process.env);
    connection = await connect(config);
    const { text, ok } = await check(connection, config);
    process.stdout.write(`${text}\n`);
    await connection.close();
    process.exit(ok ? 0 : 1);
  } catch (e) {
    logger.error('the check could not run', { check: name, ...errorFields(e) });
    await connection?.close().catch(() => undefined);
    process.exit(2);
  }
}
