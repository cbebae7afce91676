import { describe, expect, it } from 'vitest';
import type { User } from '#domain/types';
import { createVerifier, LOCAL_AUDIENCE, LOCAL_ISSUER, signLocalToken } from '../auth.ts';
import { rememberVerified } from './verified-tokens.ts';

const config = {
  mode: 'local' as const,
  secret: new Uint8Array(32).fill(7),
  issuer: LOCAL_ISSUER,
  audience: LOCAL_AUDIENCE,
};
const user: User = {
  id: 'u-officer-sfax',
  cityId: 'sfax',
  roles: ['city_officer'],
  email: 'officer@sfax.demo',
  name: 'Officer',
  language: 'fr',
};

describe('a token checked once per process', () => {
  it('is checked on its first request only, and refused again once it has expired', async () => {
    // Prepare: a verifier that counts its checks and, as jose does, refuses a token once the clock is
    // at its expiry; a token valid for one hour
    let checks = 0;
    const real = createVerifier(config);
    let clock = Date.now();
    const issued = Math.floor(clock / 1000);
    const verify = rememberVerified(
      async (t) => {
        checks++;
        if (clock / 1000 >= issued + 3600) throw new Error('"exp" claim timestamp check failed');
        return real(t);
      },
      () => clock,
    );
    const token = await signLocalToken(config, user, new Date(clock), 3600);

    // Act
    const first = await verify(token);
    const second = await verify(token);
    const checksWhileValid = checks;
    clock += 3601_000;
    const late = verify(token);

    // Assess
    expect(first).toEqual({
      userId: 'u-officer-sfax',
      cityId: 'sfax',
      organisationId: undefined,
      roles: ['city_officer'],
    });
    expect(second).toEqual(first);
    expect(checksWhileValid).toBe(1);
    await expect(late).rejects.toThrow();
    expect(checks).toBe(2);
  });

  it('never keeps a token that failed its check', async () => {
    // Prepare: a token signed with another key
    const verify = rememberVerified(createVerifier(config));
    const forged = await signLocalToken({ ...config, secret: new Uint8Array(32).fill(9) }, user, new Date());

    // Act and assess: refused each time
    await expect(verify(forged)).rejects.toThrow();
    await expect(verify(forged)).rejects.toThrow();
  });
});
