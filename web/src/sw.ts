/**
 * The service worker: the app shell (the page, its JavaScript and CSS, the three catalogues) kept on the
 * phone, so that a second visit and a visit without a connection open at once. It is versioned by
 * the build (web/vite.config.ts writes the list of files and a version named after them): a deploy
 * changes this file, the browser installs the new worker beside the old one, and the app says that a new
 * version is ready (web/src/offline.ts); the new one takes over when the user reloads for it.
 *
 * It NEVER touches the API (`/v1/`, `/auth/`) or anything signed in: those requests go to the network
 * as if there were no worker, so no answer with personal data is ever kept on a shared phone.
 *
 * Hand-written rather than vite-plugin-pwa/Workbox: what it does fits in this page, and it adds nothing
 * to the first load; Workbox's runtime would weigh more than the app's own start-up code.
 */

// The worker's own global scope (the project's type library is the DOM's, not the worker's); the empty
// type export makes this file a module, so that its `self` is its own.
export type {};

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface MessageEventLike extends ExtendableEvent {
  readonly data: unknown;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: MessageEventLike) => void): void;
  skipWaiting(): Promise<void>;
  readonly location: Location;
}
declare const self: WorkerScope;
// Replaced by the build (web/vite.config.ts): the shell's files, and their version.
declare const __SHELL_FILES__: readonly string[];
declare const __SHELL_VERSION__: string;

const PREFIX = 'passerelle-shell-';
const CACHE = `${PREFIX}${__SHELL_VERSION__}`;
const SHELL = __SHELL_FILES__;
/** Never answered by the worker: the API, sign-in, the API's documents. */
const NETWORK_ONLY = /^\/(v1|auth|docs|openapi\.json)(\/|$)/;

self.addEventListener('install', (e) => {
  // Waits (beside the running version) until the user accepts the new one, unless none is running.
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))),
      ),
  );
});

self.addEventListener('message', (e) => {
  if (e.data === 'activate-new-version') void self.skipWaiting();
});

self.addEventListener('fetch', (e) => {
  const request = e.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NETWORK_ONLY.test(url.pathname)) return;
  // Only requests without credentials of their own: an Authorization header means a signed-in answer.
  if (request.headers.has('Authorization')) return;
  if (request.mode === 'navigate') {
    // Every address of the app is the same page: this version's, from the phone, at once.
    e.respondWith(fromShell('/index.html', request));
  } else if (url.pathname.startsWith('/assets/')) {
    e.respondWith(fromShell(url.pathname, request));
  }
});

/** The kept copy, else the network's (kept when it is one of the build's hashed files). */
async function fromShell(path: string, request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(path);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && path.startsWith('/assets/')) await cache.put(path, response.clone());
  return response;
}
