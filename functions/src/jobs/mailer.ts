/**
 * Sending e-mail: Amazon SES when deployed; locally one `.eml` file per mail in `$DATA_DIR/outbox/`, so
 * that a person can open what would have been sent. A mail's id is stable (derived from the notice and
 * the recipient), so writing the same mail twice writes the same file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Mail {
  readonly id: string;
  readonly to: string;
  readonly toName?: string | undefined;
  readonly language: string;
  readonly subject: string;
  readonly text: string;
  readonly createdAt: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export const DEFAULT_FROM = 'Passerelle <no-reply@passerelle.local>';

/** RFC 2047 encoded-word for a header with non-ASCII text. */
function encodeHeader(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** The mail as an RFC 5322 message (UTF-8 text, base64 body), readable by any mail program. */
export function toEml(mail: Mail, from = DEFAULT_FROM): string {
  const to = mail.toName ? `${encodeHeader(mail.toName)} <${mail.to}>` : mail.to;
  const body = Buffer.from(mail.text, 'utf8')
    .toString('base64')
    .replace(/.{1,76}/g, '$&\r\n');
  return [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${encodeHeader(mail.subject)}`,
    `Date: ${new Date(mail.createdAt).toUTCString()}`,
    `Message-ID: <${mail.id}@passerelle>`,
    `Content-Language: ${mail.language}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}

/** Local mail: `<dir>/<date>-<id>.eml`. */
export class FileMailer implements Mailer {
  constructor(
    readonly dir: string,
    readonly from = DEFAULT_FROM,
  ) {}

  async send(mail: Mail): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, `${mail.createdAt.slice(0, 10)}-${mail.id}.eml`), toEml(mail, this.from));
  }
}

/** Collects mails in memory (tests). */
export class MemoryMailer implements Mailer {
  readonly sent: Mail[] = [];
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }
}
