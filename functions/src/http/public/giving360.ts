/**
 * A city's awarded grants as 360Giving data, no sign-in: the package (JSON) and the flat CSV, streamed as
 * they are read. The downloads function (lambda/exports.ts) serves them, behind CloudFront; a group of its
 * own so that the api function's bundle leaves the 360Giving code out.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { Giving360Package } from '#contract/responses';
import { giving360Csv, giving360Json } from '#services/giving360';
import { open } from '../openapi.ts';
import { ApiError } from '../problem.ts';
import { router } from '../router.ts';
import { streamBody, streamJson } from '../stream.ts';
import { PUBLIC_CACHE, params, problems } from './common.ts';

const noGrants = (cityId: string) =>
  new ApiError(
    404,
    'not-found',
    'Not found.',
    `The city "${cityId}" has no awarded grant yet; a 360Giving package holds at least one.`,
  );
const origin = (c: Context) => new URL(c.req.url).origin;

export const giving360Routes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/public/cities/{cityId}/grants.360giving.json',
      operationId: 'getGiving360Json',
      security: open,
      tags: ['public'],
      summary: 'Every awarded grant of the city as a 360Giving data package (streamed)',
      request: { params },
      responses: {
        200: {
          description: 'The 360Giving data package',
          content: { 'application/json': { schema: Giving360Package } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const { cityId } = c.req.valid('param');
      const chunks = await giving360Json(c.var.deps, cityId, { baseUrl: origin(c) });
      if (!chunks) throw noGrants(cityId);
      c.header('Cache-Control', PUBLIC_CACHE);
      return streamJson<z.output<typeof Giving360Package>>(c, chunks);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/public/cities/{cityId}/grants.360giving.csv',
      operationId: 'getGiving360Csv',
      security: open,
      tags: ['public'],
      summary: 'Every awarded grant of the city in the 360Giving flat CSV layout (streamed)',
      request: { params },
      responses: {
        200: {
          description:
            'CSV with a header row of 360Giving column titles (Identifier, Title, Amount Awarded, …)',
          content: { 'text/csv': { schema: z.string() } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const { cityId } = c.req.valid('param');
      const chunks = await giving360Csv(c.var.deps, cityId, { baseUrl: origin(c) });
      if (!chunks) throw noGrants(cityId);
      c.header('Cache-Control', PUBLIC_CACHE);
      return streamBody(c, chunks, 'text/csv; charset=utf-8', `${cityId}-grants.360giving.csv`);
    },
  );
