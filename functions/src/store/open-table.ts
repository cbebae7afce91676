/**
 * The table a command-line tool works on (`npm run tick`, `npm run city:create`): TABLE_NAME at
 * DYNAMODB_ENDPOINT, or else the embedded DynamoDB Local on the files under DATA_DIR (stop `npm start`
 * first: one process owns the files). The table is created when it is missing.
 */
import { createDocumentClient } from './client.ts';
import { type LocalDynamo, startLocalDynamo } from './local-dynamo.ts';
import { ensureTable } from './schema.ts';
import { Store } from './store.ts';

export interface OpenTable {
  readonly store: Store;
  /** Lets go of the client and stops the DynamoDB Local it started, if any. */
  close(): Promise<void>;
}

export async function openTable(config: {
  readonly dynamoEndpoint?: string | undefined;
  readonly dataDir: string;
  readonly tableName: string;
}): Promise<OpenTable> {
  let dynamo: LocalDynamo | undefined;
  let endpoint = config.dynamoEndpoint;
  if (!endpoint) {
    dynamo = await startLocalDynamo({ dataDir: config.dataDir });
    endpoint = dynamo.endpoint;
  }
  const db = createDocumentClient({ endpoint });
  const close = async () => {
    db.destroy();
    await dynamo?.stop();
  };
  try {
    await ensureTable(db, config.tableName);
  } catch (e) {
    await close();
    throw e;
  }
  return { store: new Store(db, config.tableName), close };
}
