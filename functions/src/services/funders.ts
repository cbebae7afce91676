/**
 * The organisations of a city as its staff see them, and the funders its admin registers (a CSO comes
 * in through its registration: services/registrations.ts).
 */
import type { FunderRegistrationInput } from '#contract/requests';
import type { OrganisationPageView, OrganisationView } from '#contract/responses';
import { normaliseRegistrationNumber } from '#domain/registration';
import type { Actor } from '#domain/types';
import { InvalidCursorError } from '#store/errors';
import { insertOrganisation } from '#store/registrations';
import type { Deps } from './deps.ts';
import { newOrganisation } from './new-organisation.ts';

export async function registerFunder(
  deps: Deps,
  actor: Actor,
  input: FunderRegistrationInput,
): Promise<OrganisationView> {
  const { kind, ...profile } = input;
  const created = newOrganisation(deps, {
    profile,
    kind,
    cityId: actor.cityId,
    registrationNumber: input.registrationNumber && normaliseRegistrationNumber(input.registrationNumber),
    actor,
    role: 'admin',
    at: deps.clock().toISOString(),
  });
  await insertOrganisation(deps.store, created);
  return created.organisation;
}

/**
 * A city has tens or hundreds of organisations, not millions: they are read from their per-city index
 * whole, filtered by name, and paged by position (the cursor is the position, opaque to clients).
 */
export async function listOrganisations(
  deps: Deps,
  actor: Actor,
  query: {
    kind?: 'cso' | 'funder' | undefined;
    q?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
): Promise<OrganisationPageView> {
  const kinds = query.kind ? [query.kind] : (['cso', 'funder'] as const);
  const all = (
    await Promise.all(kinds.map((k) => deps.store.listOrganisationsOfCity(actor.cityId, k)))
  ).flat();
  const q = query.q?.trim().toLocaleLowerCase();
  const found = q ? all.filter((o) => o.name.toLocaleLowerCase().includes(q)) : all;
  found.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const start = query.cursor === undefined ? 0 : Number.parseInt(query.cursor, 36);
  if (!Number.isInteger(start) || start < 0) throw new InvalidCursorError();
  const limit = query.limit ?? 50;
  const end = start + limit;
  return { items: found.slice(start, end), nextCursor: end < found.length ? end.toString(36) : null };
}
