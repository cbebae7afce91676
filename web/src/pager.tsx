/**
 * A list read page by page: its first page, then "show more" following the server's cursor, so that
 * nothing is out of reach and a failed page can be asked for again.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox } from './ui.tsx';

export interface Pager<T> {
  readonly items: readonly T[];
  /** There is a next page. */
  readonly more: boolean;
  readonly busy: boolean;
  readonly error: unknown;
  /** Where the last page "show more" added begins (to move the focus there), until then null. */
  readonly focusFrom: number | null;
  loadMore(): Promise<void>;
}

/** The pages after `first`; a new first page (other filters) starts the list again from it. */
export function usePager<T, P extends { readonly nextCursor: string | null }>(
  first: P,
  fetchPage: (cursor: string) => Promise<P>,
  itemsOf: (page: P) => readonly T[],
): Pager<T> {
  return usePagerOf(first, fetchPage, itemsOf, (page) => page.nextCursor);
}

/** As usePager, for a page that holds more than one list, each with its own cursor (`cursorOf`). */
export function usePagerOf<T, P>(
  first: P,
  fetchPage: (cursor: string) => Promise<P>,
  itemsOf: (page: P) => readonly T[],
  cursorOf: (page: P) => string | null,
): Pager<T> {
  const [items, setItems] = useState<readonly T[]>(itemsOf(first));
  const [cursor, setCursor] = useState(cursorOf(first));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [focusFrom, setFocusFrom] = useState<number | null>(null);
  // Only a new first page starts again; `itemsOf` is a new function on every render.
  useEffect(() => {
    setItems(itemsOf(first));
    setCursor(cursorOf(first));
    setFocusFrom(null);
    setError(undefined);
  }, [first]);
  const loadMore = async () => {
    if (!cursor) return;
    setBusy(true);
    setError(undefined);
    try {
      const next = await fetchPage(cursor);
      setFocusFrom(items.length);
      setItems([...items, ...itemsOf(next)]);
      setCursor(cursorOf(next));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { items, more: Boolean(cursor), busy, error, focusFrom, loadMore };
}

/** What follows a paged list: why the last page failed, and the button for the next one. */
export function MoreButton(props: { pager: Pager<unknown>; label: string }) {
  const { pager } = props;
  return (
    <>
      {pager.error !== undefined && <ErrorBox error={pager.error} />}
      {pager.more && (
        <p>
          <button type="button" disabled={pager.busy} onClick={() => void pager.loadMore()}>
            {props.label}
          </button>
        </p>
      )}
    </>
  );
}
