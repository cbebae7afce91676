/** The tranches of an awarded grant: the city records the payment of a released one. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { Id } from '#contract/fields';
import { TranchePayment } from '#contract/requests';
import { GrantRecord } from '#contract/responses';
import { payTranche } from '#services/tranches';
import { etag } from '../headers.ts';
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
    request: {
      params: z.object({ id: pathParam(Id, 'id'), trancheId: pathParam(Id, 'trancheId') }),
      body: { content: { 'application/json': { schema: TranchePayment } }, required: false },
    },
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
    // Without a JSON body (no Content-Type), a payment recorded without its proof.
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    const grant = await payTranche(
      c.var.deps,
      c.var.actor,
      id,
      trancheId,
      c.req.header('If-Match'),
      body.proofUploadId,
    );
    c.header('ETag', etag(grant.version));
    return c.json(grant, 200);
  },
);
