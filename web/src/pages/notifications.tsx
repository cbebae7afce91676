/** The signed-in user's notifications (reminders, deadlines), newest first, with "mark all as read". */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, read } from '../api/client.ts';
import type { Me, Notification, NotificationPage } from '../api/types.ts';
import { formatInstant, t, writtenIn } from '../i18n/index.ts';
import { setUnread } from '../notifications.ts';
import { ErrorBox, Page, Show, useLoad } from '../ui.tsx';
import { MailChoice } from './mail-choice.tsx';

const PAGE_SIZE = '20';

const fetchPage = (cursor?: string) =>
  read(
    api.v1.notifications.$get({
      query: cursor ? { limit: PAGE_SIZE, cursor } : { limit: PAGE_SIZE },
    }),
  );

export function NotificationsPage(props: { me: Me }) {
  const load = useLoad(() => fetchPage(), []);
  return (
    <Page title={t('notifications.title')} lead={t('notifications.lead')}>
      <Show load={load}>{(first) => <NotificationList first={first} me={props.me} />}</Show>
      <MailChoice me={props.me} />
    </Page>
  );
}

function NotificationList(props: { first: NotificationPage; me: Me }) {
  const [items, setItems] = useState<readonly Notification[]>(props.first.items);
  const [cursor, setCursor] = useState(props.first.nextCursor);
  const [unread, setCount] = useState(props.first.unread);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  const firstNew = useRef<HTMLLIElement>(null);
  const [focusFrom, setFocusFrom] = useState<number | null>(null);

  useEffect(() => setUnread(props.first.unread), [props.first]);
  useEffect(() => {
    if (done) status.current?.focus();
  }, [done]);
  useEffect(() => {
    if (focusFrom !== null) firstNew.current?.focus();
  }, [focusFrom]);

  const markAllRead = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await read(api.v1.notifications.read.$post({ json: {} }));
      const now = new Date().toISOString();
      setItems(items.map((n) => (n.read ? n : { ...n, read: true, readAt: now })));
      setCount(r.unread);
      setUnread(r.unread);
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const loadMore = async () => {
    if (!cursor) return;
    setBusy(true);
    setError(undefined);
    try {
      const next = await fetchPage(cursor);
      setFocusFrom(items.length);
      setItems([...items, ...next.items]);
      setCursor(next.nextCursor);
      setCount(next.unread);
      setUnread(next.unread);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {error !== undefined && <ErrorBox error={error} />}
      <p class="row">
        <span>{t('notifications.count', { n: unread })}</span>
        {unread > 0 && (
          <button type="button" class="primary" disabled={busy} onClick={() => void markAllRead()}>
            {t('notifications.markAllRead')}
          </button>
        )}
      </p>
      <p class="ok" role="status" tabIndex={-1} ref={status}>
        {done ? t('notifications.allRead') : ''}
      </p>
      {items.length === 0 ? (
        <p>{t('notifications.empty')}</p>
      ) : (
        <ul class="notifications">
          {items.map((n, i) => (
            <li
              key={n.id}
              class={n.read ? 'card' : 'card is-unread'}
              tabIndex={i === focusFrom ? -1 : undefined}
              ref={i === focusFrom ? firstNew : undefined}
            >
              <h2>
                {/* A notice written in another language than the page's says so: title and body. */}
                {n.link ? (
                  <a href={n.link} {...writtenIn(n.language)}>
                    {n.title}
                  </a>
                ) : (
                  <span {...writtenIn(n.language)}>{n.title}</span>
                )}{' '}
                {!n.read && <span class="tag tag-unread">{t('notifications.unread')}</span>}
              </h2>
              <p class="prose" {...writtenIn(n.language)}>
                {n.body}
              </p>
              <p class="muted">
                <time dateTime={n.createdAt}>{formatInstant(n.createdAt, props.me.city.timeZone)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <p>
          <button type="button" disabled={busy} onClick={() => void loadMore()}>
            {t('notifications.loadMore')}
          </button>
        </p>
      )}
    </>
  );
}
