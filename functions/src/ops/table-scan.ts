/**
 * Connecting the offline checks (`npm run audit:verify`, `npm run check:consistency`) to the table. They read
 * it whole through the store's scan (functions/src/store/scan.ts): operator tools, not request paths.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CheckCliConfig, checkCliSchema, parseConfig } from '#runtime/config';
import { errorFields, logger } from '#runtime/logger';
import { createDocumentClient } from '#store/client';
import { type LocalDynamo, startLocalDynamo } from '#store/local-dynamo';
import { Store } from '#store/store';

export interface Connection {
  readonly store: Store;
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
    store: new Store(db, tableName),
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
