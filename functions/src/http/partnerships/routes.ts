import { createRoute } from '@hono/zod-openapi';
import { ListQuery, PartnershipApplication, PartnershipEvent, PartnershipPatch } from '#contract/requests';
import { PartnershipPage, PartnershipRecord } from '#contract/responses';
import {
  createPartnership,
  editPartnership,
  getPartnership,
  listPartnerships,
  partnershipEvent,
} from '#services/partnerships';
import { answered, eventArgs, eventBody, eventResponses } from '../events.ts';
import { etag, idempotencyKey } from '../headers.ts';
import { bearer, idParams, json, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const partnershipRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/partnerships',
      operationId: 'createPartnership',
      tags: ['partnerships'],
      summary: 'Apply for partnership status (creates a draft)',
      security: bearer,
      middleware: [allow('POST /v1/partnerships')] as const,
      request: {
        body: { content: { 'application/json': { schema: PartnershipApplication } }, required: true },
      },
      responses: { 201: json(PartnershipRecord, 'The draft'), ...problems },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const key = idempotencyKey(c.req.header('Idempotency-Key'));
      const out = await createPartnership(
        c.var.deps,
        c.var.actor,
        body,
        key ? { key, request: body } : undefined,
      );
      c.header('ETag', etag(out.body.version));
      c.header('Location', `/v1/partnerships/${out.body.id}`);
      if (out.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(out.body, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/partnerships',
      operationId: 'listPartnerships',
      tags: ['partnerships'],
      summary: 'Partnership applications and agreements the user may see',
      security: bearer,
      middleware: [allow('GET /v1/partnerships')] as const,
      request: { query: ListQuery },
      responses: { 200: json(PartnershipPage, 'A page of partnerships'), ...problems },
    }),
    async (c) => c.json(await listPartnerships(c.var.deps, c.var.actor, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/partnerships/{id}',
      operationId: 'getPartnership',
      tags: ['partnerships'],
      summary: 'One partnership',
      security: bearer,
      middleware: [allow('GET /v1/partnerships/{id}')] as const,
      request: { params: idParams },
      responses: {
        200: json(PartnershipRecord, 'The partnership, with an ETag of its version'),
        ...problems,
      },
    }),
    async (c) => {
      const p = await getPartnership(c.var.deps, c.var.actor, c.req.valid('param').id);
      c.header('ETag', etag(p.version));
      return c.json(p, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/v1/partnerships/{id}',
      operationId: 'editPartnership',
      tags: ['partnerships'],
      summary: 'Edit a draft, or an application sent back for changes',
      security: bearer,
      middleware: [allow('PATCH /v1/partnerships/{id}')] as const,
      request: {
        params: idParams,
        body: { content: { 'application/json': { schema: PartnershipPatch } }, required: true },
      },
      responses: {
        200: json(PartnershipRecord, 'The edited application'),
        ...problems,
        412: problem('Stale If-Match'),
      },
    }),
    async (c) => {
      const p = await editPartnership(
        c.var.deps,
        c.var.actor,
        c.req.valid('param').id,
        c.req.valid('json'),
        c.req.header('If-Match'),
      );
      c.header('ETag', etag(p.version));
      return c.json(p, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/partnerships/{id}/events',
      operationId: 'sendPartnershipEvent',
      tags: ['partnerships'],
      summary: 'Send a workflow event: submit, start_review, record_due_diligence, approve, …',
      security: bearer,
      middleware: [allow('POST /v1/partnerships/{id}/events')] as const,
      request: { params: idParams, body: eventBody(PartnershipEvent) },
      responses: eventResponses(PartnershipRecord, 'The partnership after the event'),
    }),
    async (c) => {
      const args = eventArgs(c.req.valid('param').id, c.req.valid('json'), (h) => c.req.header(h));
      return c.json(answered(c, await partnershipEvent(c.var.deps, c.var.actor, ...args)), 200);
    },
  );
