/**
 * Sign-in with Cognito's managed login: the OAuth 2.0 authorisation-code flow with PKCE (RFC 7636),
 * `state` against a forged return and `nonce` against a replayed ID token. The pure parts (addresses,
 * challenge, checks) are here, apart from the page and the session, so that they can be tested alone.
 */
import type { AuthConfig } from './api/types.ts';

export type CognitoConfig = Extract<AuthConfig, { mode: 'cognito' }>;

/** What the browser keeps between leaving for the managed login and coming back. */
export interface PendingSignIn {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

/** The tokens of the token endpoint's answer (the refresh token only on the code exchange). */
export interface Tokens {
  readonly idToken: string;
  readonly refreshToken?: string;
}

export const base64url = (bytes: Uint8Array): string => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/** 32 random bytes, base64url: 43 characters, within PKCE's 43–128 for a verifier. */
export const randomToken = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The managed login's host: a custom domain as it is, a Cognito prefix in its region. */
export const loginHost = (c: CognitoConfig): string =>
  c.domain?.includes('.') ? c.domain : `${c.domain}.auth.${c.region}.amazoncognito.com`;

export const redirectUri = (origin: string): string => `${origin}/sign-in`;

export function authorizeUrl(
  c: CognitoConfig,
  origin: string,
  pending: Pick<PendingSignIn, 'state' | 'nonce'>,
  challenge: string,
): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: c.clientId ?? '',
    redirect_uri: redirectUri(origin),
    scope: 'openid email profile',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `https://${loginHost(c)}/oauth2/authorize?${q}`;
}

/** Cognito's sign-out, which ends its own session too and comes back to our sign-in page. */
export function logoutUrl(c: CognitoConfig, origin: string): string {
  const q = new URLSearchParams({ client_id: c.clientId ?? '', logout_uri: redirectUri(origin) });
  return `https://${loginHost(c)}/logout?${q}`;
}

export const tokenUrl = (c: CognitoConfig): string => `https://${loginHost(c)}/oauth2/token`;

/** The form body that exchanges the returned code, with the verifier only this tab knows. */
export const codeExchange = (c: CognitoConfig, origin: string, code: string, verifier: string) =>
  new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: c.clientId ?? '',
    code,
    redirect_uri: redirectUri(origin),
    code_verifier: verifier,
  });

export const refreshExchange = (c: CognitoConfig, refreshToken: string) =>
  new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: c.clientId ?? '',
    refresh_token: refreshToken,
  });

export type ReturnCheck =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly reason: 'denied' | 'state' | 'missing' };

/**
 * The query of the return to `/sign-in`: the code, when the `state` is the one this tab sent (another
 * site's link cannot sign the visitor in as someone else).
 */
export function checkReturn(search: string, pending: PendingSignIn | null): ReturnCheck {
  const q = new URLSearchParams(search);
  if (q.has('error')) return { ok: false, reason: 'denied' };
  const code = q.get('code');
  if (!code || !pending) return { ok: false, reason: 'missing' };
  if (q.get('state') !== pending.state) return { ok: false, reason: 'state' };
  return { ok: true, code };
}

/** The claims of a JWT, read without checking its signature (the API checks it). */
export function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) return {};
  try {
    const bytes = Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The ID token was issued for this sign-in: its `nonce` claim is the one this tab sent. */
export const nonceMatches = (idToken: string, nonce: string): boolean => claimsOf(idToken).nonce === nonce;

/** When a token expires, in milliseconds since the epoch (undefined when it does not say). */
export function expiresAt(jwt: string): number | undefined {
  const exp = claimsOf(jwt).exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}
