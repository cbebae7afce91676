/** The tranches of an awarded grant: the city records the payment of a released one. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { Id } from '#contract/fields';
import { GrantRecord } from '#contract/responses';
import { TrancheListQuery, TranchePage, TranchePayment } from '#contract/workspace';
import { listTranches } from '#services/tranche-list';
import { payTranche } from '#services/tranches';
import { answered, retryOf } from '../events.ts';
import { bearer, json, pathParam, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const trancheRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/tranches',
      operationId: 'listTranches',
      tags: ['grants'],
      summary: 'Payments to make (`state=due`) or held by an overdue report (`state=held`)',
      security: bearer,
      middleware: [allow('GET /v1/tranches')] as const,
      request: { query: TrancheListQuery },
      responses: { 200: json(TranchePage, 'The tranches, oldest release first'), ...problems },
    }),
    async (c) => c.json(await listTranches(c.var.deps, c.var.actor, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/grants/{id}/tranches/{trancheId}/pay',
      operationId: 'payTranche',
      tags: ['grants'],
      summary: 'Record the payment of a released tranche (city officer)',
      security: bearer,
      middleware: [allow('POST /v1/grants/{id}/tranches/{trancheId}/pay')] as const,
      request: {
        params: z.object({ id: pathParam(Id, 'id'), trancheId: pathParam(Id, 'trancheId') }),
        body: { content: { 'application/json': { schema: TranchePayment } }, required: false },
      },
      responses: {
        200: json(GrantRecord, 'The grant, with the tranche paid'),
        ...problems,
        404: problem('No such grant or tranche'),
        409: problem('The tranche is not released (scheduled, held or already paid)'),
        422: problem('The payment date is before the award or after today'),
        412: problem('Stale If-Match'),
      },
    }),
    async (c) => {
      const { id, trancheId } = c.req.valid('param');
      // Without a JSON body (no Content-Type), the payment is recorded as of today, without a reference.
      const payment = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
      const retry = retryOf(c.req.header('Idempotency-Key'), { id, trancheId, payment });
      const out = await payTranche(
        c.var.deps,
        c.var.actor,
        id,
        trancheId,
        c.req.header('If-Match'),
        payment,
        retry,
      );
      return c.json(answered(c, out), 200);
    },
  );
