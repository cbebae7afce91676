/** The signed-in user and the sign-in mode, shared by every page. */
import { useEffect, useState } from 'preact/hooks';
import {
  ApiProblem,
  api,
  bootFetch,
  getToken,
  read,
  setToken,
  setUnauthorizedHandler,
} from './api/client.ts';
import type { AuthConfig, Me } from './api/types.ts';
import { clearDeviceData } from './offline.tsx';
import {
  authorizeUrl,
  type CognitoConfig,
  checkReturn,
  codeChallenge,
  codeExchange,
  expiresAt,
  logoutUrl,
  nonceMatches,
  type PendingSignIn,
  randomToken,
  refreshExchange,
  type Tokens,
  tokenUrl,
} from './oidc.ts';
import { forgetAskedAddress, navigate, rememberAskedAddress } from './router.ts';

type State = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; me: Me };

let state: State = getToken() ? { status: 'loading' } : { status: 'signed-out' };
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

export async function loadMe(): Promise<void> {
  if (!getToken()) {
    state = { status: 'signed-out' };
    emit();
    return;
  }
  try {
    const me = await read(api.v1.me.$get());
    state = { status: 'signed-in', me };
    rememberMe(me);
    watchExpiry();
  } catch (e) {
    // Without a connection the session goes on (a draft typed offline stays reachable), as last known
    // in this tab; a refusal by the server ends it.
    const known = e instanceof ApiProblem && e.status === 0 ? knownMe() : null;
    if (known) state = { status: 'signed-in', me: known };
    else {
      setToken(null);
      state = { status: 'signed-out' };
    }
  }
  emit();
}

/** Who is signed in, kept in this tab only (like the token), for a reload without a connection. */
const ME_KEY = 'passerelle.me';
function rememberMe(me: Me): void {
  try {
    sessionStorage.setItem(ME_KEY, JSON.stringify(me));
  } catch {
    // not kept: a reload offline will ask to sign in
  }
}
function knownMe(): Me | null {
  try {
    return JSON.parse(sessionStorage.getItem(ME_KEY) ?? 'null') as Me | null;
  } catch {
    return null;
  }
}

export async function signInWithToken(token: string): Promise<void> {
  setToken(token);
  state = { status: 'loading' };
  emit();
  await loadMe();
}

/**
 * Signs out by choice: the next person to sign in on this device starts at the home page. Deployed, the
 * managed login's own session ends too, else its cookie would sign the next person in as this one.
 */
export async function signOut(): Promise<void> {
  forgetAskedAddress();
  endSession();
  // A shared phone keeps nothing of this user: drafts and details go with the session.
  clearDeviceData();
  const c = await authConfig();
  if (c.mode === 'cognito') location.assign(logoutUrl(c, location.origin));
}

function endSession(): void {
  setToken(null);
  try {
    sessionStorage.removeItem(ME_KEY);
  } catch {
    // nothing kept
  }
  refreshToken = null;
  clearTimeout(renewal);
  clearTimeout(warningTimer);
  setWarning(false);
  navigate('/sign-in');
  state = { status: 'signed-out' };
  emit();
}

// A session that ran out mid-way: signing in again leads back to the page the user was on.
setUnauthorizedHandler(() => {
  if (state.status !== 'signed-in') return;
  rememberAskedAddress();
  // The sign-in page says why the user is there, and that what they were typing is kept.
  sessionStorage.setItem(SIGNED_OUT_KEY, 'expired');
  endSession();
});

export function useSession(): State {
  const [s, set] = useState(state);
  useEffect(() => {
    const l = () => set(state);
    listeners.add(l);
    l();
    return () => {
      listeners.delete(l);
    };
  }, []);
  return s;
}

export const hasRole = (me: Me, role: string): boolean => me.roles.includes(role);

/** Who is signed in now, if anyone: what is kept on the device while typing is kept per person. */
export const signedInUserId = (): string | undefined =>
  state.status === 'signed-in' ? state.me.id : undefined;

let config: Promise<AuthConfig> | undefined;
/** Where the boot script finds how this site signs in, learned at the last visit (web/vite.config.ts). */
const AUTH_MODE_KEY = 'passerelle.authMode';

export function authConfig(): Promise<AuthConfig> {
  config ??= bootFetch(`${import.meta.env.VITE_API_BASE || ''}/auth/config`)
    .then((r) => (r.ok ? (r.json() as Promise<AuthConfig>) : { mode: 'local' as const }))
    .then((c) => {
      // The next visit's boot script then asks for the demo users beside the configuration, not after it.
      try {
        localStorage.setItem(AUTH_MODE_KEY, c.mode);
      } catch {}
      return c;
    })
    .catch(() => ({ mode: 'local' as const }));
  return config;
}

const PENDING_KEY = 'passerelle.signIn';

/**
 * Leaves for the managed login: a fresh PKCE verifier, `state` and `nonce`, kept in this tab's
 * sessionStorage for the return (the verifier never leaves the browser until the code is exchanged).
 */
export async function startCognitoSignIn(c: CognitoConfig): Promise<void> {
  const pending: PendingSignIn = { verifier: randomToken(), state: randomToken(), nonce: randomToken() };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(authorizeUrl(c, location.origin, pending, await codeChallenge(pending.verifier)));
}

