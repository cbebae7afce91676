/**
 * The store of files, as the document service needs it, and its one adapter: S3 in AWS, or any
 * S3-compatible endpoint (the embedded emulator locally, path-style). Browsers send files straight to the
 * bucket with a presigned POST and read them with a presigned GET: no file passes through the API.
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

/** Where browsers put files; the bucket's lifecycle deletes what is still here after a day. */
export const UPLOAD_PREFIX = 'uploads/';
/** Where an attached document's bytes live: copied out of the uploader's reach before they are checked. */
export const DOCUMENT_PREFIX = 'documents/';

export const uploadKey = (id: string) => `${UPLOAD_PREFIX}${id}`;
export const documentKey = (id: string) => `${DOCUMENT_PREFIX}${id}`;

/** GuardDuty Malware Protection for S3 writes its verdict in this object tag. */
export const SCAN_TAG = 'GuardDutyMalwareScanStatus';

/** What a malware scan says of an object: not scanned yet, clean, or infected. */
export type ScanState = 'scanning' | 'available' | 'quarantined';

/**
 * GuardDuty's verdict as a document state. NO_THREATS_FOUND is the only clean answer; THREATS_FOUND is
 * quarantine; no tag yet means the scan is still running. The other verdicts (UNSUPPORTED, ACCESS_DENIED,
 * FAILED) mean nobody looked inside the file: it stays unserved, as if scanning, for an operator to see.
 */
export function scanStateOf(tags: readonly { Key?: string; Value?: string }[]): ScanState {
  const verdict = tags.find((t) => t.Key === SCAN_TAG)?.Value;
  if (verdict === 'NO_THREATS_FOUND') return 'available';
  if (verdict === 'THREATS_FOUND') return 'quarantined';
  return 'scanning';
}

export interface PresignedUpload {
  readonly method: 'POST';
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface StoredObject {
  readonly size: number;
  /** The first bytes of the object (fewer when it is shorter). */
  readonly head: Uint8Array;
}

/** The port: everything the document service asks of the store of files. */
export interface FileStorage {
  /** A form the browser posts the file with: this key only, this Content-Type, at most maxBytes. */
  presignUpload(
    key: string,
    opts: { contentType: string; maxBytes: number; expiresInSeconds: number },
  ): Promise<PresignedUpload>;
  /** Size and first bytes of an object (a ranged GET), or undefined when there is none. */
  inspect(key: string, headBytes: number): Promise<StoredObject | undefined>;
  /** SHA-256 of the whole object, hex, read as a stream. */
  sha256(key: string): Promise<string>;
  /**
   * Copies an object server-side. An upload carries no tags (GuardDuty scans documents/ only, and a POST
   * form accepts no field its policy does not name), so the copy starts unscanned and GuardDuty tags it.
   */
  copy(from: string, to: string): Promise<void>;
  /** A short-lived GET link that downloads the object under fileName. */
  presignDownload(
    key: string,
    opts: { fileName: string; contentType: string; expiresInSeconds: number },
  ): Promise<string>;
  /** The malware scan's verdict from the object's tags. */
  scanState(key: string): Promise<ScanState>;
  /** Deletes objects; keys that do not exist are not an error. */
  delete(...keys: string[]): Promise<void>;
}

export interface S3StorageOptions {
  readonly bucket: string;
  readonly region?: string | undefined;
  /** An S3-compatible endpoint (the local emulator): path-style addressing and fixed credentials. */
  readonly endpoint?: string | undefined;
}

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

const notFound = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
};

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name (Arabic and French names survive). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export class S3FileStorage implements FileStorage {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  static fromOptions(opts: S3StorageOptions): S3FileStorage {
    return new S3FileStorage(documentsS3Client(opts), opts.bucket);
  }

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
