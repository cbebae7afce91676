/**
 * The places a file is attached besides reports, over HTTP on DynamoDB Local and the embedded S3: a
 * partnership's declared documents, a grant application's budget quotes, a tranche's proof of payment and
 * a message of a conversation. Each file is opened by exactly the readers of what it is attached to, its
 * hash is in the audit entry of the event that attached it, and a file that is not what it claims to be
 * is refused with nothing written.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '#test/support/harness';
import { EXE, PDF, png } from '#test/support/samples';
import { awardedGrant, uploadFile } from '#test/support/upload-form';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PNG = png();

/** A partnership application as a CSO drafts it, its statutes attached as a file. */
const partnership = (statutesUploadId: string) => ({
  motivation: 'Legal counselling for people in transit, three afternoons a week.',
  focusAreas: ['legal_counselling'],
  actionPlan: [],
  documents: [
    { kind: 'statutes', uploadId: statutesUploadId, date: '2019-03-01' },
    { kind: 'registration', reference: 'JORT 2019/1234', date: '2019-04-01' },
  ],
});

describe('documents at every attach point: read only by who may read the record', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let mayor: Client;
  let funder: Client;
  let otherCso: Client;
  let otherCity: Client;

  /** Whether `reader` sees the document and gets back exactly `bytes` through its content link. */
  async function opens(reader: Client, id: string, bytes: Uint8Array): Promise<boolean> {
    const doc = await reader.get(`/v1/documents/${id}`);
    if (doc.status !== 200) return false;
    const link = await reader.get(`/v1/documents/${id}/content?as=link`);
    if (link.status !== 200) return false;
    const file = await fetch(link.body.url);
    return doc.body.sha256 === sha256(bytes) && Buffer.from(await file.arrayBuffer()).equals(bytes);
  }

  /** The statuses outsiders get for the document and its content: all 404, whatever they try. */
  async function outsiderStatuses(id: string, outsiders: readonly Client[]): Promise<number[]> {
    const statuses: number[] = [];
    for (const outsider of outsiders) {
      statuses.push((await outsider.get(`/v1/documents/${id}`)).status);
      statuses.push((await outsider.get(`/v1/documents/${id}/content`)).status);
    }
    return statuses;
  }

  async function auditEntry(type: string, id: string, event: string) {
    const trail = (await officer.get(`/v1/audit/${type}/${id}`)).body.items;
    return trail.findLast((e: { event: string }) => e.event === event);
  }

  const awarded = () =>
    awardedGrant(
      cso,
      officer,
      mayor,
      fastApplication({ track: 'standard', title: `Attach points ${Math.random()}` }),
    );

  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, officer, mayor, funder, otherCso, otherCity] = await Promise.all([
      sys.as('cso@sfax.demo'),
      sys.as('officer@sfax.demo'),
      sys.as('mayor@sfax.demo'),
      sys.as('funder@sfax.demo'),
      sys.as('horizons@sfax.demo'),
      sys.as('officer@malaga.demo'),
    ]);
  }, 180_000);
  afterAll(async () => {
    await sys?.close();
  });

  it('attaches a partnership’s statutes: the officer’s checklist lists the file, the CSO and the officer open it, nobody else', async () => {
    // Prepare
    const id = await uploadFile(cso, PDF, { fileName: 'النظام الأساسي.pdf' });

    // Act
    const created = await cso.post('/v1/partnerships', partnership(id));

    // Assess
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const seen = (await officer.get(`/v1/partnerships/${created.body.id}`)).body;
    expect(seen.documents[0]).toEqual({ kind: 'statutes', uploadId: id, date: '2019-03-01' });
    expect(seen.files).toEqual([
      {
        id,
        fileName: 'النظام الأساسي.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
        state: 'available',
      },
    ]);
    expect(await opens(cso, id, PDF)).toBe(true);
    expect(await opens(officer, id, PDF)).toBe(true);
    expect(await outsiderStatuses(id, [funder, otherCso, otherCity])).toEqual([404, 404, 404, 404, 404, 404]);
    expect((await auditEntry('partnership', created.body.id, 'create')).data.documents).toEqual([
      { id, sha256: sha256(PDF) },
    ]);
  });

  it('attaches only the new file when an edited draft is sent again with the files it already has', async () => {
    // Prepare
    const statutes = await uploadFile(cso, PDF);
    const created = await cso.post('/v1/partnerships', partnership(statutes));
    const accounts = await uploadFile(cso, PNG, { fileName: 'accounts.png', contentType: 'image/png' });
    const documents = [
      ...partnership(statutes).documents,
      { kind: 'annual_accounts', uploadId: accounts, date: '2026-03-31' },
    ];

    // Act
    const edited = await cso.patch(
      `/v1/partnerships/${created.body.id}`,
      { documents },
      { 'If-Match': `"${created.body.version}"` },
    );

    // Assess
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.files.map((f: { id: string }) => f.id)).toEqual([statutes, accounts]);
    expect((await auditEntry('partnership', created.body.id, 'edit')).data.documents).toEqual([
      { id: accounts, sha256: sha256(PNG) },
    ]);
  });

  it('attaches a budget quote to a grant application: the CSO, the officer and, once it funds the grant, the funder open it', async () => {
    // Prepare
    const quote = await uploadFile(cso, PNG, { fileName: 'devis-vêtements.png', contentType: 'image/png' });

    // Act
    const { grantId } = await awardedGrant(
      cso,
      officer,
      mayor,
      fastApplication({ track: 'standard', title: 'Quoted clothes', attachments: [quote] }),
    );

    // Assess
    const grant = (await funder.get(`/v1/grants/${grantId}`)).body;
    expect(grant.attachments).toEqual([quote]);
    expect(grant.files).toEqual([
      {
        id: quote,
        fileName: 'devis-vêtements.png',
        contentType: 'image/png',
        size: PNG.length,
        state: 'available',
      },
    ]);
    for (const reader of [cso, officer, funder]) expect(await opens(reader, quote, PNG)).toBe(true);
    expect(await outsiderStatuses(quote, [otherCso, otherCity])).toEqual([404, 404, 404, 404]);
    expect((await auditEntry('grant', grantId, 'create')).data.documents).toEqual([
      { id: quote, sha256: sha256(PNG) },
    ]);
  });

  it('records a tranche’s payment with its proof: the tranche names it, the grant’s readers open it, the audit has its hash', async () => {
    // Prepare
    const { grantId } = await awarded();
    const before = (await officer.get(`/v1/grants/${grantId}`)).body;
    const tranche = before.tranches.find((t: { state: string }) => t.state === 'released');
    const proof = await uploadFile(officer, PDF, { fileName: 'virement.pdf' });

    // Act
    const paid = await officer.post(
      `/v1/grants/${grantId}/tranches/${tranche.id}/pay`,
      { proofUploadId: proof },
      { 'If-Match': `"${before.version}"` },
    );

    // Assess
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    const after = paid.body.tranches.find((t: { id: string }) => t.id === tranche.id);
    expect(after).toMatchObject({ state: 'paid', proofDocumentId: proof });
    expect(paid.body.files.map((f: { id: string }) => f.id)).toEqual([proof]);
    for (const reader of [cso, officer, funder]) expect(await opens(reader, proof, PDF)).toBe(true);
    expect(await outsiderStatuses(proof, [otherCso, otherCity])).toEqual([404, 404, 404, 404]);
    expect((await auditEntry('grant', grantId, 'pay_tranche')).data.documents).toEqual([
      { id: proof, sha256: sha256(PDF) },
    ]);
  });

  it('sends a file with a message: the two sides of the conversation open it, the funder does not', async () => {
    // Prepare
    const { grantId } = await awarded();
    const photo = await uploadFile(cso, PNG, { fileName: 'photo.png', contentType: 'image/png' });

    // Act
    const posted = await cso.post(`/v1/grants/${grantId}/messages`, {
      body: 'The signed attendance sheet, as asked.',
      attachments: [photo],
    });

    // Assess
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const [message] = (await officer.get(`/v1/grants/${grantId}/messages`)).body.items;
    expect(message.attachments).toEqual([
      { id: photo, fileName: 'photo.png', contentType: 'image/png', size: PNG.length, state: 'available' },
    ]);
    expect(await opens(cso, photo, PNG)).toBe(true);
    expect(await opens(officer, photo, PNG)).toBe(true);
    expect(await outsiderStatuses(photo, [funder, otherCso, otherCity])).toEqual([
      404, 404, 404, 404, 404, 404,
    ]);
    const anonymous = await fetch(`${sys.url}/v1/documents/${photo}/content`, { redirect: 'manual' });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a file that is not what it claims at each attach point (422, naming the field), and writes nothing', async () => {
    // Prepare: a program sent as a PDF, and a PNG shorter than declared
    const { grantId } = await awarded();
    const before = (await officer.get(`/v1/grants/${grantId}`)).body;
    const tranche = before.tranches.find((t: { state: string }) => t.state === 'released');
    const disguised = () => uploadFile(cso, EXE, { fileName: 'statuts.pdf', contentType: 'application/pdf' });
    const short = await uploadFile(officer, PNG, {
      fileName: 'virement.png',
      contentType: 'image/png',
      size: PNG.length + 5,
    });

    // Act
    const toPartnership = await cso.post('/v1/partnerships', partnership(await disguised()));
    const toGrant = await cso.post(
      '/v1/grants',
      fastApplication({ title: 'Refused quote', attachments: [await disguised()] }),
    );
    const toTranche = await officer.post(
      `/v1/grants/${grantId}/tranches/${tranche.id}/pay`,
      { proofUploadId: short },
      { 'If-Match': `"${before.version}"` },
    );
    const messageFile = await disguised();
    const toMessage = await cso.post(`/v1/grants/${grantId}/messages`, {
      body: 'Here it is.',
      attachments: [messageFile],
    });

    // Assess
    expect([toPartnership.status, toGrant.status, toTranche.status, toMessage.status]).toEqual([
      422, 422, 422, 422,
    ]);
    expect(toPartnership.body.errors[0].path).toBe('documents[0].uploadId');
    expect(toGrant.body.errors[0].path).toBe('attachments[0]');
    expect(toTranche.body.errors[0].path).toBe('proofUploadId');
    expect(toMessage.body.errors[0].path).toBe('attachments[0]');
    const after = (await officer.get(`/v1/grants/${grantId}`)).body;
    expect(after.tranches.find((t: { id: string }) => t.id === tranche.id).state).toBe('released');
    expect((await officer.get(`/v1/grants/${grantId}/messages`)).body.items).toEqual([]);
    expect((await cso.get(`/v1/documents/${messageFile}`)).body.state).toBe('uploaded');
  });
});
