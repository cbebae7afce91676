/**
 * The deployed anchor sink: one object per audit entry in an S3 bucket with Object Lock in compliance mode
 * (infra/constructs/anchors.ts), so that no one — not the account's administrators, not the API's role —
 * can delete or overwrite it before its retention ends. The hash is part of the key: a second, different
 * hash for the same entry (the entry deleted and written again) lands beside the first and never replaces
 * it, and the older one is what audit:verify compares with.
 *
 * The two S3 calls it makes, PutObject (the anchor function) and ListObjectsV2 (audit:verify), are signed
 * fetches (#runtime/aws-fetch) rather than @aws-sdk/client-s3, which was all but 3 KB of the anchor
 * function's bundle and of its cold start (bench/findings.md, "Mail and anchors without the SDK").
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
// S3 answers a listing in XML. The AWS SDK's own parser (the one @aws-sdk/client-s3 reads this same
// answer with, a few KB, pinned in package.json) rather than regular expressions: keys are escaped
// entities, elements repeat or not, and an error answer has another root; a parser gets all three right.
import { parseXML } from '@aws-sdk/xml-builder';
import {
  AwsError,
  AwsFetch,
  type CredentialSource,
  credentialsFromEnv,
  type RetryPolicy,
} from '#runtime/aws-fetch';
import { type Anchor, type AnchorIndex, type AnchorSink, indexAnchors } from './anchor.ts';

export const ANCHOR_PREFIX = 'anchors/';

/** `anchors/GRANT%23g_123/00000002/<hash>.json` */
export function anchorKey(a: Anchor): string {
  return `${ANCHOR_PREFIX}${encodeURIComponent(a.pk)}/${String(a.seq).padStart(8, '0')}/${a.hash}.json`;
}

export function parseAnchorKey(key: string): Anchor | undefined {
  const m = /^anchors\/([^/]+)\/(\d{8})\/([0-9a-f]{64})\.json$/.exec(key);
  if (!m) return undefined;
  try {
    return { pk: decodeURIComponent(m[1] as string), seq: Number(m[2]), hash: m[3] as string };
  } catch {
    return undefined;
  }
}

/** One object of a listing: its key and when it was written. */
export interface ListedObject {
  readonly key: string;
  readonly lastModified: number;
}

/** One page of a listing, and the token of the next one when there is more. */
export interface ListedPage {
  readonly objects: readonly ListedObject[];
  readonly next?: string | undefined;
}

/** A list of what XML gives once or many times: an element that repeats becomes an array, once it is not. */
const many = (v: unknown): unknown[] => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** The text of a child element, when `node` is an element that has it. */
const child = (node: unknown, name: string): string | undefined =>
  node && typeof node === 'object' && name in node ? text(Reflect.get(node, name)) : undefined;

/** S3's error answer, `<Error><Code>…</Code><Message>…</Message></Error>`, as an AwsError. */
async function s3Error(res: Response): Promise<AwsError> {
  const body = await res.text();
  let error: Record<string, unknown> = {};
  try {
    const parsed = body ? parseXML(body) : undefined;
    if (parsed?.Error && typeof parsed.Error === 'object') error = parsed.Error;
  } catch {
    // Not XML (a proxy's page): the status says what there is to say.
  }
  return new AwsError(
    's3',
    text(error.Code) ?? String(res.status),
    res.status,
    text(error.Message) ?? res.statusText,
  );
}

/** A key in a URL path: each segment escaped, so that `%23` in a key stays `%23` and is not read as `#`. */
const keyPath = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/**
 * The S3 calls of the anchors, on AWS (virtual-hosted: `https://<bucket>.s3.<region>.amazonaws.com/<key>`, as
 * the SDK addresses it) or on another S3 at `endpoint` (path-style: `<endpoint>/<bucket>/<key>`, as local S3
 * emulators want it).
 */
export class AnchorS3 {
  private readonly aws: AwsFetch;

  constructor(
    readonly region: string,
    credentials: CredentialSource,
    readonly endpoint?: string,
    retry?: RetryPolicy,
  ) {
    this.aws = new AwsFetch('s3', region, credentials, retry);
  }

