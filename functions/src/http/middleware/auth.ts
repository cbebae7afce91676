import type { MiddlewareHandler } from 'hono';
import type { Actor } from '#domain/types';
import type { OrganisationCity, Verifier } from '../auth.ts';
import { unauthorized } from '../problem.ts';

/**
 * Verifies the bearer token and yields the actor. With `organisationCity`, a token that names an
 * organisation of another city than its own is refused too: tenancy must not rest on the identity
 * provider's attributes being consistent (a CSO member's access follows the organisation, so a token
 * with Málaga as its city and a Sfax organisation would otherwise read Sfax records).
 * With `admit`, the user's state is read on every request (one GetItem): a disabled user is refused from
 * the next request on, whatever their token's lifetime, and an invited user's first request activates them.
 */
export function authenticate(
  verify: Verifier,
  organisationCity?: OrganisationCity,
  admit?: (userId: string) => Promise<boolean>,
): MiddlewareHandler<{ Variables: { actor: Actor } }> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    const match = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match?.[1]) throw unauthorized();
    let actor: Actor;
    try {
      actor = await verify(match[1]);
    } catch {
      throw unauthorized('Your sign-in is not valid or has expired. Sign in again.');
    }
    if (actor.organisationId !== undefined && organisationCity) {
      const city = await organisationCity(actor.organisationId);
      if (city !== undefined && city !== actor.cityId)
        throw unauthorized('Your sign-in names an organisation of another city. Ask your administrator.');
    }
    if (admit && !(await admit(actor.userId)))
      throw unauthorized('Your account is disabled. Ask your city’s administrator.');
    c.set('actor', actor);
    await next();
  };
}
