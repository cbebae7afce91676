/** The routes about the API itself, open to everyone: health, the OpenAPI document and its readable page. */
import { docsPage } from '../docs.ts';
import { router } from '../router.ts';

export const API_INFO = {
  title: 'Passerelle API',
  version: '1.0.0',
  description:
    'Partnership agreements, fast-track grants and reporting milestones between a city and its civil-society organisations.',
  // The project has not chosen an open licence: the document says so rather than guess one.
  license: { name: 'Proprietary (all rights reserved)', identifier: 'LicenseRef-Proprietary' },
};

/** `documented`: the app whose routes the OpenAPI document describes (all of them, once mounted). */
export function systemRoutes(documented: ReturnType<typeof router>) {
  const document = () =>
    documented.getOpenAPI31Document({
      openapi: '3.1.0',
      info: API_INFO,
      servers: [{ url: '/' }],
      tags: [
        { name: 'me', description: 'The signed-in user' },
        { name: 'organisations', description: 'CSO and funder profiles' },
        { name: 'partnerships', description: 'Partnership applications and agreements' },
        { name: 'grants', description: 'Grant applications, awards and tranches' },
        { name: 'milestones', description: 'Reporting milestones and their reports' },
        { name: 'queue', description: 'What waits for the signed-in user' },
        { name: 'audit', description: 'Hash-chained audit trails' },
        { name: 'exports', description: 'Portfolio exports' },
        { name: 'notifications', description: 'In-app notifications' },
        { name: 'public', description: 'The transparency register and 360Giving data, no sign-in' },
        { name: 'auth', description: 'Signing in' },
      ],
    });
  let cached: ReturnType<typeof document> | undefined;
  const openapi = () => {
    cached ??= document();
    return cached;
  };
  // /health is for load balancers and probes, not for clients: left out of the document.
  return router()
    .get('/health', async (c) => {
      await c.var.deps.store.getCity('__health__');
      return c.json({ status: 'ok' as const }, 200);
    })
    .get('/openapi.json', (c) => c.json(openapi()))
    .get('/docs', (c) => c.html(docsPage(openapi())));
}