function takePending(): PendingSignIn | null {
  try {
    const raw = sessionStorage.getItem(PENDING_KEY);
    sessionStorage.removeItem(PENDING_KEY);
    return raw ? (JSON.parse(raw) as PendingSignIn) : null;
  } catch {
    return null;
  }
}

export class SignInFailed extends Error {}

/** Whether the address is a return from the managed login (`?code=…` or `?error=…`). */
export const isCognitoReturn = (search: string): boolean => /[?&](code|error)=/.test(search);

/**
 * Back from the managed login: checks `state`, exchanges the code with the verifier, checks the ID
 * token's `nonce`, then signs in and keeps the refresh token (in memory only) to renew before expiry.
 */
export async function finishCognitoSignIn(c: CognitoConfig, search: string): Promise<void> {
  const pending = takePending();
  const back = checkReturn(search, pending);
  if (!back.ok || !pending) throw new SignInFailed(back.ok ? 'missing' : back.reason);
  const tokens = await exchange(c, codeExchange(c, location.origin, back.code, pending.verifier));
  if (!nonceMatches(tokens.idToken, pending.nonce)) throw new SignInFailed('nonce');
  refreshToken = tokens.refreshToken ?? null;
  await signInWithToken(tokens.idToken);
  scheduleRenewal(c);
}

async function exchange(c: CognitoConfig, body: URLSearchParams): Promise<Tokens> {
  const res = await fetch(tokenUrl(c), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  if (!res.ok) throw new SignInFailed('exchange');
  const json = (await res.json()) as { id_token?: string; refresh_token?: string };
  if (!json.id_token) throw new SignInFailed('exchange');
  return { idToken: json.id_token, ...(json.refresh_token ? { refreshToken: json.refresh_token } : {}) };
}

/*
 * The refresh token is kept in memory only: it lives for days, so it is not left in storage where a
 * script could read it after this page is gone; a reload keeps the ID token until it expires.
 */
let refreshToken: string | null = null;
let renewal: ReturnType<typeof setTimeout> | undefined;
/** How long before the ID token expires it is renewed. */
const RENEW_AHEAD_MS = 5 * 60_000;

function scheduleRenewal(c: CognitoConfig): void {
  clearTimeout(renewal);
  const token = getToken();
  const exp = token ? expiresAt(token) : undefined;
  if (!refreshToken || exp === undefined) return;
  renewal = setTimeout(
    () => {
      const current = refreshToken;
      if (!current) return;
      exchange(c, refreshExchange(c, current))
        .then((t) => {
          setToken(t.idToken);
          scheduleRenewal(c);
          watchExpiry();
        })
        // A refused renewal leaves the token to expire: the next 401 asks the user to sign in again.
        .catch(() => undefined);
    },
    Math.max(0, exp - Date.now() - RENEW_AHEAD_MS),
  );
}

// ------------------------------------------------------------------ the warning before the session ends

const SIGNED_OUT_KEY = 'passerelle.signedOut';
/** How long before the token lapses the user is warned: time to read, and to choose to stay. */
export const WARN_AHEAD_MS = 2 * 60_000;
let warning = false;
let warningTimer: ReturnType<typeof setTimeout> | undefined;
const warningListeners = new Set<(on: boolean) => void>();

function setWarning(on: boolean): void {
  warning = on;
  for (const l of warningListeners) l(on);
}

/** Warns before the token lapses, unless a renewal replaces it first (the warning is then reset). */
function watchExpiry(): void {
  clearTimeout(warningTimer);
  setWarning(false);
  const token = getToken();
  const exp = token ? expiresAt(token) : undefined;
  if (exp === undefined) return;
  warningTimer = setTimeout(() => setWarning(true), Math.max(0, exp - Date.now() - WARN_AHEAD_MS));
}

/** Whether the session is about to end (for the warning shown on every page). */
export function useExpiryWarning(): boolean {
  const [on, set] = useState(warning);
  useEffect(() => {
    warningListeners.add(set);
    set(warning);
    return () => {
      warningListeners.delete(set);
    };
  }, []);
  return on;
}

/**
 * Keeps the user signed in without leaving the page, so nothing typed is lost: a renewal with the
 * refresh token (deployed), or a new local token for the same person (locally). Deployed without a
 * refresh token (after a reload) the managed login is visited and leads back to this page; the wizard
 * and the report keep their drafts on this device meanwhile.
 */
export async function staySignedIn(): Promise<void> {
  const c = await authConfig();
  if (c.mode === 'cognito') {
    if (refreshToken) {
      const tokens = await exchange(c, refreshExchange(c, refreshToken));
      setToken(tokens.idToken);
      scheduleRenewal(c);
    } else {
      rememberAskedAddress();
      await startCognitoSignIn(c);
      return;
    }
  } else if (state.status === 'signed-in') {
    const { token } = await read(api.auth['dev-login'].$post({ json: { email: state.me.email } }));
    setToken(token);
  }
  watchExpiry();
}

/** Why the user was signed out ("expired"), once: the sign-in page says it. */
export function takeSignedOutReason(): string | null {
  const reason = sessionStorage.getItem(SIGNED_OUT_KEY);
  sessionStorage.removeItem(SIGNED_OUT_KEY);
  return reason;
}
