/** Local sign-in: exists only when the app runs with a local signing key (never in AWS). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '#services/deps';
import { type AuthConfig, signLocalToken } from '../auth.ts';
import { badRequest, unauthorized } from '../problem.ts';

const DevLogin = z.strictObject({ email: z.email().max(200) });

export function devAuthRoutes(config: Extract<AuthConfig, { mode: 'local' }>, deps: Deps) {
  return new Hono()
    .post('/auth/dev-login', async (c) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        throw badRequest('The body is not valid JSON.');
      }
      const parsed = DevLogin.safeParse(raw);
      if (!parsed.success) {
        throw badRequest(
          'Give the e-mail of a demo user.',
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      }
      const user = await deps.store.findUserByEmail(parsed.data.email);
      if (!user) throw unauthorized('No demo user has this e-mail.');
      return c.json({ token: await signLocalToken(config, user, deps.clock()) });
    })
    .get('/auth/dev-users', async (c) => {
      const cities = await deps.store.listCities();
      const users = (await Promise.all(cities.map((city) => deps.store.listUsersOfCity(city.id)))).flat();
      return c.json({
        items: users
          .map((u) => ({
            email: u.email,
            name: u.name,
            roles: u.roles,
            cityId: u.cityId,
            organisationId: u.organisationId,
          }))
          .sort((a, b) => a.cityId.localeCompare(b.cityId) || a.email.localeCompare(b.email)),
      });
    });
}
