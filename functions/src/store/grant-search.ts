/**
 * The staff's grants list with its filters: the narrowest key the filters allow is the Query (an
 * organisation's grants on GSI1, a funder's links then the grants, a city's grants in one state on GSI2,
 * else all of them on GSI3), and what no key holds (words, lateness) is kept or dropped here, page by page,
 * so that a page is full unless it is the last. Never a Scan.
 */
import type { Grant } from '#domain/grant';
import { GRANT_LINK_PREFIX, linkedRecords } from './funder-links.ts';
import { stripStorage } from './keys.ts';
import { orgPk } from './organisations.ts';
import { byCity, byCityState, byOrganisation, organisationTypeRange } from './records.ts';
import type { Store } from './store.ts';
import { type Item, ioOf, matches, type Page, type QuerySpec, type Where } from './table-io.ts';

export interface GrantScope {
  readonly cityId: string;
  /** Only this organisation's grants (its partition of GSI1). */
  readonly organisationId?: string | undefined;
  /** Only the grants this funder (co-)funds (its links). */
  readonly funderId?: string | undefined;
  readonly state?: string | undefined;
  readonly track?: string | undefined;
}

export async function pageGrants(
  store: Store,
  scope: GrantScope,
  keep: (g: Grant) => boolean,
  opts: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<Grant>> {
  const io = ioOf(store);
  const where: Where = { cityId: scope.cityId, state: scope.state, track: scope.track };
  const kept = (items: Item[]) =>
    items.map((i) => ({ source: i, item: stripStorage<Grant>(i) })).filter((g) => keep(g.item));
  if (scope.funderId) {
    const q: QuerySpec = {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      values: { ':pk': orgPk(scope.funderId), ':p': GRANT_LINK_PREFIX },
    };
    return io.collect<Grant>(q, opts, 'base', async (links) => {
      const byId = await linkedRecords(io, links, 'grantId', 'grant');
      return links.flatMap((source) => {
        const item = byId.get(String(source.grantId));
        if (!item || !matches(item, where)) return [];
        const g = stripStorage<Grant>(item);
        return keep(g) && (!scope.organisationId || g.organisationId === scope.organisationId)
          ? [{ source, item: g }]
          : [];
      });
    });
  }
  if (scope.organisationId) {
    const range = organisationTypeRange('grant');
    const q: QuerySpec = {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi',
      values: { ':pk': byOrganisation(scope.organisationId), ':lo': range.lo, ':hi': range.hi },
      where,
    };
    return io.collect<Grant>(q, opts, 'index', async (items) => kept(items));
  }
  const [index, pk] = scope.state
    ? (['GSI2', byCityState(scope.cityId, 'grant', scope.state)] as const)
    : (['GSI3', byCity(scope.cityId, 'grant')] as const);
  const q: QuerySpec = {
    IndexName: index,
    KeyConditionExpression: `${index}PK = :pk`,
    values: { ':pk': pk },
    where: { track: scope.track },
  };
  return io.collect<Grant>(q, opts, 'index', async (items) => kept(items));
}

/** Every grant of a city (GSI3, page after page): for figures over a year, never for a list. */
export async function grantsOfCity(store: Store, cityId: string): Promise<Grant[]> {
  const items = await ioOf(store).queryAll({
    IndexName: 'GSI3',
    KeyConditionExpression: 'GSI3PK = :pk',
    values: { ':pk': byCity(cityId, 'grant') },
  });
  return items.map((i) => stripStorage<Grant>(i));
}
