/**
 * The deployed anchor sink: one object per audit entry in an S3 bucket with Object Lock in compliance mode
 * (infra/constructs/anchors.ts), so that no one — not the account's administrators, not the API's role —
 * can delete or overwrite it before its retention ends. The hash is part of the key: a second, different
 * hash for the same entry (the entry deleted and written again) lands beside the first and never replaces
 * it, and the older one is what audit:verify compares with.
 */
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
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

/** An S3 client for AWS, or for S3_ENDPOINT (a local S3, path-style) when set. */
export function s3ClientFromEnv(env: NodeJS.ProcessEnv = process.env): S3Client {
  return new S3Client({
    region: env.AWS_REGION ?? 'eu-west-1',
    ...(env.S3_ENDPOINT
      ? {
          endpoint: env.S3_ENDPOINT,
          forcePathStyle: true,
          // s3rver's fixed key pair; any local S3 accepts fixed credentials.
          credentials: {
            accessKeyId: env.S3_ACCESS_KEY_ID ?? 'S3RVER',
            secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? 'S3RVER',
          },
        }
      : {}),
  });
}

export class S3AnchorSink implements AnchorSink {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async write(anchors: readonly Anchor[]): Promise<void> {
    // Retention comes from the bucket's default (compliance mode); the SDK sends the checksum Object Lock requires.
    await Promise.all(
      anchors.map((a) =>
        this.s3.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: anchorKey(a),
            Body: JSON.stringify({ pk: a.pk, seq: a.seq, hash: a.hash }),
            ContentType: 'application/json',
          }),
        ),
      ),
    );
  }
}

/** Every anchor of the bucket, oldest first (the first hash of an entry is the one kept). */
export async function readAnchorBucket(
  bucket: string,
  s3: S3Client = s3ClientFromEnv(),
): Promise<AnchorIndex> {
  const found: { anchor: Anchor; at: number; key: string }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: ANCHOR_PREFIX, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const anchor = object.Key ? parseAnchorKey(object.Key) : undefined;
      if (anchor) found.push({ anchor, at: object.LastModified?.getTime() ?? 0, key: object.Key ?? '' });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  found.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
  return indexAnchors(found.map((f) => f.anchor));
}
