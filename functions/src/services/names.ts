/**
 * Names instead of ids: the funders of an award carry their names when a grant is read, so that no page
 * shows `sfax-city-budget`. One BatchGet of the funders of a whole page.
 */
import type { GrantView } from '#contract/responses';
import type { Deps } from './deps.ts';

/** Organisation ids to names, for the ids given (one BatchGet; unknown ids are left out). */
export async function organisationNames(deps: Deps, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const orgs = await deps.store.getOrganisations(unique);
  return new Map(orgs.map((o) => [o.id, o.name]));
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
