/**
 * In-app notifications: one item per user and notice, in the user's own partition, newest first.
 *
 *   PK `USER#<userId>`, SK `N#<inverted epoch ms>#<id>`: a Query of the partition lists the newest first;
 *   while unread it also carries GSI4PK `USER#<userId>#UNREAD` (a sparse index of only the unread ones,
 *   which "mark all read" walks). Reading a notification rewrites it without those two attributes.
 *
 *   PK `USER#<userId>`, SK `UNREAD`: the number still unread (`unread`), so that the badge is one GetItem.
 *   Every transaction that writes a notification adds 1 to it (`ADD`, which creates it), and marking one
 *   read takes 1 off in the same transaction as the notification's own conditional update. It is an item
 *   of its own rather than an attribute of the user item: the directory writes the user whole, on
 *   condition of its version, and would put back a count it read before; and an `ADD` on a user item
 *   that is not there would create a user without fields. `counted` says the count was once taken
 *   from the unread index: a counter without it (a user notified before it was kept, or one set right
 *   after it drifted) is counted from the index once, and written back.
 *
 * The daily job creates them (functions/src/jobs/notify.ts) in the same transaction as the marker that
 * makes each notice happen once (transaction.ts, kind `notice`).
 */
import { TransactionCanceledException } from './dynamo-client.ts';
import { stripStorage } from './keys.ts';
import { type Item, ioOf, isConditionFailure, rethrow } from './table-io.ts';
import type { TransactItem } from './transaction.ts';
import { userPk } from './users-keys.ts';

export interface Notification {
  readonly id: string;
  readonly userId: string;
  /** What it is about, e.g. `milestone_reminder`, `milestone_overdue`, `decision_due_soon`. */
  readonly kind: string;
  /** Already in the recipient's language. */
  readonly title: string;
  readonly body: string;
  /**
   * The language it was written in (the recipient's at the time), so that a page in another language
   * marks it as such; absent on notifications written before it was kept.
   */
  readonly language?: 'ar' | 'fr' | 'en';
  /** The web page it is about, e.g. `/milestones/m_…`. */
  readonly link?: string;
  readonly createdAt: string;
  readonly read: boolean;
  readonly readAt?: string;
}

export type NewNotification = Omit<Notification, 'read' | 'readAt'>;

const MAX_MS = 9_999_999_999_999;
export const NOTIFICATION_SK_PREFIX = 'N#';
/** GSI4PK of a user's unread notifications. */
export const unreadKey = (userId: string) => `${userPk(userId)}#UNREAD`;

/** Sorts the newest first in an ascending Query. */
export function notificationSk(createdAt: string, id: string): string {
  return `${NOTIFICATION_SK_PREFIX}${String(MAX_MS - Date.parse(createdAt)).padStart(13, '0')}#${id}`;
}

/** The stored item of a new, unread notification. */
export function notificationItem(n: NewNotification): Item {
  return {
    ...n,
    read: false,
    PK: userPk(n.userId),
    SK: notificationSk(n.createdAt, n.id),
    entity: 'notification',
    GSI4PK: unreadKey(n.userId),
    GSI4SK: `${n.createdAt}#${n.id}`,
  };
}

/** The same item once read: out of the unread index, with the time it was read. */
export function readNotificationItem(n: Notification, readAt: string): Item {
  const { GSI4PK: _g, GSI4SK: _s, ...rest } = notificationItem(n);
  return { ...rest, read: true, readAt };
}

export function notificationFromItem(item: Item): Notification {
  const { PK: _pk, SK: _sk, entity: _e, GSI4PK: _g, GSI4SK: _s, ...rest } = item;
  return stripStorage<Notification>(rest);
}

/** Sort key of a user's unread counter, in the user's partition. */
export const UNREAD_SK = 'UNREAD';
const counterKey = (userId: string) => ({ PK: userPk(userId), SK: UNREAD_SK });

/** One more unread notification for the user, in the transaction that writes it (creates the counter). */
export function unreadAdded(table: string, userId: string): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: counterKey(userId),
      UpdateExpression: 'SET entity = :e ADD unread :one',
      ExpressionAttributeValues: { ':e': 'unread', ':one': 1 },
    },
  };
}

/** An update of the user's counter on its condition; false when the condition failed. */
async function updateCounter(
  store: object,
  userId: string,
  update: { readonly set: string; readonly condition: string; readonly values?: Record<string, unknown> },
): Promise<boolean> {
  const io = ioOf(store);
  try {
    await io.db.send('UpdateItem', {
      TableName: io.tableName,
      Key: counterKey(userId),
      UpdateExpression: update.set,
      ConditionExpression: update.condition,
      ...(update.values && { ExpressionAttributeValues: update.values }),
    });
    return true;
  } catch (e) {
    if (!isConditionFailure(e)) rethrow(e);
    return false;
  }
}

