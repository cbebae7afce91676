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
