/**
 * The conversation on a partnership, grant or milestone between the organisation and the city: its
 * members and the city's staff (officers, mayor's office) read and write it; a funder, another
 * organisation or another city finds nothing (404). Append-only: a message is never edited or deleted,
 * and one may be written on a closed record (questions come after the end).
 *
 * Each message notifies the other side in the same transaction: the organisation's members when the city
 * writes, the city's officers when the organisation writes (the officers rather than whoever last handled
 * the record: a record changes hands, and a question must not wait for someone away). Each recipient gets
 * an in-app notification per message, and one mail per thread and 10-minute window: a burst of messages
 * is one mail, whose marker (a `notice`) makes it happen once.
 */
import { createHash } from 'node:crypto';
import type { MessagePostInput } from '#contract/requests';
import type { MessagePageView, MessageView } from '#contract/responses';
import { NotFoundError } from '#domain/errors';
import type { Actor, User } from '#domain/types';
import { renderMessageNotice, type ThreadKind } from '#jobs/message-notices';
import { mailTexts } from '#jobs/on-demand';
import { VersionConflictError } from '#store/errors';
import type { RecordType } from '#store/keys';
import { type Message, messageItem, notificationPut, pageMessages } from '#store/messages';
import { unreadAdded } from '#store/notifications';
import type { Write } from '#store/store';
import { loadReadable } from './access.ts';
import type { Deps } from './deps.ts';
import { Hearing } from './directory-cache.ts';
import { attachToRecord, uploadsAt } from './documents.ts';
import { type Created, type IdempotencyInput, idempotentCreate } from './idempotency.ts';

type Writer = Message['authorRole'];
const WRITERS: readonly Writer[] = ['cso', 'city_officer', 'mayor_office'];
/** One mail per thread and recipient in this window, however many messages it holds. */
export const MAIL_WINDOW_MS = 10 * 60_000;
const PAGES: Record<ThreadKind, string> = {
  partnership: '/partnerships',
  grant: '/grants',
  milestone: '/milestones',
};

interface Thread {
  readonly id: string;
  readonly cityId: string;
  readonly organisationId: string;
  readonly version: number;
  readonly title?: string | undefined;
}

/** The record and the role the actor converses in; a funder's or a stranger's look is a plain 404. */
async function loadThread(deps: Deps, actor: Actor, type: RecordType, id: string) {
  const { record, roles } = await loadReadable<Thread>(deps, type, id, actor);
  const role = WRITERS.find((w) => roles.includes(w));
  if (!role) throw new NotFoundError(type, id);
  return { record, role };
}

const view = (m: Message): MessageView => ({
  id: m.id,
  body: m.body,
  authorName: m.authorName,
  authorRole: m.authorRole,
  createdAt: m.createdAt,
  ...(m.attachments ? { attachments: m.attachments } : {}),
});

export async function listMessages(
  deps: Deps,
  actor: Actor,
  type: RecordType,
  id: string,
  q: { cursor?: string | undefined; limit?: number | undefined },
): Promise<MessagePageView> {
  await loadThread(deps, actor, type, id);
  const page = await pageMessages(deps.store, type, id, q);
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}

/** Who hears of a message: the other side of the conversation, never the author. */
async function otherSide(
  hearing: Hearing,
  record: Thread,
  author: Writer,
  authorId: string,
): Promise<User[]> {
  const users =
    author === 'cso'
      ? (await hearing.users({ kind: 'city', id: record.cityId })).filter((u) =>
          u.roles.includes('city_officer'),
        )
      : (await hearing.users({ kind: 'organisation', id: record.organisationId })).filter(
          (u) => u.roles.includes('cso') && u.cityId === record.cityId,
        );
  return users.filter((u) => u.id !== authorId);
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

/** The notifications of one message: in app for each recipient, and a mail to those not mailed lately. */
async function noticeWrites(
  deps: Deps,
  hearing: Hearing,
  type: RecordType,
  record: Thread,
  m: Message,
): Promise<Write[]> {
  const recipients = await otherSide(hearing, record, m.authorRole, m.authorId);
  const { mailText } = await mailTexts();
  const link = `${PAGES[type]}/${record.id}#messages`;
  const windowKey = `message#${type}#${record.id}#${Math.floor(Date.parse(m.createdAt) / MAIL_WINDOW_MS)}`;
  const writes: Write[] = [];
  for (const user of recipients) {
    const rendered = renderMessageNotice(
      { thread: type, title: record.title, authorName: m.authorName, body: m.body },
      user.language,
    );
    const notification = {
      id: `n_${digest(`${m.id}\n${user.id}`)}`,
      userId: user.id,
      kind: 'message',
      title: rendered.subject,
      body: rendered.text,
      language: user.language,
      link,
      createdAt: m.createdAt,
    };
    if (await deps.store.hasNotice(windowKey, user.id)) {
      writes.push(
        {
          kind: 'transactItem',
          item: notificationPut(deps.store, notification),
          owner: { type: 'notification', id: notification.id },
        },
        {
          kind: 'transactItem',
          item: unreadAdded(deps.store.tableName, user.id),
          owner: { type: 'unread', id: user.id },
        },
      );
      continue;
    }
    writes.push({
      kind: 'notice',
      key: windowKey,
      userId: user.id,
      noticeKind: 'message',
      at: m.createdAt,
      notification,
      mail: {
        id: digest(`${windowKey}\n${user.id}`),
        to: user.email,
        toName: user.name,
        language: user.language,
        subject: rendered.subject,
        text: mailText(rendered, user.language, link, deps.publicUrl, user.name),
        createdAt: m.createdAt,
      },
    });
  }
  return writes;
}

/** Appends a message and notifies the other side, all in one transaction; a retry with its key replays. */
export async function postMessage(
  deps: Deps,
  actor: Actor,
  type: RecordType,
  id: string,
  input: MessagePostInput,
  idem?: IdempotencyInput,
): Promise<Created<MessageView>> {
  const { record, role } = await loadThread(deps, actor, type, id);
  const author = await deps.store.getUser(actor.userId);
  return idempotentCreate(deps, actor, idem, async (claim) => {
    const id = deps.newId('msg');
    // Its files are the conversation's: attached to the record, read only by those who converse.
    const files = await attachToRecord(
      deps,
      actor,
      { type, id: record.id, messageId: id },
      [],
      uploadsAt('attachments', input.attachments),
    );
    const message: Message = {
      id,
      recordType: type,
      recordId: record.id,
      cityId: record.cityId,
      organisationId: record.organisationId,
      authorId: actor.userId,
      authorName: author?.name ?? actor.userId,
      authorRole: role,
      body: input.body,
      createdAt: deps.clock().toISOString(),
      ...(files.files ? { attachments: files.files } : {}),
    };
    const owner = { type: 'message', id: message.id };
    // Two messages of a burst at the same moment may both find no mail marker: the second one's commit is
    // then refused on the marker, and is rebuilt (as an in-app notification only for that person). So is
    // one whose audience another instance changed since this one read it (the roster's check).
    const hearing = new Hearing(deps.store);
    for (let attempt = 1; ; attempt++) {
      try {
        const notices = await noticeWrites(deps, hearing, type, record, message);
        await deps.store.commit(
          [
            { kind: 'transactItem', item: messageItem(deps.store, message), owner },
            ...files.writes,
            ...hearing.checks(),
            ...notices,
          ],
          claim && { ...claim, body: view(message) },
        );
        return view(message);
      } catch (e) {
        const again =
          (e instanceof VersionConflictError && e.entity === 'notice' && attempt < 3) ||
          hearing.again(e, attempt);
        if (!again) throw e;
      }
    }
  });
}
