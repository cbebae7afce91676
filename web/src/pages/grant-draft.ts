/**
 * The working copy of a grant application, as typed (amounts are text until checked): kept on this device
 * at every keystroke, under the grant's id (or `new`), so that a closed tab loses nothing. A new
 * application's Idempotency-Key is made once and kept beside it until it is saved, so that saving again
 * after a lost connection (or a lost answer) never creates a second application.
 */
import { useRef, useState } from 'preact/hooks';
import type { SentFile } from '../upload-field.tsx';

export interface Draft {
  title: string;
  need: string;
  summary: string;
  groups: string;
  /** The grant's own focus areas (none: those of the partnership); absent in drafts kept before them. */
  focusAreas?: string[];
  amount: string;
  budget: { label: string; amount: string }[];
  startDate: string;
  endDate: string;
  indicators: { name: string; target: string }[];
  /** The standard track, chosen when the amount is above the fast-track ceiling; fast otherwise. */
  standard?: boolean;
  /**
   * Budget quotes sent to storage and not attached yet (those of a saved draft are the grant's files):
   * kept here so that another step, or a reload, does not lose them; attached when the draft is saved.
   */
  quotes?: SentFile[];
}

export const EMPTY: Draft = {
  title: '',
  need: '',
  summary: '',
  groups: '',
  amount: '',
  budget: [{ label: '', amount: '' }],
  startDate: '',
  endDate: '',
  indicators: [{ name: '', target: '' }],
};

export const storageKey = (id: string | undefined) => `passerelle.grantDraft.${id ?? 'new'}`;

/** The working copy kept on this device for a grant (or the new one), if any. */
export function storedDraft(id: string | undefined): Draft | null {
  const saved = localStorage.getItem(storageKey(id));
  return saved ? (JSON.parse(saved) as Draft) : null;
}

/**
 * The working copy shown (null until loaded), and `update`, which changes it and keeps it on this device:
 * under `id`, or under `savedId` (the server draft's id) once a new application has been saved.
 */
export function useDraft(id: string | undefined) {
  const [draft, setShown] = useState<Draft | null>(null);
  // The copy as it is now: a file sent while the user types changes it from an earlier render's callback.
  const current = useRef<Draft | null>(null);
  const setDraft = (next: Draft) => {
    current.current = next;
    setShown(next);
  };
  const update = (patch: Partial<Draft>, savedId?: string) => {
    if (!current.current) return;
    const next = { ...current.current, ...patch };
    setDraft(next);
    localStorage.setItem(storageKey(id ?? savedId), JSON.stringify(next));
  };
  return { draft, setDraft, update };
}

const keyStorage = `${storageKey(undefined)}.idempotencyKey`;

/** The Idempotency-Key of the new application's creation: the same until it has been created. */
export function submissionKey(): string {
  try {
    const kept = localStorage.getItem(keyStorage);
    if (kept) return kept;
    const key = crypto.randomUUID();
    localStorage.setItem(keyStorage, key);
    return key;
  } catch {
    return crypto.randomUUID();
  }
}

/** Forgets the new application's draft and its key, once it is created on the server. */
export function forgetNewDraft(): void {
  localStorage.removeItem(storageKey(undefined));
  localStorage.removeItem(keyStorage);
}
