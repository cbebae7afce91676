/** The work queue: what waits for the signed-in user, most urgent first. */
import { createRoute } from '@hono/zod-openapi';
import { PageQuery } from '#contract/requests';
import { Queue } from '#contract/responses';
import { queueFor } from '#services/queue';
import { bearer, json, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const queueRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/v1/queue',
    operationId: 'getQueue',
    tags: ['queue'],
    summary: 'What waits for the signed-in user, most urgent first',
    security: bearer,
    middleware: [allow('GET /v1/queue')] as const,
    request: { query: PageQuery },
    responses: { 200: json(Queue, 'The queue'), ...problems },
  }),
  async (c) => c.json(await queueFor(c.var.deps, c.var.actor, c.req.valid('query')), 200),
);