  /** The bucket's address, ending with a slash. */
  bucketUrl(bucket: string): string {
    return this.endpoint
      ? `${this.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(bucket)}/`
      : `https://${bucket}.s3.${this.region}.amazonaws.com/`;
  }

  /**
   * PutObject, with the checksums S3 requires of a write to an Object Lock bucket and checks on arrival: the
   * body's CRC32 (what the SDK sends by default) and its SHA-256, which the signature covers.
   */
  async put(bucket: string, key: string, body: string, contentType: string): Promise<void> {
    const bytes = Buffer.from(body, 'utf8');
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(bytes));
    const res = await this.aws.fetch(`${this.bucketUrl(bucket)}${keyPath(key)}`, {
      method: 'PUT',
      headers: {
        'Content-Type': contentType,
        'x-amz-content-sha256': createHash('sha256').update(bytes).digest('hex'),
        'x-amz-sdk-checksum-algorithm': 'CRC32',
        'x-amz-checksum-crc32': checksum.toString('base64'),
      },
      body: bytes,
    });
    if (!res.ok) throw await s3Error(res);
    await res.body?.cancel();
  }

  /** One page of ListObjectsV2 under `prefix` (at most `maxKeys` objects; S3 gives 1,000 at most). */
  async list(bucket: string, prefix: string, token?: string, maxKeys?: number): Promise<ListedPage> {
    const query = new URLSearchParams({ 'list-type': '2', prefix });
    if (token) query.set('continuation-token', token);
    if (maxKeys) query.set('max-keys', String(maxKeys));
    const res = await this.aws.fetch(`${this.bucketUrl(bucket)}?${query}`, { method: 'GET' });
    if (!res.ok) throw await s3Error(res);
    const result = parseXML(await res.text())?.ListBucketResult;
    if (!result || typeof result !== 'object') {
      throw new AwsError('s3', 'UnexpectedAnswer', res.status, 'a listing without ListBucketResult');
    }
    const objects = many(result.Contents).flatMap((o) => {
      const key = child(o, 'Key');
      const at = Date.parse(child(o, 'LastModified') ?? '');
      return key ? [{ key, lastModified: Number.isNaN(at) ? 0 : at }] : [];
    });
    return { objects, next: result.IsTruncated === 'true' ? text(result.NextContinuationToken) : undefined };
  }
}

/** The S3 of the anchors: AWS in AWS_REGION with the role's credentials, or S3_ENDPOINT (a local S3) when set. */
export function s3ClientFromEnv(env: NodeJS.ProcessEnv = process.env): AnchorS3 {
  const region = env.AWS_REGION ?? 'eu-west-1';
  if (!env.S3_ENDPOINT) return new AnchorS3(region, () => credentialsFromEnv(env));
  // s3rver's fixed key pair; any local S3 accepts fixed credentials.
  const credentials = {
    accessKeyId: env.S3_ACCESS_KEY_ID ?? 'S3RVER',
    secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? 'S3RVER',
  };
  return new AnchorS3(region, credentials, env.S3_ENDPOINT);
}

export class S3AnchorSink implements AnchorSink {
  constructor(
    private readonly s3: AnchorS3,
    readonly bucket: string,
  ) {}

  async write(anchors: readonly Anchor[]): Promise<void> {
    // Retention comes from the bucket's default (compliance mode).
    await Promise.all(
      anchors.map((a) =>
        this.s3.put(
          this.bucket,
          anchorKey(a),
          JSON.stringify({ pk: a.pk, seq: a.seq, hash: a.hash }),
          'application/json',
        ),
      ),
    );
  }
}

/** Every anchor of the bucket, oldest first (the first hash of an entry is the one kept), page by page. */
export async function readAnchorBucket(
  bucket: string,
  s3: AnchorS3 = s3ClientFromEnv(),
  pageSize?: number,
): Promise<AnchorIndex> {
  const found: { anchor: Anchor; at: number; key: string }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.list(bucket, ANCHOR_PREFIX, token, pageSize);
    for (const object of page.objects) {
      const anchor = parseAnchorKey(object.key);
      if (anchor) found.push({ anchor, at: object.lastModified, key: object.key });
    }
    token = page.next;
  } while (token);
  found.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
  return indexAnchors(found.map((f) => f.anchor));
}
