/**
 * Working without a connection, and on a shared phone:
 * - drafts (a message, a report, an application) kept on the device at every keystroke, each with the
 *   Idempotency-Key of its submission, made once and kept with it, so that sending again after a lost
 *   connection or a lost answer never creates it twice;
 * - a send that fails for want of a connection says so plainly, keeps the draft, and once the connection
 *   is back offers to send it, only when the user confirms;
 * - the service worker (web/src/sw.ts): registered after the page has loaded, and when a new version is
 *   installed the app says so and reloads into it on request;
 * - signing out removes what the app kept on the device (drafts, the user's details), the language aside.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, bootSettled } from './api/client.ts';
import { t } from './i18n/index.ts';

const PREFIX = 'passerelle.';
/** Kept across sign-outs: the device's language is not personal. */
const DEVICE_KEYS = new Set(['passerelle.lang']);

/** Whether an error is the lack of a connection (no answer at all), not a refusal by the server. */
export const isOffline = (e: unknown): boolean => e instanceof ApiProblem && e.status === 0;

export interface Kept<T> {
  readonly value: T;
  /** The Idempotency-Key of this draft's submission. */
  readonly key: string;
  /** A send failed for want of a connection: offered again when it is back. */
  readonly waiting?: boolean;
}

function readKept<T>(storageKey: string, isValue: (v: unknown) => v is T): Kept<T> | null {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Partial<Kept<unknown>> | null;
    if (saved && typeof saved.key === 'string' && isValue(saved.value))
      return { value: saved.value, key: saved.key, waiting: saved.waiting === true };
  } catch {
    // nothing usable kept
  }
  return null;
}

function writeKept<T>(storageKey: string, kept: Kept<T>): void {
  try {
    localStorage.setItem(storageKey, JSON.stringify(kept));
  } catch {
    // kept in memory only (storage full or refused)
  }
}

/**
 * A draft kept on this device under `storageKey`: `keep` at every change, `send` to submit it (the
 * draft's key given to the request; cleared once sent, kept and marked waiting when there is no
 * connection), `clear` to drop it.
 */
export function useKeptDraft<T>(storageKey: string, empty: T, isValue: (v: unknown) => v is T) {
  const fresh = (): Kept<T> => ({ value: empty, key: crypto.randomUUID() });
  const [kept, setKept] = useState<Kept<T>>(() => readKept(storageKey, isValue) ?? fresh());
  const keep = (value: T) => {
    const next = { ...kept, value };
    setKept(next);
    writeKept(storageKey, next);
  };
  const clear = () => {
    setKept(fresh());
    try {
      localStorage.removeItem(storageKey);
    } catch {
      // nothing kept
    }
  };
  /** Sends the draft with its key; true once sent. A refusal by the server is thrown as it is. */
  const send = async (submit: (value: T, key: string) => Promise<unknown>): Promise<boolean> => {
    try {
      await submit(kept.value, kept.key);
    } catch (e) {
      if (!isOffline(e)) throw e;
      const waiting = { ...kept, waiting: true };
      setKept(waiting);
      writeKept(storageKey, waiting);
      return false;
    }
    clear();
    return true;
  };
  return { value: kept.value, key: kept.key, waiting: kept.waiting === true, keep, clear, send };
}

/** Whether the browser has a connection, as it changes. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/**
 * What happened to a send that found no connection: kept on the phone, nothing sent; and once the
 * connection is back, a button to send it now (the same submission: nothing is sent twice).
 */
export function WaitingToSend(props: { waiting: boolean; busy?: boolean; onSend: () => void }) {
  const online = useOnline();
  if (!props.waiting) return null;
  return (
    <div class="alert" role="status">
      {online ? (
        <p>
          <strong>{t('offline.back')}</strong>{' '}
          <button type="button" class="primary" disabled={props.busy} onClick={props.onSend}>
            {t('offline.sendNow')}
          </button>
        </p>
      ) : (
        <p>
          <strong>{t('offline.kept')}</strong> {t('offline.later')}
        </p>
      )}
    </div>
  );
}

/**
 * Said at an event's buttons (submit, approve, accept…) when it was pressed without a connection:
 * nothing was sent, and the user presses again once the connection is back (the page still shows the
 * record as it was, so nothing is left half-done). Focused, so that a screen reader says it at once.
 */
export function NotSentOffline() {
  const online = useOnline();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <p class="alert" role="status" tabIndex={-1} ref={ref}>
      <strong>{online ? t('offline.eventBack') : t('offline.eventNotSent')}</strong>
    </p>
  );
}

/** Removes what the app kept on this device for the user (sign-out on a shared phone). */
export function clearDeviceData(): void {
  try {
    for (const key of Object.keys(localStorage))
      if (key.startsWith(PREFIX) && !DEVICE_KEYS.has(key)) localStorage.removeItem(key);
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
  } catch {
    // storage unavailable: nothing was kept there
  }
}

// ------------------------------------------------------------------ the service worker

let waitingWorker: ServiceWorker | null = null;
const updateListeners = new Set<() => void>();

/** Registers the service worker once the page has loaded (its downloads never compete with the page's). */
export function registerShell(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  const start = async () => {
    const registration = await navigator.serviceWorker.register('/sw.js');
    const found = (worker: ServiceWorker | null) => {
      // A new version installed while another runs this page: the user is told, and chooses when.
      if (!worker || !navigator.serviceWorker.controller) return;
      const ready = () => {
        if (worker.state !== 'installed') return;
        waitingWorker = worker;
        for (const l of updateListeners) l();
      };
      worker.addEventListener('statechange', ready);
      ready();
    };
    found(registration.waiting);
    registration.addEventListener('updatefound', () => found(registration.installing));
    // A tab left open for days still learns of a deploy.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void registration.update().catch(() => undefined);
    });
  };
  // After the page's own first requests: the shell's files (a few hundred kilobytes) would otherwise share
  // a slow link with the data the user is waiting for.
  const firstRequests = bootSettled();
  const go = () => void firstRequests.then(start).catch(() => undefined);
  if (document.readyState === 'complete') go();
  else addEventListener('load', go, { once: true });
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading || !waitingWorker) return;
    reloading = true;
    location.reload();
  });
}

/** Says that a new version is ready, with a button to reload into it. */
export function UpdateBanner() {
  const [ready, setReady] = useState(waitingWorker !== null);
  useEffect(() => {
    const l = () => setReady(true);
    updateListeners.add(l);
    return () => {
      updateListeners.delete(l);
    };
  }, []);
  if (!ready) return null;
  return (
    <div class="update-banner" role="status">
      <p>
        {t('update.ready')}{' '}
        <button
          type="button"
          class="primary"
          onClick={() => waitingWorker?.postMessage('activate-new-version')}
        >
          {t('update.reload')}
        </button>
      </p>
    </div>
  );
}
