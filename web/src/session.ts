/** The signed-in user and the sign-in mode, shared by every page. */
import { useEffect, useState } from 'preact/hooks';
import { api, getToken, read, setToken, setUnauthorizedHandler } from './api/client.ts';
import type { AuthConfig, Me } from './api/types.ts';
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
  } catch {
    setToken(null);
    state = { status: 'signed-out' };
  }
  emit();
}

export async function signInWithToken(token: string): Promise<void> {
  setToken(token);
  state = { status: 'loading' };
  emit();
  await loadMe();
}

/** Signs out by choice: the next person to sign in on this device starts at the home page. */
export function signOut(): void {
  forgetAskedAddress();
  endSession();
}

function endSession(): void {
  setToken(null);
  navigate('/sign-in');
  state = { status: 'signed-out' };
  emit();
}

// A session that ran out mid-way: signing in again leads back to the page the user was on.
setUnauthorizedHandler(() => {
  if (state.status !== 'signed-in') return;
  rememberAskedAddress();
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

let config: Promise<AuthConfig> | undefined;
export function authConfig(): Promise<AuthConfig> {
  config ??= fetch(`${import.meta.env.VITE_API_BASE || ''}/auth/config`)
    .then((r) => (r.ok ? (r.json() as Promise<AuthConfig>) : { mode: 'local' as const }))
    .catch(() => ({ mode: 'local' as const }));
  return config;
}

/** Cognito's hosted sign-in (implicit flow: the ID token comes back in the URL fragment). */
export function cognitoSignInUrl(c: Extract<AuthConfig, { mode: 'cognito' }>): string {
  const domain = c.domain?.includes('.') ? c.domain : `${c.domain}.auth.${c.region}.amazoncognito.com`;
  const q = new URLSearchParams({
    client_id: c.clientId ?? '',
    response_type: 'token',
    scope: 'openid email profile',
    redirect_uri: `${location.origin}/sign-in`,
  });
  return `https://${domain}/login?${q}`;
}

/** The ID token in `#id_token=…` after Cognito's redirect, if any. */
export function tokenFromFragment(): string | null {
  const h = new URLSearchParams(location.hash.slice(1));
  return h.get('id_token');
}
