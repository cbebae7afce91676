/**
 * A grant's tally of its reporting milestones, on the grant's own item (`GRANT#<id>` / `R`): one attribute
 * per milestone, `MS#<milestoneId>` → `{ state, dueDate, late, kind }`, and `MS` = true once the members are
 * the whole list. The register reads "reports on time" from it with the grant (one Query for a page), and
 * `close` and the lifting of a hold decide from it without a Query of the milestones.
 *
 * Kept by the transaction of every milestone write (transaction.ts): an UpdateItem that SETs the
 * milestone's member on the grant, merged into the grant's own write when the same transaction writes the
 * grant (the award that schedules the milestones writes them all, with `MS`). The grant's own writes are
 * UpdateItems that never touch these attributes, so a grant event never loses a concurrent milestone's
 * member. One top-level attribute per milestone rather than one map: SET of a path inside a map fails on an
 * item that has no map yet (every grant older than the tally), and an attribute of its own never does.
 *
 * Tables older than the tally: a grant awarded before it has no `MS`, and only the members of the milestones
 * written since. Readers then read the milestones (the old Query) and lay those members over them
 * (services/grant-tally.ts), as the organisation's standing does.
 */
import type { Grant } from '#domain/grant';
import type { MilestoneTally, TalliedMilestone } from '#domain/report-tally';
import { type AndCity, readWithCity, type WithCity } from './cities.ts';
import { stripStorage, TALLY_MEMBER_PREFIX, TALLY_WHOLE } from './keys.ts';
import { byCityState, recordFromItem, recordKey } from './records.ts';
import type { Stored } from './store.ts';
import { type Item, ioOf, type Page } from './table-io.ts';

export { isTallyAttribute } from './keys.ts';

/** A grant's tally as its item holds it: `whole` unless the grant was awarded before the tally was kept. */
export interface KeptTally {
  readonly members: MilestoneTally;
  readonly whole: boolean;
}

/** Members of a grant's tally to SET, by attribute name, and whether they make it whole. */
export interface TallyChange {
  readonly members: ReadonlyMap<string, TalliedMilestone>;
  readonly whole: boolean;
}

export const tallyMemberName = (milestoneId: string) => `${TALLY_MEMBER_PREFIX}${milestoneId}`;

/** The grant a milestone record reports on, and its member of that grant's tally (none for a review). */
export function tallyMemberOf(
  record: Readonly<Record<string, unknown>>,
): { grantId: string; name: string; value: TalliedMilestone } | undefined {
  const { grantId, id, state, dueDate, late, kind } = record;
  if (typeof grantId !== 'string' || typeof id !== 'string' || typeof dueDate !== 'string') return undefined;
  const value = { state, dueDate, late: late === true, kind } as TalliedMilestone;
  return { grantId, name: tallyMemberName(id), value };
}

export function tallyFromItem(item: Item): KeptTally {
  const members: Record<string, TalliedMilestone> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(TALLY_MEMBER_PREFIX) && value && typeof value === 'object')
      members[name.slice(TALLY_MEMBER_PREFIX.length)] = value as TalliedMilestone;
  }
  return { members, whole: item[TALLY_WHOLE] === true };
}

/** The SET clauses of a tally change, its placeholders numbered from `#t`/`:t`. */
export function tallySets(change: TallyChange): {
  sets: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  const sets: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  [...change.members].forEach(([name, value], i) => {
    names[`#t${i}`] = name;
    values[`:t${i}`] = value;
    sets.push(`#t${i} = :t${i}`);
  });
  if (change.whole) {
    names['#tw'] = TALLY_WHOLE;
    values[':tw'] = true;
    sets.push('#tw = :tw');
  }
  return { sets, names, values };
}

/** The UpdateItem of a tally change on its own (the grant is not written by the transaction). */
export function tallyUpdate(grantId: string, change: TallyChange) {
  const { sets, names, values } = tallySets(change);
  return {
    Key: recordKey('grant', grantId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    // Never an item of its own: a milestone's grant exists (else the transaction fails, named the grant's).
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** A grant read to be changed, with its tally. */
export type StoredGrant = Stored<Grant> & { readonly tally: KeptTally };

/** A grant's item read back with its tally (undefined when the item is not a grant's). */
export function grantWithTallyFromItem(item: Item | undefined): StoredGrant | undefined {
  const record = recordFromItem<Grant>('grant', item);
  return record && item
    ? { record, auditHash: item.auditHash as string, tally: tallyFromItem(item) }
    : undefined;
}

/** A grant with its tally, read to be changed (strong, as Store.getRecord). */
export async function getGrantWithTally(
  store: object,
  id: string,
  opts: WithCity = {},
): Promise<(StoredGrant & AndCity) | undefined> {
  const { items, city } = await readWithCity(
    ioOf(store),
    { grant: recordKey('grant', id) },
    'strong',
    opts.withCity,
  );
  const grant = grantWithTallyFromItem(items.grant);
  return grant && { ...grant, city };
}

/** One page of a city's grants in one state (GSI2, as Store.listByCity), each with its tally. */
export async function pageGrantsWithTally(
  store: object,
  cityId: string,
  state: string,
  opts: { readonly cursor?: string | undefined; readonly limit?: number | undefined },
): Promise<Page<{ readonly grant: Grant; readonly tally: KeptTally }>> {
  return ioOf(store).collect(
    {
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      values: { ':pk': byCityState(cityId, 'grant', state) },
    },
    opts,
    'index',
    async (items) =>
      items.map((source) => ({
        source,
        item: { grant: stripStorage<Grant>(source), tally: tallyFromItem(source) },
      })),
  );
}
