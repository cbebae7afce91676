/** The services' dependencies of a deployed function: its table (at DYNAMODB_ENDPOINT, if set). */
import { deployedStoreSchema, parseConfig } from '#runtime/config';
import { createDeps, type Deps } from '#services/deps';
import { createDocumentClient } from '#store/client';
import { Store } from '#store/store';

export function depsFromEnv(entry: string, env: NodeJS.ProcessEnv = process.env): Deps {
  const { TABLE_NAME, DYNAMODB_ENDPOINT } = parseConfig(entry, deployedStoreSchema, env);
  return createDeps(new Store(createDocumentClient({ endpoint: DYNAMODB_ENDPOINT }), TABLE_NAME));
}
