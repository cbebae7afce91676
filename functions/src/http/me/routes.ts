/** The signed-in user, with their city's settings that the web front end shows. */
import { createRoute } from '@hono/zod-openapi';
import { Me } from '#contract/responses';
import { bearer, json, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const meRoutes = router().openapi(
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
  async (c) => {
    const { deps, actor } = c.var;
    const [user, city] = await Promise.all([deps.store.getUser(actor.userId), deps.cities.get(actor.cityId)]);
    return c.json(
      {
        id: actor.userId,
        name: user?.name ?? actor.userId,
        email: user?.email ?? '',
        cityId: actor.cityId,
        ...(actor.organisationId ? { organisationId: actor.organisationId } : {}),
        roles: [...actor.roles],
        language: user?.language ?? 'en',
        city: {
          id: city.id,
          name: city.name,
          currency: city.currency,
          timeZone: city.calendar.timeZone,
          fastTrackCeiling: city.fastTrackCeiling,
          maxOpenFastGrants: city.maxOpenFastGrants,
        },
      },
      200,
    );
  },
);
