/**
 * What is being typed in a decision or reason form (the officer's recommendation, the mayor's office's
 * award, the reason of a send-back, a refusal, a query, a revision), kept on this device at every
 * keystroke, per person, record and form, so that a session that runs out mid-way loses nothing: after
 * signing in again the form comes back as it was (WCAG 2.2.1). It is dropped once the event is sent, and
 * with everything else the app kept when the person signs out (offline.tsx clearDeviceData: same prefix).
 */
import { useState } from 'preact/hooks';
import { signedInUserId } from './session.ts';

const PREFIX = 'passerelle.typed.';

const storageKey = (form: string) => `${PREFIX}${signedInUserId() ?? 'anyone'}.${form}`;

function readTyped<T>(key: string, isValue: (v: unknown) => v is T): T | undefined {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    return isValue(saved) ? saved : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The form's state, restored from the device when something was kept for it: `keep` at every change
 * (state and device), `clear` once it is sent (back to `empty`, nothing kept).
 */
export function useKeptTyping<T>(form: string, empty: T, isValue: (v: unknown) => v is T) {
  const key = storageKey(form);
  const [value, setValue] = useState<T>(() => readTyped(key, isValue) ?? empty);
  const keep = (next: T) => {
    setValue(next);
    try {
      localStorage.setItem(key, JSON.stringify(next));
    } catch {
      // kept in memory only (storage full or refused)
    }
  };
  const clear = () => {
    setValue(empty);
    try {
      localStorage.removeItem(key);
    } catch {
      // nothing kept
    }
  };
  return { value, keep, clear };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Whether `v` is an object whose named fields are all strings. */
export const hasStrings =
  <K extends string>(...fields: readonly K[]) =>
  (v: unknown): v is Record<K, string> =>
    isRecord(v) && fields.every((f) => typeof v[f] === 'string');