/** Makes the next read count from the index: the counter no longer matches it (never below 0). */
async function recount(store: object, userId: string): Promise<void> {
  await updateCounter(store, userId, { set: 'REMOVE counted', condition: 'attribute_exists(PK)' });
}

/**
 * How many of the user's notifications are unread: one GetItem of the counter. A counter never counted
 * (see above) is counted from the unread index once and written back, unless a notification arrived
 * meanwhile (then the next read counts again).
 */
export async function unreadCount(
  store: object,
  userId: string,
  countIndex: () => Promise<number>,
): Promise<number> {
  const io = ioOf(store);
  const counter = await io.get(userPk(userId), UNREAD_SK, 'strong');
  if (counter?.counted === true) return Math.max(0, Number(counter.unread ?? 0));
  const n = await countIndex();
  const seen = counter?.unread;
  await updateCounter(store, userId, {
    set: 'SET entity = :e, unread = :n, counted = :t',
    condition:
      seen === undefined
        ? 'attribute_not_exists(counted) AND attribute_not_exists(unread)'
        : 'attribute_not_exists(counted) AND unread = :seen',
    values: { ':e': 'unread', ':n': n, ':t': true, ...(seen === undefined ? {} : { ':seen': seen }) },
  });
  return n;
}

/**
 * Marks one notification read and takes it off the counter, in one transaction, only if it is still
 * unread: marking it twice counts it once. False when it was read already. A counter at 0 (it drifted)
 * is not taken below: the notification is marked alone and the counter counted again on its next read.
 */
export async function markOneRead(store: object, n: Notification, readAt: string): Promise<boolean> {
  const io = ioOf(store);
  const stillUnread = {
    TableName: io.tableName,
    Item: readNotificationItem(n, readAt),
    ConditionExpression: 'attribute_exists(GSI4PK)',
  };
  try {
    const send = () =>
      io.db.send('TransactWriteItems', {
        TransactItems: [
          { Put: stillUnread },
          {
            Update: {
              TableName: io.tableName,
              Key: counterKey(n.userId),
              UpdateExpression: 'ADD unread :less',
              ConditionExpression: 'unread > :zero',
              ExpressionAttributeValues: { ':less': -1, ':zero': 0 },
            },
          },
        ],
      });
    await retryingCounterConflicts(send, (i) => i === 1);
    return true;
  } catch (e) {
    if (!(e instanceof TransactionCanceledException)) rethrow(e);
    const [notification, counter] = (e.CancellationReasons ?? []).map((r) => r.Code);
    if (notification === 'ConditionalCheckFailed') return false;
    if (counter !== 'ConditionalCheckFailed') rethrow(e);
  }
  const marked = await io.put(stillUnread.Item, { expression: stillUnread.ConditionExpression });
  await recount(store, n.userId);
  return marked;
}

/**
 * Marks the notifications read, 25 to a BatchWriteItem, and takes them off the counter: when the counter
 * held exactly these, it is 0 after; otherwise (it drifted, or one arrived meanwhile) it is counted again
 * on its next read, so "mark all read" always sets it right.
 */
export async function markAllRead(
  store: object,
  userId: string,
  ns: readonly Notification[],
  readAt: string,
): Promise<void> {
  await ioOf(store).putAll(ns.map((n) => readNotificationItem(n, readAt)));
  const exact = await updateCounter(store, userId, {
    set: 'ADD unread :less',
    condition: 'counted = :t AND unread = :n',
    values: { ':less': -ns.length, ':n': ns.length, ':t': true },
  });
  if (!exact) await recount(store, userId);
}

/**
 * Sends a transaction again (at most twice more, after a short random pause) when DynamoDB cancelled it
 * only because another transaction was changing an unread counter at that moment: two events telling the
 * same officer at once. Adding to a counter commutes, and a cancelled transaction wrote nothing, so
 * sending it again is safe; any other cancellation is the caller's to handle.
 */
export async function retryingCounterConflicts<T>(
  send: () => Promise<T>,
  isCounter: (index: number) => boolean,
  pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      const reasons = e instanceof TransactionCanceledException ? (e.CancellationReasons ?? []) : [];
      const onCounters =
        reasons.some((r) => r.Code === 'TransactionConflict') &&
        reasons.every((r, i) =>
          r.Code === 'TransactionConflict' ? isCounter(i) : !r.Code || r.Code === 'None',
        );
      if (!onCounters || attempt >= 3) throw e;
      await pause(5 + Math.random() * 20 * attempt);
    }
  }
}
