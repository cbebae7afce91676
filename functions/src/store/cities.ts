import type { AuditEntry, CitySettings } from '#domain/types';
import { type AuditDraft, chainEntry, GENESIS_HASH } from './audit.ts';
import { AUDIT_RANGE, auditItem } from './audit-entries.ts';
import { RECORD_SK, stripStorage } from './keys.ts';
import type { Store } from './store.ts';
import { type Consistency, type Item, ioOf, type TableIO } from './table-io.ts';
import { conflictOf, transactPuts } from './transact.ts';

export const cityPk = (cityId: string) => `CITY#${cityId}`;
export const CITIES_KEY = 'CITIES';

export function cityItem(city: CitySettings): Item {
  return { ...city, PK: cityPk(city.id), SK: RECORD_SK, entity: 'city', GSI3PK: CITIES_KEY, GSI3SK: city.id };
}

/** A read's option: the city whose settings to fetch in the same call (a caller that does not keep them). */
export interface WithCity {
  readonly withCity?: string | undefined;
}

/** What such a read answers besides its items: the city's settings, when asked for and found. */
export interface AndCity {
  readonly city?: CitySettings | undefined;
}

/**
 * Items by name (an undefined key is not read), with the settings of `cityId` when given, in one call
 * (TableIO.batchGetNamed). The city is read at the items' consistency: a strong read of its small item costs
 * a read unit more.
 */
export async function readWithCity<N extends string>(
  io: TableIO,
  keys: { readonly [K in N]: Item | undefined },
  consistency: Consistency,
  cityId: string | undefined,
): Promise<{ readonly items: { [K in N]?: Item }; readonly city: CitySettings | undefined }> {
  const cityKey = cityId === undefined ? undefined : { PK: cityPk(cityId), SK: RECORD_SK };
  // '#city' is no caller's name: theirs are words.
  const found = await io.batchGetNamed<string>({ ...keys, '#city': cityKey }, consistency);
  const items: { [K in N]?: Item } = {};
  for (const name of Object.keys(keys) as N[]) items[name] = found[name];
  const city = found['#city'];
  return { items, city: city?.entity === 'city' ? stripStorage<CitySettings>(city) : undefined };
}

/** The city's settings as they are now (strong: an admin edits what they just read). */
export async function getCityStrong<T extends CitySettings>(
  store: Store,
  cityId: string,
): Promise<T | undefined> {
  const item = await ioOf(store).get(cityPk(cityId), RECORD_SK, 'strong');
  return item?.entity === 'city' ? stripStorage<T>(item) : undefined;
}

/** The settings' audit trail, oldest first. */
export async function cityAudit(store: Store, cityId: string): Promise<AuditEntry[]> {
  const items = await ioOf(store).queryAll({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
    values: { ':pk': cityPk(cityId), ':lo': AUDIT_RANGE.lo, ':hi': AUDIT_RANGE.hi },
  });
  return items.map((i) => stripStorage<AuditEntry>(i));
}

/**
 * Writes changed settings and the next entry of their trail, if nobody changed them since they were
 * read (`expectedVersion`; settings written before versions existed count as 0).
 */
export async function updateCity(
  store: Store,
  next: CitySettings & { readonly version: number },
  expectedVersion: number,
  audit: AuditDraft,
): Promise<AuditEntry> {
  const last = (await cityAudit(store, next.id)).at(-1);
  const entry = chainEntry(audit, (last?.seq ?? 0) + 1, last?.hash ?? GENESIS_HASH);
  await transactPuts(
    store,
    [
      {
        Item: cityItem(next),
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(#v) OR #v = :v' : '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': expectedVersion },
      },
      { Item: auditItem(cityPk(next.id), entry), ConditionExpression: 'attribute_not_exists(PK)' },
    ],
    conflictOf('city', next.id),
  );
  return entry;
}
