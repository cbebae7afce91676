/**
 * The small transactions written outside a workflow's commit (a city's settings, a user, the agreement
 * template, a registration): a few puts, each on its condition, all or nothing. When DynamoDB cancels the
 * transaction, `refused` turns the reasons (one per item, in order) into the error the caller means;
 * anything else is the store's usual error.
 */
import { TransactionCanceledException } from './dynamo-client.ts';
import { VersionConflictError } from './errors.ts';
import { retryingCounterConflicts } from './notifications.ts';
import { type Item, ioOf, rethrow } from './table-io.ts';
import type { TransactItem } from './transaction.ts';

/** One put: the item, and the condition it is written on. */
export interface PutSpec {
  readonly Item: Item;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

export type Refused = (codes: readonly (string | undefined)[]) => Error | undefined;

/**
 * Writes `puts` and then `extra` (items another module built) in one transaction. `commutes` names the
 * items (by index) whose update commutes with any other (a roster's `ADD`): a transaction cancelled only
 * because another one held them at that moment is sent again.
 */
export async function transactPuts(
  store: object,
  puts: readonly PutSpec[],
  refused: Refused,
  extra: readonly TransactItem[] = [],
  commutes: (index: number) => boolean = () => false,
): Promise<void> {
  const io = ioOf(store);
  try {
    await retryingCounterConflicts(
      () =>
        io.db.send('TransactWriteItems', {
          TransactItems: [...puts.map((put) => ({ Put: { TableName: io.tableName, ...put } })), ...extra],
        }),
      commutes,
    );
  } catch (e) {
    const error =
      e instanceof TransactionCanceledException
        ? refused((e.CancellationReasons ?? []).map((r) => r.Code))
        : undefined;
    if (error) throw error;
    rethrow(e);
  }
}

/** The usual refusal: a failed condition or a concurrent transaction means someone else wrote first. */
export const conflictOf =
  (type: string, id: string): Refused =>
  (codes) =>
    codes.includes('ConditionalCheckFailed') || codes.includes('TransactionConflict')
      ? new VersionConflictError(type, id)
      : undefined;
