/**
 * The mail outbox: a mail is stored as pending in the same transaction as its notice, and sent after.
 *
 *   PK `MAIL#<id>`, SK `R`; while pending also GSI3PK `OUTBOX#PENDING` (a sparse index: the outbox is one
 *   Query of only the pending mails). Once sent, it is rewritten without them, with `sentAt` and a TTL.
 */
import { expiresAfter, RECORD_SK, stripStorage } from './keys.ts';
import type { Store } from './store.ts';
import { TTL_ATTRIBUTE } from './table.ts';
import { type Item, ioOf } from './table-io.ts';

/** What the store needs of a mail; the rest of it (jobs/mailer.ts Mail) is kept as it is. */
export interface OutboxMail {
  readonly id: string;
  readonly createdAt: string;
}

export const OUTBOX_PENDING = 'OUTBOX#PENDING';
/** Days a sent mail is kept before TTL deletes it. */
export const KEEP_SENT_DAYS = 90;

export const mailPk = (id: string) => `MAIL#${id}`;
export const mailKey = (id: string) => ({ PK: mailPk(id), SK: RECORD_SK });

export function pendingMailItem(mail: OutboxMail): Item {
  return {
    ...mail,
    ...mailKey(mail.id),
    entity: 'mail',
    GSI3PK: OUTBOX_PENDING,
    GSI3SK: `${mail.createdAt}#${mail.id}`,
  };
}

export function sentMailItem(mail: OutboxMail, sentAt: string): Item {
  const { GSI3PK: _g, GSI3SK: _s, ...rest } = pendingMailItem(mail);
  return { ...rest, sentAt, [TTL_ATTRIBUTE]: expiresAfter(sentAt, KEEP_SENT_DAYS) };
}

/** The mail as it was given, and whether it was sent already. */
export function mailFromItem<M extends OutboxMail>(item: Item): { mail: M; sent: boolean } {
  const { PK: _pk, SK: _sk, entity: _e, GSI3PK: _g, GSI3SK: _s, sentAt, [TTL_ATTRIBUTE]: _t, ...mail } = item;
  return { mail: stripStorage<M>(mail), sent: Boolean(sentAt) };
}

/** A mail to someone who is no user (yet): no notice marker or in-app notification, only the mail. */
export async function queueMail(
  store: Store,
  mail: OutboxMail & Readonly<Record<string, unknown>>,
): Promise<void> {
  await ioOf(store).put(pendingMailItem(mail));
}
