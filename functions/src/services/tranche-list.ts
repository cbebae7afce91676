/**
 * Payments to make: the released tranches of the city's grants that nobody has paid yet (`due`), or those
 * an overdue report holds (`held`), oldest first. One Query per grant state that can hold such a tranche.
 */
import type { TrancheListQueryInput, TranchePageView } from '#contract/workspace';
import { ForbiddenError } from '#domain/errors';
import type { Grant } from '#domain/grant';
import type { Actor } from '#domain/types';
import { HIGH } from '#store/keys';
import type { Deps } from './deps.ts';

/** Tranches are released once the award is accepted; a completed grant may still owe its last one. */
const PAYING_STATES = ['active', 'completed'] as const;

export async function listTranches(
  deps: Deps,
  actor: Actor,
  q: TrancheListQueryInput,
): Promise<TranchePageView> {
  if (!actor.roles.includes('city_officer') && !actor.roles.includes('mayor_office'))
    throw new ForbiddenError('Only the city’s staff see the payments to make.');
  const want = q.state === 'due' ? 'released' : 'held';
  const grants: Grant[] = [];
  for (const state of PAYING_STATES)
    grants.push(...(await deps.store.listDue<Grant>(actor.cityId, 'grant', state, undefined, HIGH)));
  const items = grants.flatMap((g) =>
    g.tranches
      .filter((t) => t.state === want)
      .map((t) => ({
        grantId: g.id,
        grantTitle: g.title,
        grantVersion: g.version,
        organisationId: g.organisationId,
        organisationName: g.organisationName,
        tranche: {
          id: t.id,
          amount: t.amount,
          condition: t.condition,
          state: t.state,
          ...(t.releasedAt ? { releasedAt: t.releasedAt } : {}),
        },
      })),
  );
  items.sort((a, b) => (a.tranche.releasedAt ?? '').localeCompare(b.tranche.releasedAt ?? ''));
  return { items, nextCursor: null };
}
