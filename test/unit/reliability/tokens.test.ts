/** Local token verification: only tokens signed with the local key, for this issuer and audience, pass. */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cachedOrganisationCity,
  createVerifier,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  signLocalToken,
} from '#http/auth';
import { recordFigures } from '../../e2e/reliability/figures.ts';

const config = {
  mode: 'local' as const,
  secret: randomBytes(32),
  issuer: LOCAL_ISSUER,
  audience: LOCAL_AUDIENCE,
};
const user = {
  id: 'u-1',
  email: 'a@b.c',
  name: 'A',
  cityId: 'sfax',
  roles: ['cso' as const],
  language: 'en' as const,
  organisationId: 'amal-sfax',
};

describe('local tokens', () => {
  it('accepts its own token, and no random or altered one', async () => {
    const verify = createVerifier(config);
    const good = await signLocalToken(config, user, new Date());
    await expect(verify(good)).resolves.toMatchObject({
      userId: 'u-1',
      cityId: 'sfax',
      organisationId: 'amal-sfax',
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          // Not the last character: of the signature's 43 base64url characters, the last carries 2 bits
          // no byte uses, so some changes to it decode to the very same signature (the same token).
          fc
            .tuple(fc.nat({ max: good.length - 2 }), fc.constantFrom('A', 'b', '-', '_', '0'))
            .map(([i, ch]) =>
              good[i] === ch || good[i] === '.' ? `${good}x` : `${good.slice(0, i)}${ch}${good.slice(i + 1)}`,
            ),
        ),
        async (token) => {
          await expect(verify(token)).rejects.toThrow();
        },
      ),
      { numRuns: 300 },
    );
    recordFigures('unit', 'tokenProperty', { runs: 300 });
  });

  it('rejects a token once it has expired', async () => {
    const verify = createVerifier(config);
    const old = await signLocalToken(config, user, new Date(Date.now() - 13 * 3600_000));
    await expect(verify(old)).rejects.toThrow();
  });

  it("keeps an organisation's city for a while, and looks it up again after", async () => {
    let now = 0;
    let loads = 0;
    const cityOf = cachedOrganisationCity(
      async (id) => {
        loads++;
        return id === 'amal-sfax' ? { cityId: 'sfax' } : undefined;
      },
      1_000,
      () => now,
    );
    expect(await cityOf('amal-sfax')).toBe('sfax');
    expect(await cityOf('amal-sfax')).toBe('sfax');
    expect(await cityOf('nobody')).toBeUndefined();
    expect(loads).toBe(2);
    now = 2_000;
    await cityOf('amal-sfax');
    expect(loads).toBe(3);
  });
});
