import { describe, expect, it } from 'vitest';
import { createApp } from '#http/app';
import { ROUTE_RULES } from '#http/policy';
import type { Deps } from '#services/deps';

type Operation = { security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> };

async function openapi() {
  // The document is built from the route definitions alone: no store is touched.
  const app = createApp({
    deps: {} as Deps,
    auth: { mode: 'local', secret: new Uint8Array(32), issuer: 'i', audience: 'a' },
  });
  const res = await app.request('/openapi.json');
  return (await res.json()) as { paths: Record<string, Record<string, Operation>> };
}

describe('the OpenAPI document', () => {
  it('lists every route of the rules table', async () => {
    // Act
    const doc = await openapi();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Assess
    expect(documented).toEqual(expect.arrayContaining(Object.keys(ROUTE_RULES)));
  });

  it('documents every error as application/problem+json, and 401 on every signed-in route', async () => {
    // Act
    const doc = await openapi();
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    // Assess
    for (const { route, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        expect(Object.keys(response.content ?? {}), `${route} ${status}`).toEqual([
          'application/problem+json',
        ]);
      }
      if (op.security?.length) expect(Object.keys(op.responses), route).toContain('401');
    }
  });
});
