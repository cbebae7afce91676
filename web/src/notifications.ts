/** The signed-in user's count of unread notifications, for the badge in the header. */
import { useEffect, useState } from 'preact/hooks';
import { api, getToken, read } from './api/client.ts';

let unread = 0;
const listeners = new Set<() => void>();

/** Sets the count (after the notifications page read them, or marked them read). */
export function setUnread(n: number): void {
  if (n === unread) return;
  unread = n;
  for (const l of listeners) l();
}

let pending: Promise<void> | undefined;
/** Asks the API for the count again; a failure keeps the last count (the badge is no reason for an error). */
export function refreshUnread(): Promise<void> {
  if (!getToken()) {
    setUnread(0);
    return Promise.resolve();
  }
  pending ??= read(api.v1.notifications.$get({ query: { limit: '1' } }))
    .then(
      (page) => setUnread(page.unread),
      () => {},
    )
    .finally(() => {
      pending = undefined;
    });
  return pending;
}

export function useUnread(): number {
  const [n, set] = useState(unread);
  useEffect(() => {
    const l = () => set(unread);
    listeners.add(l);
    l();
    return () => {
      listeners.delete(l);
    };
  }, []);
  return n;
}
