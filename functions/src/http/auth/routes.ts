/**
 * Sign-in configuration for the web front end, and local sign-in: `/auth/dev-*` exists only when the
 * app runs with a local signing key (never in AWS).
 */
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { DevLogin } from '#contract/requests';
import { DevToken, DevUsers } from '#contract/responses';
import { type AuthConfig, signLocalToken } from '../auth.ts';
import { notFoundError } from '../middleware/errors.ts';
import { json, open, problem } from '../openapi.ts';
import { unauthorized } from '../problem.ts';
import { type Env, router } from '../router.ts';

export function authConfigRoutes(auth: AuthConfig) {
  const config =
    auth.mode === 'local'
      ? { mode: 'local' as const }
      : {
          mode: 'cognito' as const,
          region: auth.region,
          userPoolId: auth.userPoolId,
          clientId: auth.clientId,
          ...(auth.domain !== undefined ? { domain: auth.domain } : {}),
        };
  // Read by the web front end before anyone signs in; not part of the API's document.
  return router().get('/auth/config', (c) => c.json(config, 200));
}

/**
 * Always mounted, so that the typed client knows them; with Cognito they answer 404 and are left out of
 * the OpenAPI document.
 */
export function devAuthRoutes(config: AuthConfig) {
  const local = config.mode === 'local' ? config : undefined;
  const localOnly: MiddlewareHandler<Env> = async (_c, next) => {
    if (!local) throw notFoundError();
    await next();
  };
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/dev-login',
        operationId: 'devLogin',
        tags: ['auth'],
        summary: 'Sign in locally as a user of the store, by e-mail (local only)',
        security: open,
        hide: !local,
        middleware: [localOnly] as const,
        request: { body: { content: { 'application/json': { schema: DevLogin } }, required: true } },
        responses: {
          200: json(DevToken, 'A signed token'),
          400: problem('Not an e-mail'),
          401: problem('No such user'),
          404: problem('Not in this deployment: local only'),
        },
      }),
      async (c) => {
        const user = await c.var.deps.store.findUserByEmail(c.req.valid('json').email);
        if (!user || !local) throw unauthorized('No demo user has this e-mail.');
        return c.json({ token: await signLocalToken(local, user, c.var.deps.clock()) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/auth/dev-users',
        operationId: 'listDevUsers',
        tags: ['auth'],
        summary: 'The users of the local store, to sign in as (local only)',
        security: open,
        hide: !local,
        middleware: [localOnly] as const,
        responses: {
          200: json(DevUsers, 'Every user of every city'),
          404: problem('Not in this deployment: local only'),
        },
      }),
      async (c) => {
        const { store } = c.var.deps;
        const cities = await store.listCities();
        const users = (await Promise.all(cities.map((city) => store.listUsersOfCity(city.id)))).flat();
        return c.json(
          {
            items: users
              .map((u) => ({
                email: u.email,
                name: u.name,
                roles: u.roles,
                cityId: u.cityId,
                ...(u.organisationId !== undefined ? { organisationId: u.organisationId } : {}),
              }))
              .sort((a, b) => a.cityId.localeCompare(b.cityId) || a.email.localeCompare(b.email)),
          },
          200,
        );
      },
    );
}
