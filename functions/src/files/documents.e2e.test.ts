/**
 * Documents end to end on the real local pieces: the embedded S3 emulator (s3rver) and DynamoDB Local.
 * Files are sent as a browser sends them, a multipart form POSTed to the presigned URL, and read back
 * through the presigned GET. s3rver checks neither signatures nor the POST policy, so the policy is read
 * from the form and the attach-time checks are exercised as what really stands locally.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EventNotAllowedError, NotFoundError, RuleViolationError } from '#domain/errors';
import type { Actor } from '#domain/types';
import { randomId } from '#services/deps';
import { createDocumentClient } from '#store/client';
import { documentPk, getDocument } from '#store/documents';
import { VersionConflictError } from '#store/errors';
import { RECORD_SK } from '#store/keys';
import { ensureTable } from '#store/schema';
import { Store } from '#store/store';
import { actors, sfax } from '#test/fixtures/domain';
import { getItem } from '#test/support/raw-table';
import { EXE, JPEG, PDF } from '#test/support/samples';
import { type LocalS3, startLocalS3 } from './local-s3.ts';
import { MAX_DOCUMENT_BYTES } from './rules.ts';
import { documentsS3Client } from './s3.ts';
import {
  attachWrite,
  contentUrl,
  createUpload,
  type DocumentsDeps,
  documentView,
  inspectForAttach,
  readDocument,
  sweepExpiredUploads,
} from './service.ts';
import { documentKey, S3FileStorage, uploadKey } from './storage.ts';

const db = createDocumentClient({ endpoint: inject('dynamoEndpoint') });
let s3local: LocalS3;
let dir: string;
let s3: S3Client;
let store: Store;
let now = new Date('2027-02-01T09:00:00Z');

const deps = (scanning: DocumentsDeps['scanning'] = 'none'): DocumentsDeps => ({
  store,
  files: new S3FileStorage(s3, s3local.bucket),
  clock: () => now,
  newId: randomId,
  scanning,
});
const grantOfAmal = { type: 'grant' as const, id: 'g_amal' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-documents-'));
  s3local = await startLocalS3({ directory: dir });
  s3 = documentsS3Client({ bucket: s3local.bucket, endpoint: s3local.endpoint });
  const tableName = `documents-${process.pid}-${Date.now()}`;
  await ensureTable(db, tableName);
  store = new Store(db, tableName);
  await store.putCity(sfax);
});
afterAll(async () => {
  s3?.destroy();
  db.destroy();
  await s3local?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What a browser does with the answer of POST /v1/uploads: a multipart form, the file last. */
async function post(upload: { url: string; fields: Readonly<Record<string, string>> }, bytes: Uint8Array) {
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)]), 'ignored-name');
  const res = await fetch(upload.url, { method: 'POST', body: form });
  await res.arrayBuffer();
  return res.status;
}

async function uploaded(
  actor: Actor,
  file: { fileName: string; contentType: string; size?: number },
  bytes: Uint8Array,
  d = deps(),
) {
  const created = await createUpload(d, actor, { ...file, size: file.size ?? bytes.length });
  expect(await post(created.upload, bytes)).toBeLessThan(300);
  return created;
}

async function refusal(p: Promise<unknown>): Promise<string[]> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RuleViolationError);
  return (e as RuleViolationError).failures.map((f) => f.rule);
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a document');
  return value;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const exists = (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: s3local.bucket, Key: key })).then(
    () => true,
    () => false,
  );

