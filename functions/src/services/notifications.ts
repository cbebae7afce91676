/**
 * In-app notifications: one per user and notice, newest first, with the number still unread. The daily
 * job creates them (functions/src/jobs/notify.ts) in the same transaction as the marker that makes each
 * notice happen once; how they are stored: functions/src/store/notifications.ts.
 */
import type { Actor } from '#domain/types';
import { markAllRead, markOneRead, unreadCount as storedUnreadCount } from '#store/notifications';
import type { Notification, Page } from '#store/store';
import type { Deps } from './deps.ts';

export type { Notification } from '#store/store';

export interface NotificationPage extends Page<Notification> {
  readonly unread: number;
}

/** The number still unread: the counter on the user's partition (one GetItem). */
export async function unreadCount(deps: Deps, actor: Actor): Promise<number> {
  return storedUnreadCount(
    deps.store,
    actor.userId,
    async () => (await deps.store.unreadNotifications(actor.userId)).length,
  );
}

/** The signed-in user's notifications, newest first, with the number still unread. */
export async function listNotifications(
  deps: Deps,
  actor: Actor,
  q: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<NotificationPage> {
  const [page, unread] = await Promise.all([
    deps.store.listNotifications(actor.userId, q),
    unreadCount(deps, actor),
  ]);
  return { items: page.items, unread, nextCursor: page.nextCursor };
}

/**
 * Marks the given notifications of the user read (all of them when `ids` is not given), each taken off
 * the unread counter once however often it is marked; "all" is batched and sets the counter right.
 */
export async function markRead(
  deps: Deps,
  actor: Actor,
  ids?: readonly string[],
): Promise<{ readonly marked: number; readonly unread: number }> {
  const unread = await deps.store.unreadNotifications(actor.userId);
  const at = deps.clock().toISOString();
  if (!ids) {
    await markAllRead(deps.store, actor.userId, unread, at);
    return { marked: unread.length, unread: 0 };
  }
  const wanted = new Set(ids);
  let marked = 0;
  for (const n of unread.filter((u) => wanted.has(u.id))) if (await markOneRead(deps.store, n, at)) marked++;
  return { marked, unread: unread.length - marked };
}
