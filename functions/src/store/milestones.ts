/**
 * Milestones (`MILESTONE#<id>` / `R`, laid out with the other workflow records in records.ts): their ids,
 * and the read of a milestone with the grant it reports on.
 *
 * A milestone's id names its parent record: `mg_<grantId>_<random>` for a grant's report,
 * `mp_<partnershipId>_<random>` for a partnership's annual review (the random part has no `_`, so the
 * parent is everything between the prefix and the last `_`). An event that may change the grant (the
 * hold, its lifting, the balance released by the final report) then reads the milestone and its grant
 * in one BatchGetItem, instead of the grant only once the milestone has told its id.
 *
 * The id is not trusted: the grant read with it is used only when it is the grant the milestone item
 * itself names (`grantId`); else, and for milestones scheduled before their ids named the parent
 * (`m_<random>`), the grant is read after the milestone, as before.
 */
import type { Milestone } from '#domain/milestone';
import { type AndCity, readWithCity, type WithCity } from './cities.ts';
import { grantWithTallyFromItem, type StoredGrant } from './grant-tally.ts';
import { recordKey, storedFromItem } from './records.ts';
import type { Stored } from './store.ts';
import { ioOf } from './table-io.ts';

type ParentType = 'grant' | 'partnership';

const PREFIX: Record<ParentType, string> = { grant: 'mg_', partnership: 'mp_' };
/** The contract's limit on any id (contract/fields.ts `Id`). */
const MAX_ID = 64;

/**
 * The id of a new milestone of `parent`, from a fresh random id (`m_<random>`): its random part after the
 * parent's. An id that would be too long for the contract (a parent imported with a long id) stays
 * `fresh`, read as before.
 */
export function milestoneIdUnder(parent: { type: ParentType; id: string }, fresh: string): string {
  const random = fresh.slice(fresh.lastIndexOf('_') + 1);
  const id = `${PREFIX[parent.type]}${parent.id}_${random}`;
  return random.length > 0 && id.length <= MAX_ID ? id : fresh;
}

/** The parent a milestone's id names, if it names one (not for ids made before they did). */
export function parentOfMilestoneId(id: string): { type: ParentType; id: string } | undefined {
  const type = (Object.keys(PREFIX) as ParentType[]).find((t) => id.startsWith(PREFIX[t]));
  const end = id.lastIndexOf('_');
  if (!type || end <= PREFIX[type].length) return undefined;
  return { type, id: id.slice(PREFIX[type].length, end) };
}

/**
 * A milestone read to be changed (strong), with its grant when `withGrant` and the milestone's id names
 * it: one BatchGetItem. Otherwise one GetItem of the milestone, and `grant` undefined (the caller reads
 * the milestone's own `grantId` when it needs it). `grant` is never a grant the milestone does not name.
 * `withCity`: that city's settings too, in the same call (a BatchGetItem then, whichever else is read).
 */
export async function getMilestoneAndGrant(
  store: object,
  id: string,
  withGrant: boolean,
  opts: WithCity = {},
): Promise<(Stored<Milestone> & AndCity & { readonly grant: StoredGrant | undefined }) | undefined> {
  const parent = parentOfMilestoneId(id);
  const grantKey = withGrant && parent?.type === 'grant' ? recordKey('grant', parent.id) : undefined;
  const { items, city } = await readWithCity(
    ioOf(store),
    { milestone: recordKey('milestone', id), grant: grantKey },
    'strong',
    opts.withCity,
  );
  const stored = storedFromItem<Milestone>('milestone', items.milestone);
  if (!stored) return undefined;
  const grant = grantWithTallyFromItem(items.grant);
  return { ...stored, city, grant: grant && stored.record.grantId === grant.record.id ? grant : undefined };
}
