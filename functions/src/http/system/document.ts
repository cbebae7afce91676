/**
 * The OpenAPI document of the API, built from the route definitions on the first request for it. A Lambda
 * bundle replaces this module (infra/bundling.ts): there the document is built once at build time and
 * loaded from a chunk of its own, so neither its construction nor zod-to-openapi's generator is part of
 * a cold start.
 */
import type { router } from '../router.ts';

export const API_INFO = {
  title: 'Passerelle API',
  version: '1.0.0',
  description:
    'Partnership agreements, fast-track grants and reporting milestones between a city and its civil-society organisations.',
  // The project has not chosen an open licence: the document says so rather than guess one.
  license: { name: 'Proprietary (all rights reserved)', identifier: 'LicenseRef-Proprietary' },
};

type Router = ReturnType<typeof router>;

/** The document of the routes `documented` holds, as GET /openapi.json serves it. */
export async function openapiDocument(
  documented: Router,
): Promise<ReturnType<Router['getOpenAPI31Document']>> {
  return documented.getOpenAPI31Document({
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
}
