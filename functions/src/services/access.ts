/** Loading what an actor may see or act for: a record of another city or organisation does not exist. */
import { canRead, rolesOn } from '#domain/access';
import { ForbiddenError, NotFoundError } from '#domain/errors';
import type { Actor, AuditEntry, Organisation, Role } from '#domain/types';
import type { ActingRole } from '#domain/workflow';
import type { AndCity, WithCity } from '#store/cities';
import type { RecordType } from '#store/keys';
import type { Stored } from '#store/store';
import type { Deps } from './deps.ts';

export interface Access<T> extends Stored<T> {
  readonly roles: ActingRole[];
}

type Readable = {
  cityId: string;
  organisationId: string;
  funderIds?: readonly string[] | undefined;
  version: number;
};

/** Loads a record the actor may see; a record of another city or organisation is a plain 404. */
export async function loadReadable<T extends Readable>(
  deps: Deps,
  type: RecordType,
  id: string,
  actor: Actor,
): Promise<Access<T>> {
  const stored = await withActorsCity(deps, actor, (opts) => deps.store.getRecord<T>(type, id, opts));
  // The access alone: not the city's settings read with it (kept by withActorsCity).
  const { record, auditHash, roles } = accessTo(type, id, actor, stored);
  return { record, auditHash, roles };
}

/**
 * A record's read that also fetches the actor's city's settings, in the same call, when this process no
 * longer keeps them (a city quiet for a minute), and keeps what it fetched: the `deps.cities.get` of the
 * record's city that follows is then no second call. The actor's city, as the record's is known only once
 * read. Every role but a funder reads only its own city's records, and a grant's funders are of the grant's
 * city (the award's ConditionCheck), so the two differ only for a record the actor may not see (a 404):
 * should they differ, the record's city is read as before, and the settings fetched are kept all the same.
 */
export async function withActorsCity<S extends AndCity | undefined>(
  deps: Deps,
  actor: Actor,
  read: (opts: WithCity) => Promise<S>,
): Promise<S> {
  const stored = await read({ withCity: deps.cities.toRead(actor.cityId) });
  deps.cities.keep(stored?.city);
  return stored;
}

/** A record as read, if the actor may see it (with the roles they act in on it); a plain 404 otherwise. */
export function accessTo<T extends Readable, S extends Stored<T>>(
  type: RecordType,
  id: string,
  actor: Actor,
  stored: S | undefined,
): S & { readonly roles: ActingRole[] } {
  if (!stored || !canRead(actor, stored.record)) throw new NotFoundError(type, id);
  return { ...stored, roles: rolesOn(actor, stored.record).filter((r): r is Role => r !== 'admin') };
}

/**
 * The organisation a CSO member acts for. The token's claims are not enough: the organisation must exist
 * and be a CSO of the token's city, or a token naming a funder or an invented organisation could apply.
 */
export async function csoOfActor(deps: Deps, actor: Actor): Promise<Organisation> {
  const org =
    actor.roles.includes('cso') && actor.organisationId
      ? await deps.store.getOrganisation(actor.organisationId)
      : undefined;
  if (org?.kind !== 'cso' || org.cityId !== actor.cityId) {
    throw new ForbiddenError('Only a member of a civil-society organisation of this city can do this.');
  }
  return org;
}

/** A record's audit trail, oldest first, for whoever may read the record; one Query. */
export async function auditTrail(
  deps: Deps,
  type: RecordType,
  id: string,
  actor: Actor,
): Promise<AuditEntry[]> {
  const { record, entries } = await deps.store.recordWithAudit<Readable>(type, id);
  if (!record || !canRead(actor, record) || entries.length === 0) throw new NotFoundError(type, id);
  return entries;
}
