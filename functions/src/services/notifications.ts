/**
 * In-app notifications: one item per user and notice, in the user's own partition, newest first.
 *
 *   PK `USER#<userId>`, SK `N#<inverted epoch ms>#<id>`: a Query of the partition lists the newest first;
 *   while unread it also carries GSI4PK `USER#<userId>#UNREAD` (a sparse index: the unread count is a
 *   Query of only the unread ones). Reading a notification rewrites it without those two attributes.
 *
 * The daily job creates them (functions/src/jobs/notify.ts) in the same transaction as the marker that
 * makes each notice happen once.
 */
import type { Actor } from '#domain/types';
import { userPk } from '#store/keys';
import type { Page } from '#store/store';
import type { Deps } from './deps.ts';

export interface Notification {
  readonly id: string;
  readonly userId: string;
  /** What it is about, e.g. `milestone_reminder`, `milestone_overdue`, `decision_due_soon`. */
  readonly kind: string;
  /** Already in the recipient's language. */
  readonly title: string;
  readonly body: string;
  /** The web page it is about, e.g. `/milestones/m_…`. */
  readonly link?: string;
  readonly createdAt: string;
  readonly read: boolean;
  readonly readAt?: string;
}

export interface NotificationPage extends Page<Notification> {
  readonly unread: number;
}

const MAX_MS = 9_999_999_999_999;
const unreadKey = (userId: string) => `${userPk(userId)}#UNREAD`;

/** Sorts the newest first in an ascending Query. */
export function notificationSk(createdAt: string, id: string): string {
  return `N#${String(MAX_MS - Date.parse(createdAt)).padStart(13, '0')}#${id}`;
}

/** The stored item of a new, unread notification. */
export function notificationItem(n: Omit<Notification, 'read' | 'readAt'>): Record<string, unknown> {
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

function strip(item: Record<string, unknown>): Notification {
  const { PK: _pk, SK: _sk, entity: _e, GSI4PK: _g, GSI4SK: _s, ...rest } = item;
  return rest as unknown as Notification;
}

async function unreadItems(deps: Deps, userId: string): Promise<Record<string, unknown>[]> {
  return deps.store.queryAll<Record<string, unknown>>(
    { IndexName: 'GSI4', KeyConditionExpression: 'GSI4PK = :pk', values: { ':pk': unreadKey(userId) } },
    true,
  );
}

export async function unreadCount(deps: Deps, actor: Actor): Promise<number> {
  return (await unreadItems(deps, actor.userId)).length;
}

/** The signed-in user's notifications, newest first, with the number still unread. */
export async function listNotifications(
  deps: Deps,
  actor: Actor,
  q: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<NotificationPage> {
  const [page, unread] = await Promise.all([
    deps.store.page<Record<string, unknown>>(
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        values: { ':pk': userPk(actor.userId), ':p': 'N#' },
      },
      q,
      'base',
    ),
    unreadCount(deps, actor),
  ]);
  return { items: page.items.map(strip), unread, nextCursor: page.nextCursor };
}

/** Marks the given notifications of the user read (all of them when `ids` is not given). */
export async function markRead(
  deps: Deps,
  actor: Actor,
  ids?: readonly string[],
): Promise<{ readonly marked: number; readonly unread: number }> {
  const unread = await unreadItems(deps, actor.userId);
  const wanted = ids ? new Set(ids) : undefined;
  const now = deps.clock().toISOString();
  let marked = 0;
  for (const item of unread) {
    if (wanted && !wanted.has(item.id as string)) continue;
    const { GSI4PK: _g, GSI4SK: _s, ...rest } = item;
    await deps.store.put({ ...rest, read: true, readAt: now });
    marked++;
  }
  return { marked, unread: unread.length - marked };
}
