/**
 * The store of files, as the document service needs it, and its one adapter: S3 in AWS, or any
 * S3-compatible endpoint (the embedded emulator locally, path-style). Browsers send files straight to the
 * bucket with a presigned POST and read them with a presigned GET: no file passes through the API.
 *
 * The S3 client and its presigners (a 133 KB chunk, minified) live in s3.ts, imported on the first file
 * operation: most requests never touch a file, and a cold start would parse them all for nothing.
 */
import type { S3Client } from '@aws-sdk/client-s3';

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

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name (Arabic and French names survive). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * The port over S3: each operation loads s3.ts once (a dynamic import, so the bundles keep the SDK's S3
 * half in a chunk of its own) and hands over to it.
 */
export class S3FileStorage implements FileStorage {
  #operations: Promise<FileStorage> | undefined;

  /** `client`: an S3 client already made (tests), or how to make one on first use. */
  constructor(
    private readonly client: S3Client | S3StorageOptions,
    readonly bucket: string,
  ) {}

  static fromOptions(opts: S3StorageOptions): S3FileStorage {
    return new S3FileStorage(opts, opts.bucket);
  }

  private operations(): Promise<FileStorage> {
    this.#operations ??= import('./s3.ts').then(
      (m) => m.s3Operations(this.client, this.bucket),
      (e: unknown) => {
        // A failed load is not kept: the next operation tries again.
        this.#operations = undefined;
        throw e;
      },
    );
    return this.#operations;
  }

  async presignUpload(
    key: string,
    opts: { contentType: string; maxBytes: number; expiresInSeconds: number },
  ): Promise<PresignedUpload> {
    return (await this.operations()).presignUpload(key, opts);
  }

  async inspect(key: string, headBytes: number): Promise<StoredObject | undefined> {
    return (await this.operations()).inspect(key, headBytes);
  }

  async sha256(key: string): Promise<string> {
    return (await this.operations()).sha256(key);
  }

  async copy(from: string, to: string): Promise<void> {
    return (await this.operations()).copy(from, to);
  }

  async presignDownload(
    key: string,
    opts: { fileName: string; contentType: string; expiresInSeconds: number },
  ): Promise<string> {
    return (await this.operations()).presignDownload(key, opts);
  }

  async scanState(key: string): Promise<ScanState> {
    return (await this.operations()).scanState(key);
  }

  async delete(...keys: string[]): Promise<void> {
    return (await this.operations()).delete(...keys);
  }
}
