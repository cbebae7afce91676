/**
 * One side signs the agreement by attaching a signed scan, over HTTP on DynamoDB Local and the embedded
 * S3: the file is checked and hashed, the signature records the scan's document and SHA-256 (in the
 * record and its audit trail), and the scan is read by whoever may read the partnership, nobody else.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestSystem, type TestSystem } from '#test/support/harness';
import { EXE, PDF } from '#test/support/samples';
import { postUploadForm } from '#test/support/upload-form';

describe('signing the agreement with a signed scan', () => {
  let sys: TestSystem;
  let nour: Client;
  let mayor: Client;
  let officer: Client;
  let horizons: Client;
  let funder: Client;

  beforeAll(async () => {
    sys = await startTestSystem();
    [nour, mayor, officer, horizons, funder] = await Promise.all([
      sys.as('nour@sfax.demo'),
      sys.as('mayor@sfax.demo'),
      sys.as('officer@sfax.demo'),
      sys.as('horizons@sfax.demo'),
      sys.as('funder@sfax.demo'),
    ]);
  });
  afterAll(async () => {
    await sys?.close();
  });

  /** What the browser does: declare the file, then send it with the presigned form; its upload id. */
  async function upload(bytes: Uint8Array, fileName: string, contentType: string): Promise<string> {
    const res = await nour.post('/v1/uploads', { fileName, contentType, size: bytes.length });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await postUploadForm(res.body.upload, bytes)).toBeLessThan(300);
    return res.body.id as string;
  }

  it('records the scan and its hash in the signature; the scan is read as the partnership is', async () => {
    // Prepare: Nour's partnership, reviewed in the demo, approved by the mayor's office
    const id = (await nour.get('/v1/partnerships')).body.items[0].id as string;
    const path = `/v1/partnerships/${id}`;
    await mayor.event(path, { type: 'declare_no_conflict' });
    const approved = await mayor.event(path, { type: 'approve' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const hash = approved.body.agreement.hash as string;
    const program = await upload(EXE, 'signed.pdf', 'application/pdf');
    const scanId = await upload(PDF, 'agreement-signed.pdf', 'application/pdf');

    // Act: a program passed off as a PDF, then the real scan; then the mayor's office signs on line
    const refused = await nour.event(path, {
      type: 'sign',
      name: 'Amira Jemal',
      signedScanUploadId: program,
    });
    const signed = await nour.event(path, { type: 'sign', name: 'Amira Jemal', signedScanUploadId: scanId });
    const both = await mayor.event(path, { type: 'sign', name: 'Karim Mayor' });

    // Assess: the program refused on the field, with nothing signed; the scan recorded with its hash
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('signedScanUploadId[0]');
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(signed.body.agreement.signatures).toEqual([
      {
        side: 'cso',
        userId: 'u-nour-sfax',
        name: 'Amira Jemal',
        at: expect.any(String),
        hash,
        scan: { documentId: scanId, sha256 },
      },
    ]);
    expect(both.status).toBe(200);
    expect(both.body.agreement.signatures).toHaveLength(2);
    const trail = (await officer.get(`/v1/audit/partnership/${id}`)).body.items as any[];
    expect(trail.filter((e) => e.event === 'sign').map((e) => e.data.signature.scan)).toEqual([
      { documentId: scanId, sha256 },
      undefined,
    ]);

    // Assess: the partnership's readers read the scan; another organisation and a funder do not
    for (const reader of [nour, mayor, officer]) {
      const doc = await reader.get(`/v1/documents/${scanId}`);
      expect(doc.status).toBe(200);
      expect(doc.body.fileName).toBe('agreement-signed.pdf');
    }
    expect((await horizons.get(`/v1/documents/${scanId}`)).status).toBe(404);
    expect((await funder.get(`/v1/documents/${scanId}`)).status).toBe(404);
  }, 60_000);
});
