/** The routes about the API itself, open to everyone: health, the OpenAPI document and its readable page. */
import { docsPage } from '../docs.ts';
import { router } from '../router.ts';
import { openapiDocument } from './document.ts';

/** `documented`: the app whose routes the OpenAPI document describes (all of them, once mounted). */
export function systemRoutes(documented: ReturnType<typeof router>) {
  let cached: ReturnType<typeof openapiDocument> | undefined;
  const openapi = () => {
    cached ??= openapiDocument(documented);
    return cached;
  };
  // /health is for load balancers and probes, not for clients: left out of the document.
  return router()
    .get('/health', async (c) => {
      await c.var.deps.store.getCity('__health__');
      return c.json({ status: 'ok' as const }, 200);
    })
    .get('/openapi.json', async (c) => c.json(await openapi()))
    .get('/docs', async (c) => c.html(docsPage(await openapi())));
}
