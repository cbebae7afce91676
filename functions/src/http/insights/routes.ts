/** The mayor's office's figures of how it decides. */
import { createRoute } from '@hono/zod-openapi';
import { DecisionInsights, InsightsQuery } from '#contract/workspace';
import { decisionInsights } from '#services/insights';
import { bearer, json, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const insightRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/v1/insights/decisions',
    operationId: 'getDecisionInsights',
    tags: ['insights'],
    summary: 'Decisions of one year: how many, how many on time, median working days, committed by month',
    security: bearer,
    middleware: [allow('GET /v1/insights/decisions')] as const,
    request: { query: InsightsQuery },
    responses: { 200: json(DecisionInsights, 'The figures of the year'), ...problems },
  }),
  async (c) => c.json(await decisionInsights(c.var.deps, c.var.actor, c.req.valid('query').year), 200),
);
