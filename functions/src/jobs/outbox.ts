/**
 * The mail outbox: a mail is stored as pending in the same transaction as its notice, and sent after.
 * So a notice is never lost by a crash between deciding and sending: the next run sends what is pending.
 *
 *   PK `MAIL#<id>`, SK `R`; while pending also GSI3PK `OUTBOX#PENDING` (a sparse index: the outbox is one
 *   Query of only the pending mails). Once sent, it is rewritten without them, with `sentAt` and a TTL.
 *
 * Sending is at least once towards the mailer: a crash between sending and recording it sends that one
 * mail again on the next run (locally it rewrites the same `.eml` file, with the same name).
 */

import { errorFields, logger } from '#runtime/logger';
import type { Store } from '#store/store';
import { TTL_ATTRIBUTE } from '#store/table';
import type { Mail, Mailer } from './mailer.ts';

export const OUTBOX_PENDING = 'OUTBOX#PENDING';
const KEEP_SENT_DAYS = 90;

export const mailPk = (id: string) => `MAIL#${id}`;

export function mailItem(mail: Mail): Record<string, unknown> {
  return {
    ...mail,
    PK: mailPk(mail.id),
    SK: 'R',
    entity: 'mail',
    GSI3PK: OUTBOX_PENDING,
    GSI3SK: `${mail.createdAt}#${mail.id}`,
  };
}

export interface DrainResult {
  readonly sent: number;
  readonly failed: number;
}

/** Sends every pending mail once, oldest first, and records each as sent. */
export async function drainOutbox(store: Store, mailer: Mailer, now: string): Promise<DrainResult> {
  const pending = await store.queryAll<Record<string, unknown>>(
    { IndexName: 'GSI3', KeyConditionExpression: 'GSI3PK = :pk', values: { ':pk': OUTBOX_PENDING } },
    true,
  );
  let sent = 0;
  let failed = 0;
  for (const listed of pending) {
    // The index lags behind the table: read the mail itself before sending it.
    const item = await store.getRaw(listed.PK as string, 'R');
    if (!item || item.sentAt) continue;
    const { PK: _pk, SK: _sk, entity: _e, GSI3PK: _g, GSI3SK: _s, ...mail } = item;
    try {
      await mailer.send(mail as unknown as Mail);
    } catch (e) {
      failed++;
      logger.error('could not send mail', { job: 'outbox', mailId: String(mail.id), ...errorFields(e) });
      continue;
    }
    const { GSI3PK: _gp, GSI3SK: _gs, ...rest } = item;
    await store.put({
      ...rest,
      sentAt: now,
      [TTL_ATTRIBUTE]: Math.floor(Date.parse(now) / 1000) + KEEP_SENT_DAYS * 86_400,
    });
    sent++;
  }
  return { sent, failed };
}
