/**
 * The cities on this deployment (no sign-in): the first page lists them so that a visitor finds a city's
 * public register, and a CSO the city to register with, without knowing its id.
 */
import { createRoute } from '@hono/zod-openapi';
import { PublicCities } from '#contract/responses';
import { json, open, problem } from '../openapi.ts';
import { router } from '../router.ts';

export const publicCityRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/v1/public/cities',
    operationId: 'listPublicCities',
    security: open,
    tags: ['public'],
    summary: 'The cities on this deployment, each with a public register (no sign-in)',
    responses: {
      200: json(PublicCities, 'Every city, by name'),
      400: problem('Invalid request'),
    },
  }),
  async (c) => {
    const cities = await c.var.deps.store.listCities();
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(
      {
        items: cities
          .map((city) => ({ id: city.id, name: city.name, country: city.country }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      },
      200,
    );
  },
);
