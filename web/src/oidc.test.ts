import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  type CognitoConfig,
  checkReturn,
  codeChallenge,
  codeExchange,
  expiresAt,
  logoutUrl,
  nonceMatches,
  randomToken,
} from './oidc.ts';

const config: CognitoConfig = {
  mode: 'cognito',
  region: 'eu-west-3',
  userPoolId: 'eu-west-3_abc',
  clientId: 'client123',
  domain: 'passerelle-sfax',
};
const origin = 'https://app.example.org';
/** An unsigned JWT with these claims (the browser never checks signatures; the API does). */
const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('signing in with PKCE, state and nonce', () => {
  it('derives the S256 challenge of RFC 7636 appendix B from its verifier', async () => {
    // Act
    const challenge = await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    // Assess
    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh, URL-safe verifier of PKCE’s length each time', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
  });

  it('asks the managed login for a code, with the challenge, state and nonce, back to /sign-in', () => {
    // Act
    const url = new URL(authorizeUrl(config, origin, { state: 's1', nonce: 'n1' }, 'ch1'));
    // Assess
    expect(url.origin + url.pathname).toBe(
      'https://passerelle-sfax.auth.eu-west-3.amazoncognito.com/oauth2/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://app.example.org/sign-in',
      scope: 'openid email profile',
      state: 's1',
      nonce: 'n1',
      code_challenge: 'ch1',
      code_challenge_method: 'S256',
    });
  });

  it('uses a custom sign-in domain as it is', () => {
    const url = new URL(
      authorizeUrl({ ...config, domain: 'login.sfax.example' }, origin, { state: 's', nonce: 'n' }, 'c'),
    );
    expect(url.host).toBe('login.sfax.example');
  });

  it('signs out of the managed login too, back to the sign-in page', () => {
    const url = new URL(logoutUrl(config, origin));
    expect(url.origin + url.pathname).toBe('https://passerelle-sfax.auth.eu-west-3.amazoncognito.com/logout');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client123',
      logout_uri: 'https://app.example.org/sign-in',
    });
  });

  it('exchanges the code with the verifier and the same redirect address', () => {
    expect(Object.fromEntries(codeExchange(config, origin, 'code1', 'v1'))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'code1',
      redirect_uri: 'https://app.example.org/sign-in',
      code_verifier: 'v1',
    });
  });

  it('takes the code only when the state is the one this tab sent', () => {
    // Prepare
    const pending = { verifier: 'v', state: 'good', nonce: 'n' };
    // Act, Assess
    expect(checkReturn('?code=c1&state=good', pending)).toEqual({ ok: true, code: 'c1' });
    expect(checkReturn('?code=c1&state=forged', pending)).toEqual({ ok: false, reason: 'state' });
    expect(checkReturn('?code=c1&state=good', null)).toEqual({ ok: false, reason: 'missing' });
    expect(checkReturn('?error=access_denied&state=good', pending)).toEqual({ ok: false, reason: 'denied' });
  });

  it('accepts an ID token only with the nonce this tab sent, and reads its expiry', () => {
    const token = jwt({ nonce: 'n1', exp: 1_900_000_000, name: 'ليلى' });
    expect(nonceMatches(token, 'n1')).toBe(true);
    expect(nonceMatches(token, 'n2')).toBe(false);
    expect(nonceMatches(jwt({ exp: 1 }), 'n1')).toBe(false);
    expect(nonceMatches('not a token', 'n1')).toBe(false);
    expect(expiresAt(token)).toBe(1_900_000_000_000);
  });
});
