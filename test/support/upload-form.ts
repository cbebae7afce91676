/** What a browser does with the answer of POST /v1/uploads: a multipart form, its fields, the file last. */
export async function postUploadForm(
  upload: { url: string; fields: Readonly<Record<string, string>> },
  bytes: Uint8Array,
): Promise<number> {
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)]), 'file');
  const res = await fetch(upload.url, { method: 'POST', body: form });
  await res.arrayBuffer();
  return res.status;
}

interface UploadingClient {
  readonly token: string;
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
  event(path: string, body: Record<string, unknown>): Promise<{ status: number; body: any }>;
  get(path: string): Promise<{ status: number; body: any }>;
}

/** What a browser does with POST /v1/uploads: declares the file, then sends it with the form. The upload id. */
export async function uploadFile(
  who: UploadingClient,
  bytes: Uint8Array,
  declared: { fileName?: string; contentType?: string; size?: number } = {},
): Promise<string> {
  const res = await who.post('/v1/uploads', {
    fileName: declared.fileName ?? 'receipt.pdf',
    contentType: declared.contentType ?? 'application/pdf',
    size: declared.size ?? bytes.length,
  });
  if (res.status !== 201) throw new Error(`upload refused: ${JSON.stringify(res.body)}`);
  const sent = await postUploadForm(res.body.upload, bytes);
  if (sent >= 300) throw new Error(`the presigned form answered ${sent}`);
  return res.body.id as string;
}

/**
 * A standard grant of the CSO, approved with Fondation Sud as its funder and its award accepted (its first
 * tranche released), and its first report milestone.
 */
export async function awardedGrant(
  cso: UploadingClient,
  officer: UploadingClient,
  mayor: UploadingClient,
  application: Record<string, unknown>,
): Promise<{ grantId: string; milestoneId: string }> {
  const created = await cso.post('/v1/grants', application);
  if (created.status !== 201) throw new Error(`create: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const share = { amount: 5_000_000, currency: 'TND' };
  for (const [who, event] of [
    [cso, { type: 'submit' }],
    [officer, { type: 'start_review' }],
    [officer, { type: 'declare_no_conflict' }],
    [officer, { type: 'recommend', recommendation: 'approve', comment: 'Good.' }],
    [mayor, { type: 'declare_no_conflict' }],
    [mayor, { type: 'approve', award: { amount: share, funders: [{ funderId: 'fondation-sud', share }] } }],
    [cso, { type: 'accept_award' }],
  ] as const) {
    const res = await who.event(`/v1/grants/${id}`, event);
    if (res.status !== 200) throw new Error(`${event.type}: ${JSON.stringify(res.body)}`);
  }
  const [ms] = (await cso.get(`/v1/grants/${id}/milestones`)).body.items;
  return { grantId: id, milestoneId: ms.id };
}
