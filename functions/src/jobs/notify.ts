/**
 * A notice goes to each recipient exactly once: a marker is written with a condition that it does not
 * exist, in one transaction with the in-app notification and the pending mail (the store's `notice` write).
 * A second run (the same day, or after a crash) finds the marker and does nothing for that person.
 */
import { createHash } from 'node:crypto';
import type { User } from '#domain/types';
import type { Deps } from '#services/deps';
import { VersionConflictError } from '#store/errors';
import type { Write } from '#store/store';
import { type Language, mailText, type Notice, type Rendered, render } from './messages.ts';

export interface NoticeInput {
  /** What makes the notice unique, e.g. `reminder#m_123#-7` or `overdue#m_123`. */
  readonly key: string;
  readonly notice: Notice;
  readonly recipients: readonly User[];
  readonly link?: string | undefined;
  readonly now: string;
  /** The web front end's address, for the link in mails. */
  readonly baseUrl?: string | undefined;
}

const LANGUAGES: readonly Language[] = ['ar', 'fr', 'en'];

function stableId(key: string, userId: string): string {
  return createHash('sha256').update(`${key}\n${userId}`).digest('hex').slice(0, 24);
}

/**
 * The mail of a notice, unless its recipient reads their mail as a daily digest: they find the notice
 * there (jobs/digest.ts), from its in-app notification.
 */
export function unlessDigest<M>(user: User, mail: M): M | undefined {
  return user.mailDigest === 'daily' ? undefined : mail;
}

/** The language a person is told things in: theirs, or English where no catalogue has it. */
export const noticeLanguage = (user: User): Language =>
  LANGUAGES.includes(user.language) ? user.language : 'en';

/**
 * One notice to one person as the store writes it: the marker, the in-app notification and, unless they
 * read their mail as a digest, the mail in their language; its ids follow from the key and the person.
 */
export function noticeWrite(
  user: User,
  n: {
    readonly key: string;
    readonly kind: string;
    readonly rendered: Rendered;
    readonly language: Language;
    readonly link: string | undefined;
    /** The web front end's address, for the link in mails. */
    readonly baseUrl: string | undefined;
    readonly at: string;
    /** Kept with the mail (an event's notice). */
    readonly mailKind?: string | undefined;
  },
): Extract<Write, { kind: 'notice' }> {
  const id = stableId(n.key, user.id);
  return {
    kind: 'notice',
    key: n.key,
    userId: user.id,
    noticeKind: n.kind,
    at: n.at,
    notification: {
      id: `n_${id}`,
      userId: user.id,
      kind: n.kind,
      title: n.rendered.subject,
      body: n.rendered.text,
      language: n.language,
      ...(n.link ? { link: n.link } : {}),
      createdAt: n.at,
    },
    mail: unlessDigest(user, {
      id,
      to: user.email,
      toName: user.name,
      language: n.language,
      subject: n.rendered.subject,
      text: mailText(n.rendered, n.language, n.link, n.baseUrl, user.name),
      createdAt: n.at,
      ...(n.mailKind ? { kind: n.mailKind } : {}),
    }),
  };
}

/** Delivers the notice to every recipient who has not had it yet; returns how many got it now. */
export async function notifyOnce(deps: Deps, input: NoticeInput): Promise<number> {
  let delivered = 0;
  const seen = new Set<string>();
  for (const user of input.recipients) {
    if (seen.has(user.id)) continue;
    seen.add(user.id);
    if (await deps.store.hasNotice(input.key, user.id)) continue;
    const language = noticeLanguage(user);
    const rendered = render(input.notice, language, { name: user.name, cso: user.roles.includes('cso') });
    try {
      await deps.store.commit([
        noticeWrite(user, {
          key: input.key,
          kind: input.notice.kind,
          rendered,
          language,
          link: input.link,
          baseUrl: input.baseUrl,
          at: input.now,
        }),
      ]);
      delivered++;
    } catch (e) {
      // Another run wrote the marker meanwhile: that person has it already.
      if (e instanceof VersionConflictError && e.entity === 'notice') continue;
      throw e;
    }
  }
  return delivered;
}
