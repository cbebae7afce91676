/**
 * A notice goes to each recipient exactly once: a marker is written with a condition that it does not
 * exist, in one transaction with the in-app notification and the pending mail (the store's `notice` write).
 * A second run (the same day, or after a crash) finds the marker and does nothing for that person.
 */
import { createHash } from 'node:crypto';
import type { User } from '#domain/types';
import type { Deps } from '#services/deps';
import { VersionConflictError } from '#store/errors';
import { type Language, mailText, type Notice, render } from './messages.ts';

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

/** Delivers the notice to every recipient who has not had it yet; returns how many got it now. */
export async function notifyOnce(deps: Deps, input: NoticeInput): Promise<number> {
  let delivered = 0;
  const seen = new Set<string>();
  for (const user of input.recipients) {
    if (seen.has(user.id)) continue;
    seen.add(user.id);
    if (await deps.store.hasNotice(input.key, user.id)) continue;
    const language: Language = LANGUAGES.includes(user.language) ? user.language : 'en';
    const rendered = render(input.notice, language, { name: user.name, cso: user.roles.includes('cso') });
    const id = stableId(input.key, user.id);
    try {
      await deps.store.commit([
        {
          kind: 'notice',
          key: input.key,
          userId: user.id,
          noticeKind: input.notice.kind,
          at: input.now,
          notification: {
            id: `n_${id}`,
            userId: user.id,
            kind: input.notice.kind,
            title: rendered.subject,
            body: rendered.text,
            language,
            ...(input.link ? { link: input.link } : {}),
            createdAt: input.now,
          },
          mail: unlessDigest(user, {
            id,
            to: user.email,
            toName: user.name,
            language,
            subject: rendered.subject,
            text: mailText(rendered, language, input.link, input.baseUrl, user.name),
            createdAt: input.now,
          }),
        },
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
