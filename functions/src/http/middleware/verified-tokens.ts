/**
 * A token checked once per process, not on every request: a bearer token is the same string on each of a
 * user's requests until it expires, and checking its signature (jose, with an HMAC locally or RSA for
 * Cognito) was about 7 % of the API's CPU per request in the profile of GET /v1/grants/{id}
 * (bench/findings.md). Only a token that passed the check is kept, under its whole text, and only until its
 * `exp`: a forged, altered or expired token is checked (and refused) as before. Whether the user may still
 * sign in is not decided here: the admission check after it still runs on every request.
 */
import type { Actor } from '#domain/types';
import type { Verifier } from '../auth.ts';

/** Tokens kept at most; beyond, the oldest go first. */
const MAX_TOKENS = 1_000;

/** The expiry (`exp`, in seconds) of a token that has just been verified, read from its payload. */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}

export function rememberVerified(verify: Verifier, now: () => number = Date.now): Verifier {
  const verified = new Map<string, { actor: Actor; exp: number }>();
  return async (token) => {
    const hit = verified.get(token);
    // Expired as jose decides it: no longer valid once the clock reaches `exp`.
    if (hit && now() / 1000 < hit.exp) return hit.actor;
    if (hit) verified.delete(token);
    const actor = await verify(token);
    const exp = expiryOf(token);
    if (exp !== undefined && now() / 1000 < exp) {
      if (verified.size >= MAX_TOKENS) verified.delete(verified.keys().next().value as string);
      verified.set(token, { actor, exp });
    }
    return actor;
  };
}
