/**
 * Notice markers: `NOTICE#<key>` / `<userId>`, written on condition that it does not exist, in one
 * transaction with the in-app notification and the pending mail (transaction.ts, kind `notice`): a notice
 * reaches each recipient once, however often the daily job runs.
 */
import type { Item } from './table-io.ts';

export const noticePk = (key: string) => `NOTICE#${key}`;
export const noticeKey = (key: string, userId: string) => ({ PK: noticePk(key), SK: userId });

export function noticeItem(key: string, userId: string, kind: string, at: string): Item {
  return { ...noticeKey(key, userId), entity: 'notice', kind, userId, at };
}
