/**
 * The DynamoDB calls a store makes while a step runs, as the tests that count reads see them: each call
 * by its command (`GetItem`, `BatchGetItem`, `Query`, …) and its input, named by `name` or left out.
 */
import type { Store } from '#store/store';

export async function callsDuring<T>(
  store: Store,
  name: (command: string, input: string) => string | undefined,
  act: () => Promise<T>,
): Promise<{ result: T; calls: string[] }> {
  const calls: string[] = [];
  const remove = store.db.aroundCall((call, next) => {
    const named = name(call.operation, JSON.stringify(call.input));
    if (named !== undefined) calls.push(named);
    return next();
  });
  try {
    return { result: await act(), calls };
  } finally {
    remove();
  }
}
