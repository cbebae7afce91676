/** The tranches of an awarded grant: the city records the payment of a released one. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { Id } from '#contract/fields';
import { GrantRecord } from '#contract/responses';
import { payTranche } from '#services/tranches';
import { answered, retryOf } from '../events.ts';
import { bearer, json, pathParam, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const trancheRoutes = router().openapi(
  createRoute({
    method: 'post',
    path: '/v1/grants/{id}/tranches/{trancheId}/pay',
    operationId: 'payTranche',
    tags: ['grants'],
    summary: 'Record the payment of a released tranche (city officer)',
    security: bearer,
    middleware: [allow('POST /v1/grants/{id}/tranches/{trancheId}/pay')] as const,
    request: { params: z.object({ id: pathParam(Id, 'id'), trancheId: pathParam(Id, 'trancheId') }) },
    responses: {
      200: json(GrantRecord, 'The grant, with the tranche paid'),
      ...problems,
      404: problem('No such grant or tranche'),
      409: problem('The tranche is not released (scheduled, held or already paid)'),
      412: problem('Stale If-Match'),
    },
  }),
  async (c) => {
    const { id, trancheId } = c.req.valid('param');
    const retry = retryOf(c.req.header('Idempotency-Key'), { id, trancheId });
    const out = await payTranche(c.var.deps, c.var.actor, id, trancheId, c.req.header('If-Match'), retry);
    return c.json(answered(c, out), 200);
  },
);
