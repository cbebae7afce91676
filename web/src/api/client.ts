/**
 * The typed client: Hono's `hc` over the route groups of the API (type-only imports of the server's
 * routes), so paths, parameters and request bodies are checked by the compiler against the server.
 * Errors come back as problem+json and are thrown as ApiProblem, with field errors by path.
 */
import { hc } from 'hono/client';
import type { devAuthRoutes } from '../../../functions/src/http/auth/routes.ts';
import type { grantRoutes } from '../../../functions/src/http/grants/routes.ts';
import type { milestoneRoutes } from '../../../functions/src/http/milestones/routes.ts';
import type { miscRoutes } from '../../../functions/src/http/misc/routes.ts';
import type { notificationRoutes } from '../../../functions/src/http/notifications/routes.ts';
import type { partnershipRoutes } from '../../../functions/src/http/partnerships/routes.ts';
import type { publicRoutes } from '../../../functions/src/http/public/routes.ts';

const TOKEN_KEY = 'passerelle.token';
const base = import.meta.env.VITE_API_BASE || location.origin;

let token: string | null = readToken();
function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
export const getToken = (): string | null => token;
export function setToken(next: string | null): void {
  token = next;
  try {
    if (next) localStorage.setItem(TOKEN_KEY, next);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // kept in memory only
  }
}

const options = {
  headers: (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {}),
};

export const api = {
  grants: hc<typeof grantRoutes>(base, options),
  partnerships: hc<typeof partnershipRoutes>(base, options),
  milestones: hc<typeof milestoneRoutes>(base, options),
  misc: hc<typeof miscRoutes>(base, options),
  /** In-app notifications, and the payment of a grant's tranche. */
  notifications: hc<typeof notificationRoutes>(base, options),
  /** The public register and the 360Giving downloads (no sign-in). */
  public: hc<typeof publicRoutes>(base, options),
  auth: hc<ReturnType<typeof devAuthRoutes>>(base, options),
};

export interface FieldError {
  readonly path: string;
  readonly message: string;
  readonly rule?: string;
}

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

/** Awaits a response: its JSON body when it is OK, an ApiProblem otherwise. */
export async function read<T>(pending: Promise<Response>): Promise<T> {
  let res: Response;
  try {
    res = await pending;
  } catch {
    throw new ApiProblem(0, 'network', undefined, [], 'network');
  }
  if (res.ok) return (await res.json()) as T;
  let body: { title?: string; detail?: string; errors?: FieldError[]; type?: string } = {};
  try {
    body = await res.json();
  } catch {
    // not JSON: keep the status only
  }
  if (res.status === 401) onUnauthorized();
  throw new ApiProblem(res.status, body.title ?? res.statusText, body.detail, body.errors ?? [], body.type);
}

/** The absolute address of an API path, for links (downloads) rather than fetches. */
export const apiUrl = (path: string): string => `${import.meta.env.VITE_API_BASE || ''}${path}`;

/** A plain GET for routes not yet in the typed groups (public register, milestone list filters). */
export function getJson<T>(path: string): Promise<T> {
  return read<T>(fetch(`${base}${path}`, { headers: options.headers() }));
}
