import { createRoute } from '@hono/zod-openapi';
import { MilestoneEvent, MilestoneListQuery } from '#contract/requests';
import { MilestonePage, MilestoneRecord } from '#contract/responses';
import { getMilestone, listMilestones, milestoneEvent } from '#services/milestones';
import { answered, eventArgs, eventBody, eventResponses } from '../events.ts';
import { etag } from '../headers.ts';
import { bearer, idParams, json, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const milestoneRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/milestones',
      operationId: 'listMilestones',
      tags: ['milestones'],
      summary: 'Milestones the user may see, by due date (a funder: those of the grants it funds)',
      security: bearer,
      middleware: [allow('GET /v1/milestones')] as const,
      request: { query: MilestoneListQuery },
      responses: { 200: json(MilestonePage, 'A page of milestones'), ...problems },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listMilestones(c.var.deps, c.var.actor, { ...q, dueBefore: q.due_before }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/milestones/{id}',
      operationId: 'getMilestone',
      tags: ['milestones'],
      summary: 'One milestone',
      security: bearer,
      middleware: [allow('GET /v1/milestones/{id}')] as const,
      request: { params: idParams },
      responses: { 200: json(MilestoneRecord, 'The milestone, with an ETag of its version'), ...problems },
    }),
    async (c) => {
      const m = await getMilestone(c.var.deps, c.var.actor, c.req.valid('param').id);
      c.header('ETag', etag(m.version));
      return c.json(m, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/milestones/{id}/events',
      operationId: 'sendMilestoneEvent',
      tags: ['milestones'],
      summary: 'Send a milestone event: submit_report, accept, request_revision',
      security: bearer,
      middleware: [allow('POST /v1/milestones/{id}/events')] as const,
      request: { params: idParams, body: eventBody(MilestoneEvent) },
      responses: eventResponses(MilestoneRecord, 'The milestone after the event'),
    }),
    async (c) => {
      const args = eventArgs(c.req.valid('param').id, c.req.valid('json'), (h) => c.req.header(h));
      return c.json(answered(c, await milestoneEvent(c.var.deps, c.var.actor, ...args)), 200);
    },
  );
