/**
 * The whole system on one machine: the API, the built web front end at `/`, and a DynamoDB
 * (DynamoDB Local, or any endpoint given). Used by `npm start` and by the end-to-end tests.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '#http/app';
import { type AuthConfig, LOCAL_AUDIENCE, LOCAL_ISSUER } from '#http/auth';
import { isEmpty, loadDemo } from '#seed/demo';
import { createDeps, type Deps } from '#services/deps';
import { createDocumentClient } from '#store/client';
import { ensureTable } from '#store/schema';
import { Store } from '#store/store';
import { TABLE_NAME_DEFAULT } from '#store/table';
import { inlineScripts } from '../../../web/csp.ts';
import { ANCHOR_FILE_NAME, FileAnchorSink } from '../anchor/file-sink.ts';
import { type StreamAnchoring, startStreamAnchoring } from '../anchor/local-stream.ts';
import { LOCAL_DOCUMENTS_BUCKET, type LocalS3, startLocalS3 } from '../files/local-s3.ts';
import { S3FileStorage } from '../files/storage.ts';
import { webFiles } from './web-files.ts';

export interface SystemOptions {
  readonly dynamoEndpoint: string;
  readonly port?: number;
  readonly tableName?: string;
  /** Load the demo data into an empty table. */
  readonly seed?: boolean;
  /** The built web front end (default web/dist); served at `/` when present. */
  readonly webDir?: string;
  /** Where the local signing key is kept (a random one per process when unset). */
  readonly dataDir?: string;
  readonly clock?: () => Date;
  /**
   * Where the audit chains are anchored (JSON lines, appended from the table's stream); default
   * `<dataDir>/anchors.jsonl` when dataDir is set, else none.
   */
  readonly anchorFile?: string;
  /**
   * Another S3 for the documents, with its bucket (documentsBucket, default passerelle-documents). Unset:
   * the embedded S3 emulator, its files under `<dataDir>/s3` (a temporary folder without dataDir), stopped
   * with the system.
   */
  readonly s3Endpoint?: string | undefined;
  readonly documentsBucket?: string | undefined;
}

export interface RunningSystem {
  readonly url: string;
  readonly deps: Deps;
  readonly auth: Extract<AuthConfig, { mode: 'local' }>;
  /** The local anchor writer, when anchoring is on. */
  readonly anchoring?: StreamAnchoring & { readonly file: string };
  /** The embedded S3 of the documents, when this system started one. */
  readonly s3?: LocalS3;
  close(): Promise<void>;
}

function localSecret(dataDir: string | undefined): Uint8Array {
  if (!dataDir) return randomBytes(32);
  const file = join(dataDir, 'local-signing-key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export async function startSystem(opts: SystemOptions): Promise<RunningSystem> {
  const db = createDocumentClient({ endpoint: opts.dynamoEndpoint });
  const tableName = opts.tableName ?? TABLE_NAME_DEFAULT;
  await ensureTable(db, tableName);
  const store = new Store(db, tableName);
  const documents = await startDocuments(opts);
  // Links in mails sent while a request is handled (a message's) lead to this server's web pages.
  const deps = {
    ...createDeps(store, opts.clock, { files: documents.files, scanning: 'none' }),
    publicUrl: opts.port ? `http://localhost:${opts.port}` : undefined,
  };
  // Anchoring starts before anything is written, so the demo's entries are anchored too.
  const anchorFile = opts.anchorFile ?? (opts.dataDir ? join(opts.dataDir, ANCHOR_FILE_NAME) : undefined);
  const anchoring = anchorFile
    ? {
        file: anchorFile,
        ...(await startStreamAnchoring({
          endpoint: opts.dynamoEndpoint,
          tableName,
          sink: new FileAnchorSink(anchorFile),
        })),
      }
    : undefined;
  if (opts.seed && (await isEmpty(deps))) await loadDemo(deps);

  const auth = {
    mode: 'local' as const,
    secret: localSecret(opts.dataDir),
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
  };
  const webDir = resolve(opts.webDir ?? 'web/dist');
  const app = createApp({
    deps,
    auth,
    filesOrigin: new URL(opts.s3Endpoint ?? documents.s3?.endpoint ?? 'http://127.0.0.1').origin,
    inlineScripts: inlineScripts(webDir),
    extra: (a) => {
      a.use('*', webFiles(webDir));
    },
  });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    auth,
    ...(anchoring ? { anchoring } : {}),
    ...(documents.s3 ? { s3: documents.s3 } : {}),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => {
          const stopped = anchoring ? anchoring.drain().finally(() => anchoring.stop()) : Promise.resolve();
          void stopped
            .catch(() => undefined)
            .finally(() => {
              db.destroy();
              void documents.stop().finally(ok);
            });
        });
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

/** The store of files: the S3 given, or the embedded one (stopped, and its temporary folder removed, by stop). */
async function startDocuments(opts: SystemOptions): Promise<{
  files: S3FileStorage;
  s3?: LocalS3;
  stop(): Promise<void>;
}> {
  if (opts.s3Endpoint) {
    const bucket = opts.documentsBucket ?? LOCAL_DOCUMENTS_BUCKET;
    return {
      files: S3FileStorage.fromOptions({ bucket, endpoint: opts.s3Endpoint }),
      stop: async () => {},
    };
  }
  const temporary = opts.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'passerelle-s3-'));
  const directory = temporary ?? join(opts.dataDir ?? '.', 's3');
  const s3 = await startLocalS3({ directory, bucket: opts.documentsBucket });
  return {
    files: S3FileStorage.fromOptions({ bucket: s3.bucket, endpoint: s3.endpoint }),
    s3,
    stop: async () => {
      await s3.stop();
      if (temporary) rmSync(temporary, { recursive: true, force: true });
    },
  };
}
