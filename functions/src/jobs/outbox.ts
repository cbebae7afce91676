/**
 * The mail outbox: a mail is stored as pending in the same transaction as its notice, and sent after.
 * So a notice is never lost by a crash between deciding and sending: the next run sends what is pending.
 * How it is stored: functions/src/store/mail-outbox.ts.
 *
 * Sending is at least once towards the mailer: a crash between sending and recording it sends that one
 * mail again on the next run (locally it rewrites the same `.eml` file, with the same name).
 */

import { errorFields, logger } from '#runtime/logger';
import type { Store } from '#store/store';
import type { Mail, Mailer } from './mailer.ts';

export interface DrainResult {
  readonly sent: number;
  readonly failed: number;
}

/** Sends every pending mail once, oldest first, and records each as sent. */
export async function drainOutbox(store: Store, mailer: Mailer, now: string): Promise<DrainResult> {
  let sent = 0;
  let failed = 0;
  for (const id of await store.pendingMailIds()) {
    // The index lags behind the table: read the mail itself before sending it.
    const mail = await store.pendingMail<Mail>(id);
    if (!mail) continue;
    try {
      await mailer.send(mail);
    } catch (e) {
      failed++;
      logger.error('could not send mail', { job: 'outbox', mailId: String(mail.id), ...errorFields(e) });
      continue;
    }
    await store.markMailSent(mail, now);
    sent++;
  }
  return { sent, failed };
}
