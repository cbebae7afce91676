/**
 * Writing and reading items of the table directly, for tests that set up what the app's own writes
 * cannot (long histories, many records of one shape) or look at what the store kept. The app never does
 * this: it goes through the Store's typed methods.
 */
import type { Store } from '#store/store';

export async function putItem(store: Store, item: Record<string, unknown>): Promise<void> {
  await store.db.send('PutItem', { TableName: store.tableName, Item: item });
}

export async function getItem(
  store: Store,
  pk: string,
  sk: string,
): Promise<Record<string, unknown> | undefined> {
  const out = await store.db.send('GetItem', {
    TableName: store.tableName,
    Key: { PK: pk, SK: sk },
    ConsistentRead: true,
  });
  return out.Item;
}

/** Deletes an item, e.g. to leave a table as it was before an item type was kept. */
export async function deleteItem(store: Store, pk: string, sk: string): Promise<void> {
  await store.db.send('DeleteItem', { TableName: store.tableName, Key: { PK: pk, SK: sk } });
}
