/**
 * In-app notifications: one item per user and notice, in the user's own partition, newest first.
 *
 *   PK `USER#<userId>`, SK `N#<inverted epoch ms>#<id>`: a Query of the partition lists the newest first;
 *   while unread it also carries GSI4PK `USER#<userId>#UNREAD` (a sparse index: the unread count is a
 *   Query of only the unread ones). Reading a notification rewrites it without those two attributes.
 *
 * The daily job creates them (functions/src/jobs/notify.ts) in the same transaction as the marker that
 * makes each notice happen once (transaction.ts, kind `notice`).
 */
import { stripStorage } from './keys.ts';
import type { Item } from './table-io.ts';
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
