/**
 * Connecting the offline checks (`npm run audit:verify`, `npm run check:consistency`) to the table. They read
 * it whole through the store's scan (functions/src/store/scan.ts): operator tools, not request paths.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDocumentClient } from '#store/client';
import { type LocalDynamo, startLocalDynamo } from '#store/local-dynamo';
import { Store } from '#store/store';
import { TABLE_NAME_DEFAULT } from '#store/table';

export interface Connection {
  readonly store: Store;
  readonly where: string;
  close(): Promise<void>;
}

/**
 * The table the CLI checks: TABLE_NAME (default `passerelle`) at DYNAMODB_ENDPOINT (for AWS itself:
 * https://dynamodb.<region>.amazonaws.com), or else the embedded DynamoDB Local of `npm start`, started
 * on the files under DATA_DIR (default .data/) — stop `npm start` first, so one process owns the files.
 */
export async function connectFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  const tableName = env.TABLE_NAME ?? TABLE_NAME_DEFAULT;
  let dynamo: LocalDynamo | undefined;
  let endpoint = env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    const dataDir = resolve(env.DATA_DIR ?? '.data');
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
    where: `${tableName} at ${dynamo ? `DynamoDB Local (${env.DATA_DIR ?? '.data'})` : endpoint}`,
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
export async function runCli(check: (c: Connection) => Promise<{ text: string; ok: boolean }>) {
  let connection: Connection | undefined;
  try {
    connection = await connectFromEnv();
    const { text, ok } = await check(connection);
    process.stdout.write(`${text}\n`);
    await connection.close();
    process.exit(ok ? 0 : 1);
  } catch (e) {
    process.stderr.write(`passerelle: the check could not run: ${e instanceof Error ? e.message : e}\n`);
    await connection?.close().catch(() => undefined);
    process.exit(2);
  }
}
