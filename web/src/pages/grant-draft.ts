/**
 * The working copy of a grant application, as typed (amounts are text until checked): kept on this device
 * at every keystroke, under the grant's id (or `new`), so that a closed tab loses nothing.
 */
import { useState } from 'preact/hooks';

export interface Draft {
  title: string;
  need: string;
  summary: string;
  groups: string;
  amount: string;
  budget: { label: string; amount: string }[];
  startDate: string;
  endDate: string;
  indicators: { name: string; target: string }[];
  /** The standard track, chosen when the amount is above the fast-track ceiling; fast otherwise. */
  standard?: boolean;
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
  const [draft, setDraft] = useState<Draft | null>(null);
  const update = (patch: Partial<Draft>, savedId?: string) => {
    if (!draft) return;
    const next = { ...draft, ...patch };
    setDraft(next);
    localStorage.setItem(storageKey(id ?? savedId), JSON.stringify(next));
  };
  return { draft, setDraft, update };
}
