/** The services' dependencies of a deployed function: its table (at DYNAMODB_ENDPOINT, if set) and its documents bucket. */
import { deployedStoreSchema, documentsSchema, parseConfig } from '#runtime/config';
import { createDeps, type Deps } from '#services/deps';
import { createDocumentClient } from '#store/client';
import { Store } from '#store/store';
import { S3FileStorage } from '../files/storage.ts';

/** `withDocuments`: the function handles files (api, tick) and must be given its bucket. */
export function depsFromEnv(entry: string, env: NodeJS.ProcessEnv = process.env, withDocuments = true): Deps {
  const { TABLE_NAME, DYNAMODB_ENDPOINT } = parseConfig(entry, deployedStoreSchema, env);
  const store = new Store(createDocumentClient({ endpoint: DYNAMODB_ENDPOINT }), TABLE_NAME);
  if (!withDocuments) return createDeps(store);
  const documents = parseConfig(entry, documentsSchema, env);
  const files = S3FileStorage.fromOptions({
    bucket: documents.DOCUMENTS_BUCKET,
    region: documents.AWS_REGION,
    endpoint: documents.S3_ENDPOINT,
  });
  // Deployed, GuardDuty scans what is attached; against another S3 (tests) nothing does.
  const scanning = documents.S3_ENDPOINT ? 'none' : 'guardduty';
  return createDeps(store, undefined, { files, scanning });
}
