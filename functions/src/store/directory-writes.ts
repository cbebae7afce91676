/**
 * Who hears that the directory changed in this process: every write of a user item (store/users.ts,
 * Store.putUser) or of an organisation's profile (Store.putOrganisation, a commit's `organisation` write)
 * is announced here once it succeeded, so that what a process keeps of the directory between requests
 * (services/directory-cache.ts) is dropped at once. Per store: tests run several systems in one process.
 */

/** What a successful write of the directory changed. */
export type DirectoryWrite =
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly cityId: string;
      readonly organisationId?: string | undefined;
    }
  | { readonly kind: 'organisation'; readonly organisationId: string };

type Listener = (w: DirectoryWrite) => void;

const listeners = new WeakMap<object, Set<Listener>>();

/** Calls `listener` after each write of the directory through `store`; returns how to stop. */
export function onDirectoryWrite(store: object, listener: Listener): () => void {
  let set = listeners.get(store);
  if (!set) {
    set = new Set();
    listeners.set(store, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** Tells the listeners of `store` what was just written. */
export function directoryWritten(store: object, w: DirectoryWrite): void {
  for (const listener of listeners.get(store) ?? []) listener(w);
}
