/**
 * Writing and reading items of the table directly, for tests that set up what the app's own writes
 * cannot (long histories, many records of one shape) or look at what the store kept. The app never does
 * this: it goes through the Store's typed methods.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '#store/store';

export async function putItem(store: Store, item: Record<string, unknown>): Promise<void> {
  await store.db.send(new PutCommand({ TableName: store.tableName, Item: item }));
}

export async function getItem(
  store: Store,
  pk: string,
  sk: string,
): Promise<Record<string, unknown> | undefined> {
  const out = await store.db.send(
    new GetCommand({ TableName: store.tableName, Key: { PK: pk, SK: sk }, ConsistentRead: true }),
  );
  return out.Item;
}

/** Deletes an item, e.g. to leave a table as it was before an item type was kept. */
export async function deleteItem(store: Store, pk: string, sk: string): Promise<void> {
  await store.db.send(new DeleteCommand({ TableName: store.tableName, Key: { PK: pk, SK: sk } }));
}

/**
 * The DynamoDB calls the store makes while `act` runs, each named by `nameOf` (its command's name unless
 * told otherwise, e.g. to tell one Query from another by its input).
 */
export async function callsOf<T>(
  store: Store,
  act: () => Promise<T>,
  nameOf: (command: string, input: unknown) => string = (command) => command,
): Promise<{ result: T; calls: string[] }> {
  const calls: string[] = [];
  const name = `callsOf${Math.random()}`;
  store.db.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(nameOf(String(context.commandName), args.input));
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await act(), calls };
  } finally {
    store.db.middlewareStack.remove(name);
  }
}
