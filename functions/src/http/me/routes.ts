/** The signed-in user, with their city's settings that the web front end shows, and their own settings. */
import { createRoute } from '@hono/zod-openapi';
import { MePatch } from '#contract/requests';
import { Me } from '#contract/responses';
import { changeMe, me } from '#services/me';
import { bearer, json, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const meRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/me',
      operationId: 'getMe',
      tags: ['me'],
      summary: 'The signed-in user: id, name, e-mail, city, organisation, roles',
      security: bearer,
      middleware: [allow('GET /v1/me')] as const,
      responses: { 200: json(Me, 'The signed-in user'), ...problems },
    }),
    async (c) => c.json(await me(c.var.deps, c.var.actor), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/v1/me',
      operationId: 'changeMe',
      tags: ['me'],
      summary: 'Choose how notices reach you by mail: each as it happens, or one daily digest',
      security: bearer,
      middleware: [allow('PATCH /v1/me')] as const,
      request: { body: { content: { 'application/json': { schema: MePatch } }, required: true } },
      responses: { 200: json(Me, 'The signed-in user as they are now'), ...problems },
    }),
    async (c) => c.json(await changeMe(c.var.deps, c.var.actor, c.req.valid('json')), 200),
  );