describe('a document from the browser to its reader', () => {
  it('is posted with the presigned form, checked, hashed, attached with its event and served to readers of the record', async () => {
    // Prepare
    const d = deps();
    const created = await uploaded(
      actors.cso,
      { fileName: 'rapport 2026.pdf', contentType: 'application/pdf' },
      PDF,
      d,
    );
    // Act
    const checked = await inspectForAttach(d, created.id, actors.cso);
    await store.commit([attachWrite(d, checked, grantOfAmal)]);
    const doc = await readDocument(d, created.id);
    const url = await contentUrl(d, must(doc), true);
    const served = await fetch(url);
    const body = new Uint8Array(await served.arrayBuffer());
    // Assess
    const policy = JSON.parse(Buffer.from(String(created.upload.fields.Policy), 'base64').toString('utf8'));
    expect(created).toMatchObject({ maxBytes: PDF.length, expiresAt: '2027-02-02T09:00:00.000Z' });
    expect(created.upload.fields).toMatchObject({
      key: `uploads/${created.id}`,
      'Content-Type': 'application/pdf',
    });
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, PDF.length],
        ['eq', '$Content-Type', 'application/pdf'],
      ]),
    );
    expect(checked.sha256).toBe(sha256(PDF));
    expect(documentView(must(doc))).toEqual({
      id: created.id,
      fileName: 'rapport 2026.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: sha256(PDF),
      state: 'available',
      uploadedBy: actors.cso.userId,
      uploadedAt: '2027-02-01T09:00:00.000Z',
      attachedTo: grantOfAmal,
    });
    expect(served.status).toBe(200);
    expect(sha256(body)).toBe(sha256(PDF));
    expect(served.headers.get('content-disposition')).toContain("filename*=UTF-8''rapport%202026.pdf");
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    // attached: no TTL any more, so the table never deletes it
    const raw = await getItem(store, documentPk(created.id), RECORD_SK);
    expect(raw?.expiresAt).toBeUndefined();
  });

  it('is not served to someone who may not read the record, nor before it is attached', async () => {
    // Prepare
    const d = deps();
    const created = await uploaded(actors.cso, { fileName: 'a.pdf', contentType: 'application/pdf' }, PDF, d);
    const unattached = await getDocument(store, created.id);
    await store.commit([attachWrite(d, await inspectForAttach(d, created.id, actors.cso), grantOfAmal)]);
    const attached = await readDocument(d, created.id);
    // Act, Assess
    await expect(contentUrl(d, must(attached), false)).rejects.toBeInstanceOf(NotFoundError);
    await expect(contentUrl(d, must(unattached), true)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is attached once, by its uploader only', async () => {
    // Prepare
    const d = deps();
    const created = await uploaded(actors.cso, { fileName: 'a.pdf', contentType: 'application/pdf' }, PDF, d);
    const checked = await inspectForAttach(d, created.id, actors.cso);
    const again = await inspectForAttach(d, created.id, actors.cso);
    await store.commit([attachWrite(d, checked, grantOfAmal)]);
    // Act, Assess
    await expect(inspectForAttach(d, created.id, actors.otherCso)).rejects.toBeInstanceOf(NotFoundError);
    expect(await refusal(inspectForAttach(d, created.id, actors.cso))).toEqual(['document_already_attached']);
    // two events raced with the same upload: the second transaction is cancelled
    await expect(
      store.commit([attachWrite(d, again, { type: 'partnership', id: 'p_other' })]),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect((await getDocument(store, created.id))?.attachedTo).toEqual(grantOfAmal);
  });
});

describe('refusals', () => {
  it('refuses another type and a file over 20 MB before any upload', async () => {
    // Act
    const exe = refusal(
      createUpload(deps(), actors.cso, {
        fileName: 'setup.exe',
        contentType: 'application/x-msdownload',
        size: 100,
      }),
    );
    const large = refusal(
      createUpload(deps(), actors.cso, {
        fileName: 'scan.pdf',
        contentType: 'application/pdf',
        size: MAX_DOCUMENT_BYTES + 1,
      }),
    );
    // Assess
    expect(await exe).toEqual(['document_type_not_allowed']);
    expect(await large).toEqual(['document_too_large']);
  });

  it('refuses at attach a file whose size is not the declared one, and keeps no copy of it', async () => {
    // Prepare: s3rver does not enforce the form's size range, so a shorter file gets through to the bucket
    const d = deps();
    const created = await uploaded(
      actors.cso,
      { fileName: 'a.pdf', contentType: 'application/pdf', size: PDF.length + 10 },
      PDF,
      d,
    );
    // Act
    const rules = await refusal(inspectForAttach(d, created.id, actors.cso, { path: 'attachments[0]' }));
    // Assess
    expect(rules).toEqual(['document_size_mismatch']);
    expect(await exists(documentKey(created.id))).toBe(false);
    expect((await getDocument(store, created.id))?.state).toBe('uploaded');
  });

  it.each([
    ['a PDF that is a Windows program', 'invoice.pdf', 'application/pdf', EXE],
    ['a JPEG declared as PNG', 'photo.png', 'image/png', JPEG],
    ['a CSV with a NUL byte', 'list.csv', 'text/csv', Buffer.from('nom,montant\nAmal\0,1200\n')],
  ])('refuses at attach %s', async (_what, fileName, contentType, bytes) => {
    // Prepare
    const d = deps();
    const created = await uploaded(actors.cso, { fileName, contentType }, bytes, d);
    // Act
    const rules = await refusal(inspectForAttach(d, created.id, actors.cso));
    // Assess
    expect(rules).toEqual(['document_type_mismatch']);
  });

  it('refuses at attach an upload whose file was never sent', async () => {
    // Prepare
    const d = deps();
    const created = await createUpload(d, actors.cso, {
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      size: 9,
    });
    // Act, Assess
    expect(await refusal(inspectForAttach(d, created.id, actors.cso))).toEqual(['document_missing']);
  });
});

