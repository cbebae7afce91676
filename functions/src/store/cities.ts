import type { AuditEntry, CitySettings } from '#domain/types';
import { type AuditDraft, chainEntry, GENESIS_HASH } from './audit.ts';
import { AUDIT_RANGE, auditItem } from './audit-entries.ts';
import { RECORD_SK, stripStorage } from './keys.ts';
import type { Store } from './store.ts';
import { type Item, ioOf } from './table-io.ts';
import { conflictOf, transactPuts } from './transact.ts';

export const cityPk = (cityId: string) => `CITY#${cityId}`;
export const CITIES_KEY = 'CITIES';

export function cityItem(city: CitySettings): Item {
  return { ...city, PK: cityPk(city.id), SK: RECORD_SK, entity: 'city', GSI3PK: CITIES_KEY, GSI3SK: city.id };
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
