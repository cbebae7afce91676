/**
 * A grant's tally of its milestones (store/grant-tally.ts): what the rules on all of a grant's reports
 * read instead of the milestones. A grant awarded before the tally was kept has only the members of the
 * milestones written since: its milestones are read (one Query, as before) and those members laid over
 * them, since they are newer than the index.
 */
import type { Grant } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import { type MilestoneTally, tallyOf } from '#domain/report-tally';
import type { Actor } from '#domain/types';
import { getGrantWithTally, type KeptTally, type StoredGrant } from '#store/grant-tally';
import type { Store } from '#store/store';
import { accessTo, withActorsCity } from './access.ts';
import type { Deps } from './deps.ts';
import type { Loaded } from './events.ts';
import { checkIfMatch } from './if-match.ts';

/** The grant's milestones as the tally has them (one Query only for a grant older than the tally). */
export async function milestoneTally(
  store: Store,
  grantId: string,
  kept: KeptTally,
): Promise<MilestoneTally> {
  if (kept.whole) return kept.members;
  const read = await store.listMilestonesOf<Milestone>('grant', grantId);
  return { ...tallyOf(read), ...kept.members };
}

/** A grant to be changed, with its tally: one strong GetItem (loadForEvent's read, tally kept). */
export async function loadGrantWithTally(
  deps: Deps,
  id: string,
  actor: Actor,
  ifMatch?: string,
): Promise<Loaded<Grant> & { readonly tally: MilestoneTally }> {
  const { record, roles, auditHash, tally } = accessTo(
    'grant',
    id,
    actor,
    await withActorsCity(deps, actor, (opts) => getGrantWithTally(deps.store, id, opts)),
  );
  checkIfMatch(ifMatch, record.version);
  const city = await deps.cities.get(record.cityId);
  return { record, roles, auditHash, city, tally: await milestoneTally(deps.store, id, tally) };
}

/**
 * A grant read to be changed by a milestone's event (strong), and its tally when the event needs it
 * (read then: the Query of an older grant only where a rule looks at the other reports). `read` is the
 * grant as read with the milestone, if it was: then it is not read again.
 */
export async function grantOfMilestone(
  store: Store,
  grantId: string,
  read?: StoredGrant,
): Promise<{ record: Grant; auditHash: string; tally: () => Promise<MilestoneTally> } | undefined> {
  const stored = read?.record.id === grantId ? read : await getGrantWithTally(store, grantId);
  if (!stored) return undefined;
  return {
    record: stored.record,
    auditHash: stored.auditHash,
    tally: () => milestoneTally(store, grantId, stored.tally),
  };
}
