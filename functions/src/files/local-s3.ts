/**
 * The store of files of a local run: the embedded S3 emulator s3rver, in this process, its files in a
 * directory (under DATA_DIR), with the documents bucket created. It checks no signature and no POST
 * policy: the attach-time checks (rules.ts checkObject) are what stands locally.
 */
import { mkdirSync } from 'node:fs';
import { CreateBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { documentsS3Client } from './s3.ts';

/** The bucket a local run keeps its documents in. */
export const LOCAL_DOCUMENTS_BUCKET = 'passerelle-documents';

export interface LocalS3 {
  /** `http://127.0.0.1:<port>`: the endpoint for S3FileStorage (path-style). */
  readonly endpoint: string;
  readonly bucket: string;
  stop(): Promise<void>;
}

export async function startLocalS3(opts: {
  directory: string;
  port?: number | undefined;
  bucket?: string | undefined;
}): Promise<LocalS3> {
  mkdirSync(opts.directory, { recursive: true });
  const bucket = opts.bucket ?? LOCAL_DOCUMENTS_BUCKET;
  const server = new S3rver({
    port: opts.port ?? 0,
    address: '127.0.0.1',
    directory: opts.directory,
    silent: true,
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const s3 = documentsS3Client({ bucket, endpoint });
  try {
    // Idempotent on s3rver: a bucket kept from an earlier run under the same directory is reused.
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') {
      await server.close();
      throw e;
    }
  }
  try {
    // As the deployed bucket does for the web origin: the browser posts the upload form here and reads
    // the answer (any local port: the app's port is chosen after this starts).
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['http://127.0.0.1:*', 'http://localhost:*'],
              AllowedMethods: ['POST', 'GET'],
              AllowedHeaders: ['*'],
              MaxAgeSeconds: 3600,
            },
          ],
        },
      }),
    );
  } catch (e) {
    await server.close();
    throw e;
  } finally {
    s3.destroy();
  }
  let stopped = false;
  return {
    endpoint,
    bucket,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.close();
    },
  };
}
