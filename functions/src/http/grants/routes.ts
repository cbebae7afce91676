import { createRoute } from '@hono/zod-openapi';
import { GrantApplication, GrantEvent, GrantListQuery, GrantPatch } from '#contract/requests';
import { EligibilityRecord, GrantPage, GrantRecord, MilestoneList } from '#contract/responses';
import {
  createGrant,
  editGrant,
  getGrant,
  grantEligibility,
  grantEvent,
  grantMilestones,
  listGrants,
} from '#services/grants';
import { answered, eventArgs, eventBody, eventResponses } from '../events.ts';
import { etag, idempotencyKey } from '../headers.ts';
import { bearer, idParams, json, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const grantRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/grants',
      operationId: 'createGrant',
      tags: ['grants'],
      summary: 'Create a grant application (a draft)',
      security: bearer,
      middleware: [allow('POST /v1/grants')] as const,
      request: { body: { content: { 'application/json': { schema: GrantApplication } }, required: true } },
      responses: { 201: json(GrantRecord, 'The draft'), ...problems, 422: problem('A rule is broken') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const key = idempotencyKey(c.req.header('Idempotency-Key'));
      const out = await createGrant(c.var.deps, c.var.actor, body, key ? { key, request: body } : undefined);
      c.header('ETag', etag(out.body.version));
      c.header('Location', `/v1/grants/${out.body.id}`);
      if (out.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(out.body, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/grants',
      operationId: 'listGrants',
      tags: ['grants'],
      summary: 'Grant applications and grants the user may see',
      security: bearer,
      middleware: [allow('GET /v1/grants')] as const,
      request: { query: GrantListQuery },
      responses: { 200: json(GrantPage, 'A page of grants'), ...problems },
    }),
    async (c) => c.json(await listGrants(c.var.deps, c.var.actor, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/grants/{id}',
      operationId: 'getGrant',
      tags: ['grants'],
      summary: 'One grant',
      security: bearer,
      middleware: [allow('GET /v1/grants/{id}')] as const,
      request: { params: idParams },
      responses: { 200: json(GrantRecord, 'The grant, with an ETag of its version'), ...problems },
    }),
    async (c) => {
      const grant = await getGrant(c.var.deps, c.var.actor, c.req.valid('param').id);
      c.header('ETag', etag(grant.version));
      return c.json(grant, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/v1/grants/{id}',
      operationId: 'editGrant',
      tags: ['grants'],
      summary: 'Edit a draft, or an application sent back for changes',
      security: bearer,
      middleware: [allow('PATCH /v1/grants/{id}')] as const,
      request: {
        params: idParams,
        body: { content: { 'application/json': { schema: GrantPatch } }, required: true },
      },
      responses: {
        200: json(GrantRecord, 'The edited application'),
        ...problems,
        412: problem('Stale If-Match'),
      },
    }),
    async (c) => {
      const grant = await editGrant(
        c.var.deps,
        c.var.actor,
        c.req.valid('param').id,
        c.req.valid('json'),
        c.req.header('If-Match'),
      );
      c.header('ETag', etag(grant.version));
      return c.json(grant, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/grants/{id}/eligibility',
      operationId: 'getGrantEligibility',
      tags: ['grants'],
      summary: 'The fast-track rules and whether each passes, for the application as it stands',
      security: bearer,
      middleware: [allow('GET /v1/grants/{id}/eligibility')] as const,
      request: { params: idParams },
      responses: { 200: json(EligibilityRecord, 'Each rule, passed or not, with a message'), ...problems },
    }),
    async (c) => c.json(await grantEligibility(c.var.deps, c.var.actor, c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/grants/{id}/events',
      operationId: 'sendGrantEvent',
      tags: ['grants'],
      summary: 'Send a workflow event: submit, start_review, declare_no_conflict, recommend, approve, …',
      security: bearer,
      middleware: [allow('POST /v1/grants/{id}/events')] as const,
      request: { params: idParams, body: eventBody(GrantEvent) },
      responses: eventResponses(GrantRecord, 'The grant after the event'),
    }),
    async (c) => {
      const args = eventArgs(c.req.valid('param').id, c.req.valid('json'), (h) => c.req.header(h));
      return c.json(answered(c, await grantEvent(c.var.deps, c.var.actor, ...args)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/grants/{id}/milestones',
      operationId: 'listGrantMilestones',
      tags: ['milestones'],
      summary: 'The reporting milestones of a grant',
      security: bearer,
      middleware: [allow('GET /v1/grants/{id}/milestones')] as const,
      request: { params: idParams },
      responses: { 200: json(MilestoneList, 'Its milestones, by due date'), ...problems },
    }),
    async (c) =>
      c.json(
        { items: await grantMilestones(c.var.deps, c.var.actor, c.req.valid('param').id), nextCursor: null },
        200,
      ),
  );
