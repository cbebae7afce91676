/**
 * The S3 half of the store of files (storage.ts): the client and the presigners, loaded on the first file
 * operation. Tests and the local emulator import it directly for a client of their own.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  contentDisposition,
  type FileStorage,
  type PresignedUpload,
  type S3StorageOptions,
  type ScanState,
  type StoredObject,
  scanStateOf,
} from './storage.ts';

/** The S3 client for the documents bucket: AWS as configured, or a local endpoint, path-style. */
export function documentsS3Client(opts: S3StorageOptions): S3Client {
  return new S3Client({
    region: opts.region ?? process.env.AWS_REGION ?? 'eu-west-1',
    ...(opts.endpoint
      ? {
          endpoint: opts.endpoint,
          forcePathStyle: true,
          // s3rver's fixed key pair; a local S3 checks no signature anyway.
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        }
      : {}),
  });
}

/** The operations of storage.ts's S3FileStorage, on a client given or made from its options. */
export function s3Operations(client: S3Client | S3StorageOptions, bucket: string): FileStorage {
  return new S3Operations(client instanceof S3Client ? client : documentsS3Client(client), bucket);
}

const notFound = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
};

/** The file operations on one bucket through one client. */
class S3Operations implements FileStorage {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async presignUpload(
    key: string,
    opts: { contentType: string; maxBytes: number; expiresInSeconds: number },
  ): Promise<PresignedUpload> {
    const { url, fields } = await createPresignedPost(
      // The presigner pins an exact client-s3 release; package.json pins the same one, so they are one.
      this.s3,
      {
        Bucket: this.bucket,
        Key: key,
        Fields: { 'Content-Type': opts.contentType },
        Conditions: [
          ['content-length-range', 1, opts.maxBytes],
          ['eq', '$Content-Type', opts.contentType],
        ],
        Expires: opts.expiresInSeconds,
      },
    );
    return { method: 'POST', url, fields };
  }

  async inspect(key: string, headBytes: number): Promise<StoredObject | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const size = head.ContentLength ?? 0;
      if (size === 0 || headBytes <= 0) return { size, head: new Uint8Array() };
      const got = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: `bytes=0-${Math.min(size, headBytes) - 1}`,
        }),
      );
      const bytes = (await got.Body?.transformToByteArray()) ?? new Uint8Array();
      // A server that ignores Range sends everything: keep what was asked for.
      return { size, head: bytes.subarray(0, headBytes) };
    } catch (e) {
      if (notFound(e)) return undefined;
      throw e;
    }
  }

  async sha256(key: string): Promise<string> {
    const got = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const hash = createHash('sha256');
    for await (const chunk of got.Body as Readable) hash.update(chunk as Uint8Array);
    return hash.digest('hex');
  }

  async copy(from: string, to: string): Promise<void> {
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: to,
        CopySource: `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
  }

  async presignDownload(
    key: string,
    opts: { fileName: string; contentType: string; expiresInSeconds: number },
  ): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: opts.contentType,
        ResponseContentDisposition: contentDisposition(opts.fileName),
      }),
      { expiresIn: opts.expiresInSeconds },
    );
  }

  async scanState(key: string): Promise<ScanState> {
    const tags = await this.s3.send(new GetObjectTaggingCommand({ Bucket: this.bucket, Key: key }));
    return scanStateOf(tags.TagSet ?? []);
  }

  async delete(...keys: string[]): Promise<void> {
    // One DeleteObject per key: a handful at most, and the same permission as DeleteObjects.
    await Promise.all(keys.map((Key) => this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }))));
  }
}
