/**
 * Public routes, no sign-in (app.ts mounts them before the auth middleware): the transparency register
 * of a city. Its awarded grants as 360Giving data are in giving360.ts, served by the downloads function.
 */
import { createRoute } from '@hono/zod-openapi';
import { RegisterQuery } from '#contract/requests';
import { Register } from '#contract/responses';
import { publicRegister } from '#services/register';
import { open } from '../openapi.ts';
import { router } from '../router.ts';
import { PUBLIC_CACHE, params, problems } from './common.ts';

export const publicRoutes = router().openapi(
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
);
