/**
 * The conversation under a partnership, grant or milestone: the messages oldest first (the newest at the
 * bottom, next to the box to answer), the last reason given when the record was sent back above them,
 * and a box whose draft is kept on the device as it is typed. A send carries an Idempotency-Key kept
 * with the draft, so that a retry after a lost answer does not post the message twice. Each message's
 * text is isolated from the page's direction: an Arabic question in a French page reads right.
 */
import { useState } from 'preact/hooks';
import { api, checked, read } from '../api/client.ts';
import type { EntityType } from '../api/types.ts';
import { formatInstant, t, tx } from '../i18n/index.ts';
import { useKeptDraft, WaitingToSend } from '../offline.tsx';
import { ErrorBox, Field, Show, useLoad } from '../ui.tsx';
import { FileList, UploadField } from '../upload-field.tsx';

export interface ConversationProps {
  readonly entity: EntityType;
  readonly id: string;
  readonly timeZone?: string | undefined;
}

/** The events that send a record back to the organisation with a reason. */
const SEND_BACK = new Set(['request_changes', 'request_revision']);
/** Pages read to show the whole thread (100 messages each). */
const MAX_PAGES = 20;

type Query = { cursor?: string; limit: string };

function messagesPage(entity: EntityType, id: string, query: Query) {
  const param = { id };
  switch (entity) {
    case 'grant':
      return read(api.v1.grants[':id'].messages.$get({ param, query }));
    case 'partnership':
      return read(api.v1.partnerships[':id'].messages.$get({ param, query }));
    case 'milestone':
      return read(api.v1.milestones[':id'].messages.$get({ param, query }));
  }
}

async function postMessage(
  entity: EntityType,
  id: string,
  body: string,
  key: string,
  attachments: readonly string[] = [],
) {
  const json = await checked('MessagePost', attachments.length > 0 ? { body, attachments } : { body });
  const param = { id };
  const init = { headers: { 'Idempotency-Key': key } };
  switch (entity) {
    case 'grant':
      return read(api.v1.grants[':id'].messages.$post({ param, json }, init));
    case 'partnership':
      return read(api.v1.partnerships[':id'].messages.$post({ param, json }, init));
    case 'milestone':
      return read(api.v1.milestones[':id'].messages.$post({ param, json }, init));
  }
}

async function allMessages(entity: EntityType, id: string) {
  const items = [];
  let cursor: string | null = null;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await messagesPage(entity, id, cursor ? { cursor, limit: '100' } : { limit: '100' });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** The messages and the record's history side by side: on a slow link one round trip, not two. */
async function wholeThread(entity: EntityType, id: string) {
  const [items, audit] = await Promise.all([
    allMessages(entity, id),
    read(api.v1.audit[':entityType'][':id'].$get({ param: { entityType: entity, id } })),
  ]);
  const sentBack = audit.items.filter((e) => SEND_BACK.has(e.event) && e.comment).at(-1);
  return { items, sentBack };
}

const isText = (v: unknown): v is string => typeof v === 'string';

export function Conversation(props: ConversationProps) {
  const load = useLoad(() => wholeThread(props.entity, props.id), [props.entity, props.id]);
  const draft = useKeptDraft(`passerelle.conversation.${props.entity}.${props.id}`, '', isText);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [files, setFiles] = useState<{ ids: string[]; sending: boolean }>({ ids: [], sending: false });
  // A new control once a message is sent: the files it carried are not offered again.
  const [round, setRound] = useState(0);

  const send = async (e?: Event) => {
    e?.preventDefault();
    if (files.sending) return;
    setSending(true);
    setError(undefined);
    try {
      if (await draft.send((body, key) => postMessage(props.entity, props.id, body, key, files.ids))) {
        setRound((n) => n + 1);
        load.reload();
      }
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  };

  return (
    <section id="messages" aria-labelledby="messages-h" class="conversation">
      <h2 id="messages-h">{t('thread.title')}</h2>
      <p class="muted">{t('thread.lead')}</p>
      <Show load={load}>
        {(d) => (
          <>
            {d.sentBack && (
              <aside class="sent-back">
                <strong>{t('thread.sentBack')}</strong>{' '}
                <span class="muted">{formatInstant(d.sentBack.at, props.timeZone)}</span>
                <blockquote dir="auto">{d.sentBack.comment}</blockquote>
              </aside>
            )}
            {d.items.length === 0 ? (
              <p>{t('thread.empty')}</p>
            ) : (
              <ol class="messages" aria-label={t('thread.count', { n: d.items.length })}>
                {d.items.map((m) => (
                  <li key={m.id}>
                    <p class="muted">
                      <bdi>{m.authorName}</bdi> · {tx(`role.${m.authorRole}`, m.authorRole)} ·{' '}
                      {formatInstant(m.createdAt, props.timeZone)}
                    </p>
                    <p dir="auto" class="message-body">
                      {m.body}
                    </p>
                    <FileList files={m.attachments} title={t('files.title')} preview />
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
      </Show>
      <form onSubmit={send}>
        {error !== undefined && <ErrorBox error={error} />}
        <WaitingToSend waiting={draft.waiting} busy={sending} onSend={() => void send()} />
        <Field id="message-body" label={t('thread.label')} hint={t('thread.hint')}>
          {(described, invalid) => (
            <textarea
              id="message-body"
              rows={4}
              dir="auto"
              maxLength={4000}
              value={draft.value}
              aria-describedby={described}
              aria-invalid={invalid}
              onInput={(e) => draft.keep(e.currentTarget.value)}
            />
          )}
        </Field>
        <UploadField
          key={round}
          id="message-files"
          label={t('files.messageLabel')}
          onChange={(ids, busy) => setFiles({ ids, sending: busy })}
        />
        <button type="submit" disabled={sending || files.sending}>
          {sending ? t('thread.sending') : t('thread.send')}
        </button>
      </form>
    </section>
  );
}
