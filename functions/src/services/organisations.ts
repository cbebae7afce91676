import { ForbiddenError, NotFoundError } from '#domain/errors';
import type { Actor, Organisation } from '#domain/types';
import { checkIfMatch, withVersionRace } from './common.ts';
import type { Deps } from './deps.ts';

/**
 * Organisation profiles are seen by their members and by the staff and funders of their city;
 * edited by their members and by their city's admin.
 */
function canSee(actor: Actor, org: Organisation): boolean {
  if (actor.organisationId === org.id) return true;
  return (
    actor.cityId === org.cityId &&
    actor.roles.some((r) => r === 'city_officer' || r === 'mayor_office' || r === 'admin' || r === 'funder')
  );
}

function canEdit(actor: Actor, org: Organisation): boolean {
  if (actor.organisationId === org.id && actor.roles.some((r) => r === 'cso' || r === 'funder')) return true;
  return actor.cityId === org.cityId && actor.roles.includes('admin');
}

export async function getOrganisation(deps: Deps, actor: Actor, id: string): Promise<Organisation> {
  const org = await deps.store.getOrganisation(id);
  if (!org || !canSee(actor, org)) throw new NotFoundError('organisation', id);
  return org;
}

export async function editOrganisation(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: Partial<
    Pick<Organisation, 'name' | 'registrationNumber' | 'description' | 'website' | 'focusAreas' | 'languages'>
  >,
  ifMatch?: string,
): Promise<Organisation> {
  const org = await getOrganisation(deps, actor, id);
  if (!canEdit(actor, org))
    throw new ForbiddenError('Only members of the organisation or the city admin can edit this profile.');
  checkIfMatch(ifMatch, org.version);
  const next: Organisation = {
    ...org,
    ...patch,
    version: org.version + 1,
    updatedAt: deps.clock().toISOString(),
  };
  await withVersionRace(ifMatch, () => deps.store.putOrganisation(next, org.version));
  return next;
}
