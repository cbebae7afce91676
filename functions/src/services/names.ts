/**
 * Names instead of ids: the funders of an award carry their names when a grant is read, so that no page
 * shows `sfax-city-budget`, and the audit trail names the people in it for the city's staff. At most one
 * BatchGet per answer, none when the names are kept (directory-cache.ts).
 */
import type { AuditEntryView, GrantView } from '#contract/responses';
import type { Actor } from '#domain/types';
import { userNames } from '#store/user-names';
import type { Deps } from './deps.ts';
import { knownOrganisations } from './directory-cache.ts';

/**
 * Organisation ids to names, for the ids given (unknown ids are left out): kept per process for a few
 * minutes (directory-cache.ts), so a warm list reads none; the others in one BatchGet.
 */
export async function organisationNames(deps: Deps, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const orgs = await knownOrganisations(deps.store, unique);
  return new Map([...orgs.values()].map((o) => [o.id, o.name]));
}

/** The grants with each award funder's name filled in. */
export async function withFunderNames(deps: Deps, grants: readonly GrantView[]): Promise<GrantView[]> {
  const names = await organisationNames(
    deps,
    grants.flatMap((g) => g.award?.funders.map((f) => f.funderId) ?? []),
  );
  return grants.map((g) =>
    g.award
      ? {
          ...g,
          award: {
            ...g.award,
            funders: g.award.funders.map((f) => ({ ...f, name: names.get(f.funderId) ?? f.funderId })),
          },
        }
      : g,
  );
}

export async function withFunderName(deps: Deps, grant: GrantView): Promise<GrantView> {
  const [named] = await withFunderNames(deps, [grant]);
  return named ?? grant;
}

const STAFF = ['city_officer', 'mayor_office', 'admin'];

/** The audit trail with each person's name, for the city's staff (others see roles only). */
export async function withActorNames(
  deps: Deps,
  actor: Actor,
  entries: readonly AuditEntryView[],
): Promise<AuditEntryView[]> {
  if (!actor.roles.some((r) => STAFF.includes(r))) return [...entries];
  const names = await userNames(
    deps.store,
    entries.map((e) => e.actorId),
  );
  return entries.map((e) => {
    const name = names.get(e.actorId);
    return name ? { ...e, actorName: name } : e;
  });
}
