/** The signed-in user as the web front end shows them, and the settings they change themselves. */
import type { MePatchInput } from '#contract/requests';
import type { MeView } from '#contract/responses';
import type { Actor } from '#domain/types';
import { cityView } from './city.ts';
import type { Deps } from './deps.ts';
import { usersOf } from './users.ts';

export async function me(deps: Deps, actor: Actor): Promise<MeView> {
  const [user, city] = await Promise.all([deps.store.getUser(actor.userId), deps.cities.get(actor.cityId)]);
  return {
    id: actor.userId,
    name: user?.name ?? actor.userId,
    email: user?.email ?? '',
    cityId: actor.cityId,
    ...(actor.organisationId ? { organisationId: actor.organisationId } : {}),
    roles: [...actor.roles],
    language: user?.language ?? 'en',
    mailDigest: user?.mailDigest ?? 'each',
    city: {
      id: city.id,
      name: city.name,
      names: cityView(city).names,
      currency: city.currency,
      timeZone: city.calendar.timeZone,
      fastTrackCeiling: city.fastTrackCeiling,
      maxOpenFastGrants: city.maxOpenFastGrants,
    },
  };
}

/** Saves the user's own choice (with its audit entry) and answers them as they are now. */
export async function changeMe(deps: Deps, actor: Actor, patch: MePatchInput): Promise<MeView> {
  const directory = await usersOf(deps);
  await directory.updateProfile(actor, actor.cityId, actor.userId, { mailDigest: patch.mailDigest });
  return me(deps, actor);
}
