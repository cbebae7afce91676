/**
 * The deployed anchor path, against the embedded S3 emulator s3rver: a DynamoDB stream event in, one object
 * per new audit entry out, read back as audit:verify reads it. s3rver cannot emulate Object Lock (retention,
 * compliance mode): that is asserted on the bucket's template in infra/stack.test.ts. Nor can it page a
 * listing on this Node.js: its continuation tokens are DES-encrypted, which OpenSSL 3 no longer offers, so a
 * truncated listing is its HTTP 500; the paging is tested against a recording server in s3-sink.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DynamoDBRecord } from 'aws-lambda';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleLambda } from '../../../infra/bundling.ts';
import { documentsS3Client } from '../files/s3.ts';
import { createAnchorHandler } from '../lambda/anchor.ts';
import { readAnchorBucket, s3ClientFromEnv } from './s3-sink.ts';

const HASH = (c: string) => c.repeat(64);

function insert(
  pk: string,
  seq: number,
  hash: string,
  eventName: 'INSERT' | 'MODIFY' = 'INSERT',
): DynamoDBRecord {
  return {
    eventName,
    dynamodb: {
      NewImage: {
        PK: { S: pk },
        SK: { S: `A#${String(seq).padStart(8, '0')}` },
        entity: { S: 'audit' },
        seq: { N: String(seq) },
        hash: { S: hash },
      },
    },
  };
}

describe('anchors in S3 (the anchor Lambda)', () => {
  let server: S3rver;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  // The SDK's S3 client, to make the bucket and to list what the sink wrote by another reader than its own.
  const sdk = () => documentsS3Client({ bucket: 'anchors', endpoint: env.S3_ENDPOINT });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-s3rver-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', directory: dir, silent: true });
    const { port } = await server.run();
    env = { S3_ENDPOINT: `http://127.0.0.1:${port}`, ANCHOR_BUCKET: 'anchors', AWS_REGION: 'eu-west-1' };
    await sdk().send(new CreateBucketCommand({ Bucket: 'anchors' }));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one object per new audit entry, never for a modified one or another item, first hash kept', async () => {
    // Prepare
    const handler = createAnchorHandler(env);
    const other: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: { NewImage: { PK: { S: 'GRANT#g_1' }, SK: { S: 'R' }, entity: { S: 'grant' } } },
    };
    // Act
    const first = await handler({
      Records: [insert('GRANT#g_1', 1, HASH('a')), insert('GRANT#g_1', 2, HASH('b')), other],
    });
    // the entry deleted and written again with another hash, and an in-place edit
    await handler({
      Records: [insert('GRANT#g_1', 2, HASH('c')), insert('GRANT#g_1', 1, HASH('d'), 'MODIFY')],
    });
    const listed = await sdk().send(new ListObjectsV2Command({ Bucket: 'anchors' }));
    const index = await readAnchorBucket('anchors', s3ClientFromEnv(env));
    // Assess
    expect(first).toEqual({ anchored: 2 });
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual([
      `anchors/GRANT%23g_1/00000001/${HASH('a')}.json`,
      `anchors/GRANT%23g_1/00000002/${HASH('b')}.json`,
      `anchors/GRANT%23g_1/00000002/${HASH('c')}.json`,
    ]);
    expect([...(index.get('GRANT#g_1') ?? [])]).toEqual([
      [1, HASH('a')],
      [2, HASH('b')],
    ]);
  });

  it('fails the batch with S3’s error named when the bucket is not there, so that Lambda retries it', async () => {
    // Prepare
    const handler = createAnchorHandler({ ...env, ANCHOR_BUCKET: 'no-such-anchors' });
    // Act
    const anchored = handler({ Records: [insert('GRANT#g_9', 1, HASH('e'))] });
    // Assess
    await expect(anchored).rejects.toThrow(
      /^s3: NoSuchBucket \(HTTP 404\): The specified bucket does not exist/,
    );
  });

  it('does the same from the bundle that is deployed, which carries no AWS SDK', async () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'passerelle-anchor-bundle-'));
    try {
      await sdk().send(new CreateBucketCommand({ Bucket: 'anchors-bundled' }));
      const { file, metafile } = await bundleLambda('functions/src/lambda/anchor.ts', out);
      const bundled: { createAnchorHandler: typeof createAnchorHandler } = await import(
        pathToFileURL(file).href
      );
      const handler = bundled.createAnchorHandler({ ...env, ANCHOR_BUCKET: 'anchors-bundled' });
      // Act
      const anchored = await handler({ Records: [insert('ORG#o_1', 1, HASH('f'))] });
      const listed = await sdk().send(new ListObjectsV2Command({ Bucket: 'anchors-bundled' }));
      // Assess
      expect(anchored).toEqual({ anchored: 1 });
      expect(listed.Contents?.map((o) => o.Key)).toEqual([`anchors/ORG%23o_1/00000001/${HASH('f')}.json`]);
      expect(
        Object.keys(metafile.inputs).filter((f) => /node_modules\/@(smithy|aws-sdk\/client-)/.test(f)),
      ).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
