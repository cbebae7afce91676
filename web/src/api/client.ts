/**
 * The typed client: one Hono `hc` over the whole API (a type-only import of the server's app), so paths,
 * parameters, request bodies and answers are checked by the compiler against the server's contract.
 * Errors come back as problem+json and are thrown as ApiProblem, with field errors by path.
 */
import { type ClientResponse, hc } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { FieldError } from '../../../functions/src/contract/problem.ts';
import type { AppType } from '../../../functions/src/http/app.ts';
import type { Parsed, SchemaName } from '../validation.ts';

const TOKEN_KEY = 'passerelle.token';
const base = import.meta.env.VITE_API_BASE || location.origin;

/*
 * The ID token lives in memory and in this tab's sessionStorage (so that a reload keeps the user signed
 * in), never in localStorage: that outlives the tab and is shared by every tab of the origin, so a token
 * left there would stay usable on a shared computer after the browser is closed.
 */
let token: string | null = readToken();
function readToken(): string | null {
  try {
    // A token an earlier version left in localStorage is dropped, not carried over.
    localStorage.removeItem(TOKEN_KEY);
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
export const getToken = (): string | null => token;
export function setToken(next: string | null): void {
  token = next;
  try {
    if (next) sessionStorage.setItem(TOKEN_KEY, next);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // kept in memory only
  }
}

/** What the boot script (web/vite.config.ts) started before the app's code arrived. */
interface Boot {
  readonly token: string | null;
  readonly requests: Partial<Record<string, Promise<Response>>>;
}
declare global {
  interface Window {
    __passerelleBoot?: Boot;
  }
}

const BOOT_ANSWERS_KEPT_MS = 60_000;

/**
 * `fetch`, except that a GET the boot script already started for this address (with the same token, or
 * none) is taken from it, once, instead of asked again: on a slow link that saves the round trip the app's
 * own start-up would have cost.
 */
export const bootFetch: typeof fetch = (input, init) => {
  const boot = window.__passerelleBoot;
  const method = (init?.method ?? 'GET').toUpperCase();
  // Only while the page starts: an answer not taken by then is older than the user would expect.
  if (boot && method === 'GET' && typeof input === 'string' && performance.now() < BOOT_ANSWERS_KEPT_MS) {
    const url = new URL(input, location.origin);
    const key = `${url.pathname}${url.search}`;
    const started = url.origin === location.origin ? boot.requests[key] : undefined;
    const sameToken = key.startsWith('/auth/') || boot.token === token;
    if (started && sameToken) {
      delete boot.requests[key];
      return started;
    }
  }
  return fetch(input, init);
};

// Taken now: the app takes each of them out of the boot's list as it uses it.
const bootStarted = Object.values(window.__passerelleBoot?.requests ?? {});
/** Settles once what the boot script started has arrived (or failed). */
export const bootSettled = (): Promise<unknown> => Promise.allSettled(bootStarted);

const options = {
  headers: (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {}),
  fetch: bootFetch,
};

export const api = hc<AppType>(base, options);

export type { FieldError };

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: readonly FieldError[],
    readonly type = 'about:blank',
  ) {
    super(detail ?? title);
  }
}

let onUnauthorized: () => void = () => {};
export const setUnauthorizedHandler = (fn: () => void): void => {
  onUnauthorized = fn;
};

/** The body of a response's success statuses, as the contract declares it. */
export type Ok<R> =
  R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatusCode ? T : never) : never;

/** Awaits a response: its JSON body (typed by the route) when it is OK, an ApiProblem otherwise. */
export async function read<R extends ClientResponse<unknown, number, string>>(
  pending: Promise<R>,
): Promise<Ok<R>> {
  let res: R;
  try {
    res = await pending;
  } catch {
    throw new ApiProblem(0, 'network', undefined, [], 'network');
  }
  if (res.ok) return (await res.json()) as Ok<R>;
  let body: { title?: string; detail?: string; errors?: FieldError[]; type?: string } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON: keep the status only
  }
  if (res.status === 401) onUnauthorized();
  throw new ApiProblem(res.status, body.title ?? res.statusText, body.detail, body.errors ?? [], body.type);
}

/**
 * A request body checked with the API's own schema first (loaded on demand, off the first load), and
 * typed as its route takes it; a 400 ApiProblem with the same field errors as the API's otherwise.
 */
export async function checked<N extends SchemaName>(name: N, value: unknown): Promise<Parsed<N>> {
  // Its code loaded on demand may find no connection: that is said as such, like a request's.
  const { parse } = await import('../validation.ts').catch(() => {
    throw new ApiProblem(0, 'network', undefined, [], 'network');
  });
  const result = parse(name, value);
  if (!result.ok) throw new ApiProblem(400, 'invalid', undefined, result.errors);
  return result.data;
}

/** The absolute address of an API path, for links (downloads) rather than fetches. */
export const apiUrl = (path: string): string => `${import.meta.env.VITE_API_BASE || ''}${path}`;
