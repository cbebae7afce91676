import { createRoute, z } from '@hono/zod-openapi';
import type { GrantApplication as GrantApplicationT, GrantEvent as GrantEventT } from '#domain/grant';
import {
  createGrant,
  editGrant,
  getGrant,
  grantEligibility,
  grantEvent,
  grantMilestones,
  listGrants,
} from '#services/grants';
import { bearer, etag, idempotencyKey, router } from '../env.ts';
import { idParams, json, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import {
  EligibilityRecord,
  GrantApplication,
  GrantEvent,
  GrantPatch,
  GrantRecord,
  ListQuery,
  MilestoneRecord,
  pageOf,
} from '../schemas.ts';

export const grantRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/grants',
      tags: ['grants'],
      summary: 'Create a grant application (a draft)',
      security: bearer,
      middleware: [allow('POST /v1/grants')] as const,
      request: { body: { content: { 'application/json': { schema: GrantApplication } }, required: true } },
      responses: { 201: json(GrantRecord, 'The draft'), ...problems, 422: problem('A rule is broken') },
    }),
    async (c) => {
      const body = c.req.valid('json') as GrantApplicationT;
      const key = idempotencyKey(c.req.header('Idempotency-Key'));
      const out = await createGrant(c.var.deps, c.var.actor, body, key ? { key, request: body } : undefined);
      c.header('ETag', etag(out.body.version));
      c.header('Location', `/v1/grants/${out.body.id}`);
      if (out.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(out.body as never, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/grants',
      tags: ['grants'],
      summary: 'Grant applications and grants the user may see',
      security: bearer,
      middleware: [allow('GET /v1/grants')] as const,
      request: { query: ListQuery.extend({ track: z.enum(['fast', 'standard']).optional() }) },
      responses: { 200: json(pageOf(GrantRecord, 'GrantPage'), 'A page of grants'), ...problems },
    }),
    async (c) => c.json((await listGrants(c.var.deps, c.var.actor, c.req.valid('query'))) as never, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/grants/{id}',
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
      return c.json(grant as never, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/v1/grants/{id}',
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
        c.req.valid('json') as Partial<GrantApplicationT>,
        c.req.header('If-Match'),
      );
      c.header('ETag', etag(grant.version));
      return c.json(grant as never, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/grants/{id}/eligibility',
      tags: ['grants'],
      summary: 'The fast-track rules and whether each passes, for the application as it stands',
      security: bearer,
      middleware: [allow('GET /v1/grants/{id}/eligibility')] as const,
      request: { params: idParams },
      responses: { 200: json(EligibilityRecord, 'Each rule, passed or not, with a message'), ...problems },
    }),
    async (c) =>
      c.json((await grantEligibility(c.var.deps, c.var.actor, c.req.valid('param').id)) as never, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/grants/{id}/events',
      tags: ['grants'],
      summary: 'Send a workflow event: submit, start_review, declare_no_conflict, recommend, approve, …',
      security: bearer,
      middleware: [allow('POST /v1/grants/{id}/events')] as const,
      request: {
        params: idParams,
        body: { content: { 'application/json': { schema: GrantEvent } }, required: true },
      },
      responses: {
        200: json(GrantRecord, 'The grant after the event'),
        ...problems,
        409: problem('Not possible in the current state, or changed meanwhile'),
        412: problem('Stale If-Match'),
        422: problem('Rules not met, each listed'),
      },
    }),
    async (c) => {
      const grant = await grantEvent(
        c.var.deps,
        c.var.actor,
        c.req.valid('param').id,
        c.req.valid('json') as GrantEventT,
        c.req.header('If-Match'),
      );
      c.header('ETag', etag(grant.version));
      return c.json(grant as never, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/grants/{id}/milestones',
      tags: ['milestones'],
      summary: 'The reporting milestones of a grant',
      security: bearer,
      middleware: [allow('GET /v1/grants/{id}/milestones')] as const,
      request: { params: idParams },
      responses: {
        200: json(pageOf(MilestoneRecord, 'MilestoneList'), 'Its milestones, by due date'),
        ...problems,
      },
    }),
    async (c) =>
      c.json(
        {
          items: await grantMilestones(c.var.deps, c.var.actor, c.req.valid('param').id),
          nextCursor: null,
        } as never,
        200,
      ),
  );
