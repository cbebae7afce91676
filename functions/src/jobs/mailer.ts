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

/** The direction a language is written in. */
const direction = (language: string) => (/^(ar|fa|he|ur)\b/.test(language) ? 'rtl' : 'ltr');

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The mail's HTML part: the same text, its paragraphs and links, under a root that says its language and
 * direction, so that a mail program or a screen reader reads an Arabic mail right to left, in Arabic,
 * whatever the language of the program itself. The right-to-left marks of the plain text are not needed
 * there.
 */
export function mailHtml(mail: Pick<Mail, 'language' | 'subject' | 'text'>): string {
  const paragraphs = mail.text
    .replace(/\u200f/g, '')
    .split(/\n{2,}/)
    .map((p) =>
      escapeHtml(p)
        .split('\n')
        .map((line) => line.replace(/https?:\/\/\S+/g, (url) => `<a href="${url}" dir="ltr">${url}</a>`))
        .join('<br>\r\n'),
    )
    .map((p) => `<p>${p}</p>`);
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(mail.language)}" dir="${direction(mail.language)}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title></head>`,
    '<body>',
    ...paragraphs,
    '</body>',
    '</html>',
  ].join('\r\n');
}

const base64Lines = (s: string) =>
  Buffer.from(s, 'utf8')
    .toString('base64')
    .replace(/.{1,76}/g, '$&\r\n');

/**
 * The mail as an RFC 5322 message, readable by any mail program: the plain text and the same in HTML as
 * alternatives (UTF-8, base64), with the recipient's language in Content-Language.
 */
export function toEml(mail: Mail, from = DEFAULT_FROM): string {
  const to = mail.toName ? `${encodeHeader(mail.toName)} <${mail.to}>` : mail.to;
  const boundary = `=_${mail.id}`;
  const part = (type: string, body: string) => [
    `--${boundary}`,
    `Content-Type: ${type}; charset=utf-8`,
    `Content-Language: ${mail.language}`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(body),
  ];
  return [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${encodeHeader(mail.subject)}`,
    `Date: ${new Date(mail.createdAt).toUTCString()}`,
    `Message-ID: <${mail.id}@passerelle>`,
    `Content-Language: ${mail.language}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    ...part('text/plain', mail.text),
    ...part('text/html', mailHtml(mail)),
    `--${boundary}--`,
    '',
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
