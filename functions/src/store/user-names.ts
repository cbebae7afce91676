/** People's names by id, for the audit trail the city's staff read: one BatchGetItem (eventual). */
import { RECORD_SK } from './keys.ts';
import type { Store } from './store.ts';
import { ioOf } from './table-io.ts';
import { userPk } from './users-keys.ts';

export async function userNames(store: Store, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const items = await ioOf(store).batchGet(
    unique.map((id) => ({ PK: userPk(id), SK: RECORD_SK })),
    'eventual',
  );
  return new Map(items.map((i) => [String(i.id), String(i.name)]));
}
