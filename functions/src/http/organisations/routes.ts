/** Organisation profiles: a CSO's or a funder's, read and edited. */
import { createRoute } from '@hono/zod-openapi';
import { OrganisationPatch } from '#contract/requests';
import { OrganisationRecord } from '#contract/responses';
import { editOrganisation, getOrganisation } from '#services/organisations';
import { etag } from '../headers.ts';
import { bearer, idParams, json, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const organisationRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organisations/{id}',
      operationId: 'getOrganisation',
      tags: ['organisations'],
      summary: 'A CSO or funder profile',
      security: bearer,
      middleware: [allow('GET /v1/organisations/{id}')] as const,
      request: { params: idParams },
      responses: { 200: json(OrganisationRecord, 'The profile'), ...problems },
    }),
    async (c) => {
      const org = await getOrganisation(c.var.deps, c.var.actor, c.req.valid('param').id);
      c.header('ETag', etag(org.version));
      return c.json(org, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/v1/organisations/{id}',
      operationId: 'editOrganisation',
      tags: ['organisations'],
      summary: 'Edit a profile',
      security: bearer,
      middleware: [allow('PATCH /v1/organisations/{id}')] as const,
      request: {
        params: idParams,
        body: { content: { 'application/json': { schema: OrganisationPatch } }, required: true },
      },
      responses: {
        200: json(OrganisationRecord, 'The edited profile'),
        ...problems,
        412: problem('Stale If-Match'),
      },
    }),
    async (c) => {
      const org = await editOrganisation(
        c.var.deps,
        c.var.actor,
        c.req.valid('param').id,
        c.req.valid('json'),
        c.req.header('If-Match'),
      );
      c.header('ETag', etag(org.version));
      return c.json(org, 200);
    },
  );
