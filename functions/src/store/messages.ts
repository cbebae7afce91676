/**
 * The conversation on a record: one partition per record, one item per message, oldest first.
 *
 *   PK `<TYPE>#<recordId>#MSG`, SK `<createdAt>#<messageId>`: a page of the thread is one Query of the
 *   partition, in the order the messages were written. A message is written once (on condition that it does
 *   not exist) and never rewritten: the thread is append-only.
 *
 * A message is a transaction item, so that the notifications of the other side go in the same commit.
 */
import type { AttachedDocument } from '#domain/documents';
import { type RecordType, TYPE_KEY } from './keys.ts';
import { type NewNotification, notificationItem } from './notifications.ts';
import type { Store } from './store.ts';
import { ioOf, MUST_NOT_EXIST, type Page } from './table-io.ts';
import type { TransactItem } from './transaction.ts';

export interface Message {
  readonly id: string;
  readonly recordType: RecordType;
  readonly recordId: string;
  readonly cityId: string;
  readonly organisationId: string;
  readonly authorId: string;
  readonly authorName: string;
  /** The role the author wrote in: a member of the organisation, or the city's staff. */
  readonly authorRole: 'cso' | 'city_officer' | 'mayor_office';
  readonly body: string;
  readonly createdAt: string;
  /** The files sent with it. */
  readonly attachments?: readonly AttachedDocument[] | undefined;
}

export const messagesPk = (type: RecordType, recordId: string) => `${TYPE_KEY[type]}#${recordId}#MSG`;
export const messageSk = (m: Pick<Message, 'createdAt' | 'id'>) => `${m.createdAt}#${m.id}`;

/** The transaction item of a new message: written only if it does not exist yet. */
export function messageItem(store: Store, m: Message): TransactItem {
  return {
    Put: {
      TableName: store.tableName,
      Item: { ...m, PK: messagesPk(m.recordType, m.recordId), SK: messageSk(m), entity: 'message' },
      ConditionExpression: MUST_NOT_EXIST.expression,
    },
  };
}

/**
 * The transaction item of an in-app notification on its own (a message's, to someone already mailed
 * about the thread within the same few minutes: the `notice` write would mail them again).
 */
export function notificationPut(store: Store, n: NewNotification): TransactItem {
  return { Put: { TableName: store.tableName, Item: notificationItem(n) } };
}

/**
 * One page of a record's thread, oldest first (one Query); the cursor continues where the page ended.
 * Eventual: a message written a moment ago may show on the next read.
 */
export async function pageMessages(
  store: Store,
  type: RecordType,
  recordId: string,
  opts: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<Message>> {
  return ioOf(store).page<Message>(
    { KeyConditionExpression: 'PK = :pk', values: { ':pk': messagesPk(type, recordId) } },
    opts,
    'base',
  );
}
