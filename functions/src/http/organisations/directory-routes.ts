/** The organisations of a city as its staff see them, and the funders its admin registers. */
import { createRoute } from '@hono/zod-openapi';
import { FunderRegistration, OrganisationListQuery } from '#contract/requests';
import { OrganisationPage, OrganisationRecord } from '#contract/responses';
import { listOrganisations, registerFunder } from '#services/funders';
import { bearer, json, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const organisationDirectoryRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organisations',
      operationId: 'listOrganisations',
      tags: ['organisations'],
      summary: 'The organisations of the city',
      security: bearer,
      middleware: [allow('GET /v1/organisations')] as const,
      request: { query: OrganisationListQuery },
      responses: { 200: json(OrganisationPage, 'A page of organisations'), ...problems },
    }),
    async (c) => c.json(await listOrganisations(c.var.deps, c.var.actor, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/organisations',
      operationId: 'registerFunder',
      tags: ['organisations'],
      summary: 'Register a funder',
      security: bearer,
      middleware: [allow('POST /v1/organisations')] as const,
      request: {
        body: { content: { 'application/json': { schema: FunderRegistration } }, required: true },
      },
      responses: {
        201: json(OrganisationRecord, 'The funder'),
        ...problems,
        409: problem('The registration number is already registered'),
      },
    }),
    async (c) => c.json(await registerFunder(c.var.deps, c.var.actor, c.req.valid('json')), 201),
  );
