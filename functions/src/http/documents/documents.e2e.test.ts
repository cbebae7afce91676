/**
 * Documents over HTTP, on DynamoDB Local and the embedded S3: a CSO uploads a receipt with the presigned
 * form, attaches it to its report, and exactly the readers of that report can open it.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '#test/support/harness';
import { EXE, PDF } from '#test/support/samples';
import { awardedGrant, uploadFile } from '#test/support/upload-form';
import { sweepExpiredUploads } from '../../files/service.ts';

const rules = (body: { errors?: { rule: string }[] }) => (body.errors ?? []).map((e) => e.rule);
const report = (attachments: string[]) => ({
  narrative: 'Clothes handed out to 120 families.',
  indicatorResults: [{ name: 'families supported', value: 120 }],
  spent: { amount: 5_000_000, currency: 'TND' },
  attachments,
});

describe('documents: upload, attach, read only by who may read the record', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let mayor: Client;
  let funder: Client;

  const upload = (
    who: Client,
    bytes: Uint8Array,
    declared: { fileName?: string; contentType?: string; size?: number } = {},
  ) => uploadFile(who, bytes, declared);

  /** An awarded grant of Amal funded by Fondation Sud, and its first report milestone. */
  const reportOfFundedGrant = () =>
    awardedGrant(
      cso,
      officer,
      mayor,
      fastApplication({ track: 'standard', title: `Documents ${Math.random()}` }),
    );

  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, officer, mayor, funder] = await Promise.all([
      sys.as('cso@sfax.demo'),
      sys.as('officer@sfax.demo'),
      sys.as('mayor@sfax.demo'),
      sys.as('funder@sfax.demo'),
    ]);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('attaches a receipt to a report; the CSO, the officer and the funder open it, nobody else learns it exists', async () => {
    // Prepare
    const { milestoneId } = await reportOfFundedGrant();
    const id = await upload(cso, PDF, { fileName: 'فاتورة-النزل.pdf' });

    // Act
    const submitted = await cso.event(`/v1/milestones/${milestoneId}`, {
      type: 'submit_report',
      report: report([id]),
    });

    // Assess: the report lists the file; its readers see the document and get its bytes
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.documents).toEqual([
      {
        id,
        fileName: 'فاتورة-النزل.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
        state: 'available',
      },
    ]);
    for (const reader of [cso, officer, funder]) {
      const doc = await reader.get(`/v1/documents/${id}`);
      expect(doc.status).toBe(200);
      expect(doc.body).toMatchObject({
        id,
        sha256: createHash('sha256').update(PDF).digest('hex'),
        state: 'available',
        attachedTo: { type: 'milestone', id: milestoneId },
      });
      const link = await fetch(`${sys.url}/v1/documents/${id}/content`, {
        headers: { authorization: `Bearer ${reader.token}` },
        redirect: 'manual',
      });
      expect(link.status).toBe(302);
      const file = await fetch(link.headers.get('location') ?? '');
      expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    }
    const inline = await officer.get(`/v1/documents/${id}/content?as=link`);
    expect(inline.status).toBe(200);
    expect(inline.body.url).toMatch(/^http/);
    const outsiders = [await sys.as('horizons@sfax.demo'), await sys.as('officer@malaga.demo')];
    for (const outsider of outsiders) {
      expect((await outsider.get(`/v1/documents/${id}`)).status).toBe(404);
      expect((await outsider.get(`/v1/documents/${id}/content`)).status).toBe(404);
    }
    const anonymous = await fetch(`${sys.url}/v1/documents/${id}/content`, { redirect: 'manual' });
    expect(anonymous.status).toBe(401);
    expect((await officer.get('/v1/documents/doc_guessed00000000/content')).status).toBe(404);
  });

  it('records the file’s SHA-256 in the audit entry of the report that attached it', async () => {
    // Prepare
    const { milestoneId } = await reportOfFundedGrant();
    const id = await upload(cso, PDF);

    // Act
    await cso.event(`/v1/milestones/${milestoneId}`, { type: 'submit_report', report: report([id]) });

    // Assess
    const trail = (await officer.get(`/v1/audit/milestone/${milestoneId}`)).body.items;
    const entry = trail.find((e: { event: string }) => e.event === 'submit_report');
    expect(entry.data.documents).toEqual([{ id, sha256: createHash('sha256').update(PDF).digest('hex') }]);
  });

  it('refuses a type or a size outside the rules before any upload (422)', async () => {
    // Act
    const exe = await cso.post('/v1/uploads', {
      fileName: 'setup.exe',
      contentType: 'application/x-msdownload',
      size: 100,
    });
    const big = await cso.post('/v1/uploads', {
      fileName: 'scan.pdf',
      contentType: 'application/pdf',
      size: 20 * 1024 * 1024 + 1,
    });

    // Assess
    expect(exe.status).toBe(422);
    expect(big.status).toBe(422);
  });

  it('refuses to attach bytes that are not the declared file, and the report is not submitted', async () => {
    // Prepare: an EXE sent as a PDF, and a file shorter than declared
    const { milestoneId } = await reportOfFundedGrant();
    const disguised = await upload(cso, EXE, { fileName: 'receipt.pdf', contentType: 'application/pdf' });
    const short = await upload(cso, PDF, { size: PDF.length + 10 });

    // Act
    const first = await cso.event(`/v1/milestones/${milestoneId}`, {
      type: 'submit_report',
      report: report([disguised]),
    });
    const second = await cso.event(`/v1/milestones/${milestoneId}`, {
      type: 'submit_report',
      report: report([short]),
    });

    // Assess: 422 naming the field, and nothing written
    expect(first.status).toBe(422);
    expect(first.body.errors[0].path).toBe('report.attachments[0]');
    expect(second.status).toBe(422);
    expect(rules(first.body).length).toBeGreaterThan(0);
    expect((await cso.get(`/v1/milestones/${milestoneId}`)).body.state).not.toBe('submitted');
  });

  it('sweeps uploads never attached once their day is over', async () => {
    // Prepare: an upload left unattached
    const id = await upload(cso, PDF);
    expect((await cso.get(`/v1/documents/${id}`)).status).toBe(200);
    const files = sys.deps.files;
    if (!files) throw new Error('the test system has no store of files');

    // Act: the daily job's clean-up, two days later
    const swept = await sweepExpiredUploads(
      { store: sys.deps.store, files },
      new Date(Date.now() + 2 * 24 * 3600_000),
    );

    // Assess
    expect(swept.deleted).toBeGreaterThanOrEqual(1);
    expect((await cso.get(`/v1/documents/${id}`)).status).toBe(404);
  });
});