describe('unattached uploads expire', () => {
  it('carries a 24 h TTL, cannot be attached after it, and the daily sweep deletes its file and item', async () => {
    // Prepare
    now = new Date('2027-03-01T08:00:00Z');
    const d = deps();
    const left = await uploaded(actors.cso, { fileName: 'a.pdf', contentType: 'application/pdf' }, PDF, d);
    const kept = await uploaded(actors.cso, { fileName: 'b.pdf', contentType: 'application/pdf' }, PDF, d);
    await store.commit([attachWrite(d, await inspectForAttach(d, kept.id, actors.cso), grantOfAmal)]);
    const raw = await getItem(store, documentPk(left.id), RECORD_SK);
    // Act
    await sweepExpiredUploads(d, new Date('2027-03-02T07:59:59Z'));
    const beforeExpiry = [await getDocument(store, left.id), await exists(uploadKey(left.id))];
    now = new Date('2027-03-02T08:00:01Z');
    const late = await refusal(inspectForAttach(d, left.id, actors.cso));
    const swept = await sweepExpiredUploads(d, now);
    // Assess
    expect(raw?.expiresAt).toBe(Date.parse('2027-03-02T08:00:00Z') / 1000);
    expect(beforeExpiry).toEqual([expect.objectContaining({ state: 'uploaded' }), true]);
    expect(late).toEqual(['document_missing']);
    expect(swept.deleted).toBeGreaterThanOrEqual(1);
    expect(await getDocument(store, left.id)).toBeUndefined();
    expect(await exists(uploadKey(left.id))).toBe(false);
    expect((await getDocument(store, kept.id))?.state).toBe('available');
    expect(await exists(documentKey(kept.id))).toBe(true);
  });
});

describe('malware scanning (deployed: GuardDuty tags)', () => {
  const tag = (id: string, Value: string) =>
    s3.send(
      new PutObjectTaggingCommand({
        Bucket: s3local.bucket,
        Key: documentKey(id),
        Tagging: { TagSet: [{ Key: 'GuardDutyMalwareScanStatus', Value }] },
      }),
    );

  it('serves a document only once GuardDuty has tagged it clean, and never one it found infected', async () => {
    // Prepare
    const d = deps('guardduty');
    const clean = await uploaded(actors.cso, { fileName: 'a.pdf', contentType: 'application/pdf' }, PDF, d);
    const infected = await uploaded(
      actors.cso,
      { fileName: 'b.pdf', contentType: 'application/pdf' },
      PDF,
      d,
    );
    for (const u of [clean, infected])
      await store.commit([attachWrite(d, await inspectForAttach(d, u.id, actors.cso), grantOfAmal)]);
    // Act
    const before = await readDocument(d, clean.id);
    const whileScanning = await contentUrl(d, must(before), true).catch((e: unknown) => e);
    await tag(clean.id, 'NO_THREATS_FOUND');
    await tag(infected.id, 'THREATS_FOUND');
    const after = await readDocument(d, clean.id);
    const quarantined = await readDocument(d, infected.id);
    // Assess
    expect(before?.state).toBe('scanning');
    expect(whileScanning).toBeInstanceOf(EventNotAllowedError);
    expect(after?.state).toBe('available');
    expect((await getDocument(store, clean.id))?.state).toBe('available');
    expect((await fetch(await contentUrl(d, must(after), true))).status).toBe(200);
    expect(quarantined?.state).toBe('quarantined');
    await expect(contentUrl(d, must(quarantined), true)).rejects.toBeInstanceOf(EventNotAllowedError);
  });
});
