/** The city's coordination map (city staff and partners). */
import { createRoute } from '@hono/zod-openapi';
import { CoordinationMap, CoordinationQuery } from '#contract/coordination';
import { coordinationMap } from '#services/coordination';
import { bearer, json, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const coordinationRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/v1/coordination',
    operationId: 'getCoordinationMap',
    tags: ['impact'],
    summary:
      'Active partnerships and grants of the city by focus area × target group × period, with overlaps',
    security: bearer,
    middleware: [allow('GET /v1/coordination')] as const,
    request: { query: CoordinationQuery },
    responses: { 200: json(CoordinationMap, 'The coordination map of the caller’s city'), ...problems },
  }),
  async (c) => {
    const map = await coordinationMap(c.var.deps, c.var.actor, c.req.valid('query'));
    return c.json(map, 200);
  },
);
