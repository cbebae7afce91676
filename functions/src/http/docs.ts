/** /docs: a self-contained, readable page of the OpenAPI document (no script, no external asset). */
const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

interface Doc {
  info: { title: string; version: string; description?: string };
  paths?: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        tags?: string[];
        security?: unknown[];
        requestBody?: unknown;
        responses?: Record<string, { description?: string }>;
      }
    >
  >;
  components?: { schemas?: Record<string, unknown> };
}

export function docsPage(doc: unknown): string {
  const d = doc as Doc;
  const ops = Object.entries(d.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  const rows = ops
    .map(
      ({
        path,
        method,
        op,
      }) => `<section><h3><code>${esc(method)} ${esc(path)}</code></h3><p>${esc(op.summary)}${op.security?.length ? ' <em>(sign-in required)</em>' : ''}</p>
<p>Responses: ${Object.entries(op.responses ?? {})
        .map(([code, r]) => `<code>${esc(code)}</code> ${esc(r.description)}`)
        .join(
          ' · ',
        )}</p>${op.requestBody ? `<details><summary>Request body</summary><pre>${esc(JSON.stringify(op.requestBody, null, 2))}</pre></details>` : ''}</section>`,
    )
    .join('\n');
  const schemas = Object.entries(d.components?.schemas ?? {})
    .map(
      ([name, s]) =>
        `<details><summary>${esc(name)}</summary><pre>${esc(JSON.stringify(s, null, 2))}</pre></details>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.info.title)} — docs</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem}pre{overflow:auto;background:#f4f4f4;padding:.5rem}code{background:#f4f4f4;padding:0 .2rem}section{border-bottom:1px solid #ddd}</style></head>
<body><main><h1>${esc(d.info.title)} ${esc(d.info.version)}</h1><p>${esc(d.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are <code>application/problem+json</code> (RFC 9457).</p>
<h2>Operations</h2>${rows}<h2>Schemas</h2>${schemas}</main></body></html>`;
}
