/**
 * Public routes, no sign-in (app.ts mounts them before the auth middleware): the transparency register
 * of a city and its awarded grants as 360Giving data. The 360Giving outputs are streamed as they are read.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { Id } from '#contract/fields';
import { RegisterQuery } from '#contract/requests';
import { Giving360Package, Register } from '#contract/responses';
import { giving360Csv, giving360Json } from '#services/giving360';
import { publicRegister } from '#services/register';
import { open, pathParam, problem } from '../openapi.ts';
import { ApiError } from '../problem.ts';
import { router } from '../router.ts';
import { streamBody, streamJson } from '../stream.ts';

const problems = {
  400: problem('Invalid request'),
  404: problem('No such city, or (360Giving) no awarded grant yet'),
};
const params = z.object({ cityId: pathParam(Id, 'cityId', 'sfax') });

const noGrants = (cityId: string) =>
  new ApiError(
    404,
    'not-found',
    'Not found.',
    `The city "${cityId}" has no awarded grant yet; a 360Giving package holds at least one.`,
  );
const PUBLIC_CACHE = 'public, max-age=300';
const origin = (c: Context) => new URL(c.req.url).origin;

export const publicRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/public/cities/{cityId}/register',
      operationId: 'getPublicRegister',
      security: open,
      tags: ['public'],
      summary: 'The transparency register of a city: active partnerships and awarded grants (no sign-in)',
      request: { params, query: RegisterQuery },
      responses: {
        200: {
          description: 'A page of the register',
          content: { 'application/json': { schema: Register } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const register = await publicRegister(c.var.deps, c.req.valid('param').cityId, c.req.valid('query'));
      c.header('Cache-Control', PUBLIC_CACHE);
      return c.json(register, 200);
    },
  )
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
