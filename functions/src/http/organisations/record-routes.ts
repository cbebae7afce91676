/** An organisation's record as a reviewer sees it beside an application. */
import { createRoute } from '@hono/zod-openapi';
import { OrganisationRecordSummary } from '#contract/workspace';
import { organisationRecord } from '#services/organisation-record';
import { bearer, idParams, json, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const organisationRecordRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/v1/organisations/{id}/record',
    operationId: 'getOrganisationRecord',
    tags: ['organisations'],
    summary: 'A CSO’s profile, partnership, earlier grants, report record and what is overdue',
    security: bearer,
    middleware: [allow('GET /v1/organisations/{id}/record')] as const,
    request: { params: idParams },
    responses: { 200: json(OrganisationRecordSummary, 'The organisation’s record'), ...problems },
  }),
  async (c) => c.json(await organisationRecord(c.var.deps, c.var.actor, c.req.valid('param').id), 200),
);
