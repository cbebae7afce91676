/** The services' dependencies of a Lambda function: the table of TABLE_NAME (at DYNAMODB_ENDPOINT, if set). */
import { createDeps, type Deps } from '#services/deps';
import { createDocumentClient } from '#store/client';
import { Store } from '#store/store';
import { TABLE_NAME_DEFAULT } from '#store/table';

export function depsFromEnv(env: NodeJS.ProcessEnv = process.env): Deps {
  return createDeps(
    new Store(
      createDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT }),
      env.TABLE_NAME ?? TABLE_NAME_DEFAULT,
    ),
  );
}
