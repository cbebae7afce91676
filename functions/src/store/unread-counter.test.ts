/**
 * Two events telling the same person at once both add to their unread counter: DynamoDB cancels one of
 * the two transactions (TransactionConflict on the counter), which is then sent again rather than
 * answered with a conflict; any other cancellation is left to the caller.
 */
import { describe, expect, it } from 'vitest';
import { TransactionCanceledException } from './dynamo-client.ts';
import { retryingCounterConflicts } from './notifications.ts';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException(
    'Transaction cancelled',
    400,
    codes.map((Code) => ({ Code })),
  );

/** A transaction that fails with the given cancellations first, then succeeds; counts its sends. */
function transaction(...failures: Error[]) {
  const sent = { n: 0 };
  return {
    sent,
    send: async () => {
      const failure = failures[sent.n++];
      if (failure) throw failure;
      return 'written';
    },
  };
}

const noPause = async () => undefined;
const counterAt = (i: number) => i === 2;

describe('a transaction cancelled on an unread counter', () => {
  it('is sent again when another transaction held only the counter', async () => {
    // Prepare
    const t = transaction(cancelled('None', 'None', 'TransactionConflict'));
    // Act
    const out = await retryingCounterConflicts(t.send, counterAt, noPause);
    // Assess
    expect(out).toBe('written');
    expect(t.sent.n).toBe(2);
  });

  it('gives up after three sends, with the cancellation', async () => {
    // Prepare
    const conflict = cancelled('None', 'None', 'TransactionConflict');
    const t = transaction(conflict, conflict, conflict);
    // Act
    const out = retryingCounterConflicts(t.send, counterAt, noPause);
    // Assess
    await expect(out).rejects.toBe(conflict);
    expect(t.sent.n).toBe(3);
  });

  it('is not sent again when a condition failed or another item was held', async () => {
    // Prepare
    const failed = cancelled('ConditionalCheckFailed', 'None', 'TransactionConflict');
    const record = cancelled('TransactionConflict', 'None', 'None');
    const a = transaction(failed);
    const b = transaction(record);
    // Act
    const outA = retryingCounterConflicts(a.send, counterAt, noPause);
    const outB = retryingCounterConflicts(b.send, counterAt, noPause);
    // Assess
    await expect(outA).rejects.toBe(failed);
    await expect(outB).rejects.toBe(record);
    expect([a.sent.n, b.sent.n]).toEqual([1, 1]);
  });
});
