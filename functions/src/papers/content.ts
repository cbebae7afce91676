/**
 * The content of a paper (an agreement or a letter) in one language, before any rendering: a title,
 * sections with a heading, paragraphs and lists. HTML and PDF are drawn from it, and an agreement's
 * hash is taken over it, so what is signed is this and nothing that depends on a renderer.
 */
import { createHash } from 'node:crypto';
import type { Language } from '#domain/city';

export type Block =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] };

export interface Section {
  readonly id: string;
  readonly heading: string;
  readonly blocks: readonly Block[];
}

export interface Paper {
  readonly lang: Language;
  readonly dir: 'rtl' | 'ltr';
  readonly title: string;
  /** Lines under the title: the reference, the date, the addressee. */
  readonly lead?: readonly string[];
  readonly sections: readonly Section[];
}

/**
 * JSON with every object's keys in code-point order and no spaces: the same value always gives the
 * same text, whatever order its fields were built in. Undefined fields are left out, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('not a finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
