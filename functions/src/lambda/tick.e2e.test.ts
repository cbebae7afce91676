/**
 * The deployed daily job's entry, run on the local pieces (DynamoDB Local, the embedded S3 standing in for
 * the bucket): it deletes the uploads never attached once their day is over, as the local job does, and
 * keeps the ones still within their day.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomId } from '#services/deps';
import { getDocument } from '#store/documents';
import { actors, sfax } from '#test/fixtures/domain';
import { startTestSystem, type TestSystem } from '#test/support/harness';
import { PDF } from '#test/support/samples';
import { postUploadForm } from '#test/support/upload-form';
import { documentsS3Client } from '../files/s3.ts';
import { createUpload } from '../files/service.ts';
import { uploadKey } from '../files/storage.ts';
import { createTickHandler } from './tick.ts';

describe('the deployed daily job', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    // No demo data: a city with nothing due, so that the job has no mail to send through SES.
    sys = await startTestSystem(false);
    await sys.deps.store.putCity(sfax);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('sweeps the uploads never attached after their day, objects and items, and keeps a fresh one', async () => {
    // Prepare: an upload from three days ago and one from now, both sent and never attached
    const s3local = sys.s3;
    const files = sys.deps.files;
    if (!s3local || !files) throw new Error('the test system has no embedded S3');
    const upload = async (at: Date) => {
      const created = await createUpload(
        { store: sys.deps.store, files, clock: () => at, newId: randomId, scanning: 'none' },
        actors.cso,
        { fileName: 'receipt.pdf', contentType: 'application/pdf', size: PDF.length },
      );
      expect(await postUploadForm(created.upload, PDF)).toBeLessThan(300);
      return created.id;
    };
    const now = new Date();
    const old = await upload(new Date(now.getTime() - 3 * 24 * 3600_000));
    const fresh = await upload(now);
    const handler = createTickHandler({
      TABLE_NAME: sys.deps.store.tableName,
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      DOCUMENTS_BUCKET: s3local.bucket,
      S3_ENDPOINT: s3local.endpoint,
      MAIL_FROM: 'no-reply@passerelle.example.org',
      AWS_REGION: 'eu-west-1',
    });

    // Act
    const summary = await handler({ now: now.toISOString() });

    // Assess
    const s3 = documentsS3Client({ bucket: s3local.bucket, endpoint: s3local.endpoint });
    const exists = (id: string) =>
      s3.send(new HeadObjectCommand({ Bucket: s3local.bucket, Key: uploadKey(id) })).then(
        () => true,
        () => false,
      );
    expect(summary.uploadsDeleted).toBe(1);
    expect(await getDocument(sys.deps.store, old)).toBeUndefined();
    expect(await exists(old)).toBe(false);
    expect(await getDocument(sys.deps.store, fresh)).toMatchObject({ state: 'uploaded' });
    expect(await exists(fresh)).toBe(true);
    s3.destroy();
  });
});
