/**
 * What a warm process keeps of the directory: read once within its bound, read again once the bound has
 * passed, and dropped at once by a write of what it holds.
 */
import { describe, expect, it } from 'vitest';
import type { User } from '#domain/types';
import { ADMISSION_MS, AUDIENCE_MS, DirectoryCache, ORGANISATION_MS, ROSTER_MS } from './directory-cache.ts';

const officer: User = {
  id: 'u-officer',
  email: 'officer@example.org',
  name: 'Officer',
  cityId: 'sfax',
  roles: ['city_officer'],
  language: 'fr',
};

/** A clock the test moves, and a load that counts its reads. */
function prepare() {
  let t = 1_000_000;
  const cache = new DirectoryCache(() => t);
  return { cache, advance: (ms: number) => (t += ms) };
}

function counted<T>(answer: () => T) {
  const calls = { n: 0 };
  return {
    calls,
    load: async () => {
      calls.n++;
      return answer();
    },
  };
}

describe('the admission of a signed-in user', () => {
  it('is read once for an active user within 15 s, and again after', async () => {
    // Prepare
    const { cache, advance } = prepare();
    const check = counted(() => 'active' as const);
    // Act
    const first = await cache.admitted('u1', check.load);
    advance(ADMISSION_MS - 1);
    const second = await cache.admitted('u1', check.load);
    advance(2);
    const third = await cache.admitted('u1', check.load);
    // Assess
    expect([first, second, third]).toEqual([true, true, true]);
    expect(check.calls.n).toBe(2);
  });

  it('is read on every request for a disabled or an invited user', async () => {
    // Prepare
    const { cache } = prepare();
    const disabled = counted(() => false);
    const invited = counted(() => true);
    // Act
    const refused = [await cache.admitted('d', disabled.load), await cache.admitted('d', disabled.load)];
    await cache.admitted('i', invited.load);
    await cache.admitted('i', invited.load);
    // Assess
    expect(refused).toEqual([false, false]);
    expect(disabled.calls.n).toBe(2);
    expect(invited.calls.n).toBe(2);
  });

  it('is dropped by a write of that user, so a disabling is seen by the next request', async () => {
    // Prepare
    const { cache } = prepare();
    let state: 'active' | false = 'active';
    const check = counted(() => state);
    await cache.admitted('u1', check.load);
    // Act
    state = false;
    cache.forget({ kind: 'user', userId: 'u1', cityId: 'sfax' });
    const after = await cache.admitted('u1', check.load);
    // Assess
    expect(after).toBe(false);
    expect(check.calls.n).toBe(2);
  });

  it('is not kept when the user was written while it was being read', async () => {
    // Prepare: the read answers "active" only after the user was disabled meanwhile
    const { cache } = prepare();
    let calls = 0;
    const check = async () => {
      calls++;
      if (calls === 1) cache.forget({ kind: 'user', userId: 'u1', cityId: 'sfax' });
      return 'active' as const;
    };
    // Act
    await cache.admitted('u1', check);
    await cache.admitted('u1', check);
    // Assess: the second request read the state again
    expect(calls).toBe(2);
  });
});

describe('the audiences of a city and of an organisation', () => {
  const city = (id: string) => ({ kind: 'city' as const, id });
  const org = (id: string) => ({ kind: 'organisation' as const, id });

  it('are read once within 15 s, and again after, when read without a roster', async () => {
    // Prepare
    const { cache, advance } = prepare();
    const sfax = counted(() => ({ users: [officer] }));
    // Act
    await cache.audience(city('sfax'), sfax.load);
    advance(AUDIENCE_MS - 1);
    const kept = await cache.audience(city('sfax'), sfax.load);
    advance(2);
    await cache.audience(city('sfax'), sfax.load);
    // Assess
    expect(kept.users).toEqual([officer]);
    expect(sfax.calls.n).toBe(2);
  });

  it('are kept up to 10 minutes when read with their roster’s version (every use checks it)', async () => {
    // Prepare
    const { cache, advance } = prepare();
    const sfax = counted(() => ({ users: [officer], version: 4 }));
    // Act
    await cache.audience(city('sfax'), sfax.load);
    advance(ROSTER_MS - 1);
    const kept = await cache.audience(city('sfax'), sfax.load);
    advance(2);
    await cache.audience(city('sfax'), sfax.load);
    // Assess
    expect(kept).toEqual({ users: [officer], version: 4 });
    expect(sfax.calls.n).toBe(2);
  });

  it('are dropped by a write of a user of that city or organisation only, or when found out of date', async () => {
    // Prepare
    const { cache } = prepare();
    const sfax = counted(() => ({ users: [officer], version: 1 }));
    const tunis = counted(() => ({ users: [] }));
    const orgA = counted(() => ({ users: [] }));
    const orgB = counted(() => ({ users: [], version: 1 }));
    const readAll = async () => {
      await cache.audience(city('sfax'), sfax.load);
      await cache.audience(city('tunis'), tunis.load);
      await cache.audience(org('org-a'), orgA.load);
      await cache.audience(org('org-b'), orgB.load);
    };
    await readAll();
    // Act: a new member of org-a, in Sfax; then org-b's roster found changed by a transaction
    cache.forget({ kind: 'user', userId: 'u-new', cityId: 'sfax', organisationId: 'org-a' });
    await readAll();
    cache.forgetAudiences([org('org-b')]);
    await readAll();
    // Assess
    expect([sfax.calls.n, tunis.calls.n, orgA.calls.n, orgB.calls.n]).toEqual([2, 1, 2, 2]);
  });
});

describe('the organisations’ names', () => {
  const org = (id: string, name: string) => ({ id, cityId: 'sfax', name, kind: 'funder' as const });

  it('are read once within 5 minutes, only those not kept, and an unknown id is not kept', async () => {
    // Prepare
    const { cache, advance } = prepare();
    const asked: string[][] = [];
    const load = async (missing: string[]) => {
      asked.push(missing);
      return missing.filter((id) => id !== 'unknown').map((id) => org(id, `Name of ${id}`));
    };
    // Act
    await cache.organisations(['f1', 'unknown'], load);
    const second = await cache.organisations(['f1', 'f2', 'unknown'], load);
    advance(ORGANISATION_MS + 1);
    await cache.organisations(['f1'], load);
    // Assess
    expect(asked).toEqual([['f1', 'unknown'], ['f2', 'unknown'], ['f1']]);
    expect(second.get('f1')?.name).toBe('Name of f1');
    expect(second.has('unknown')).toBe(false);
  });

  it('are dropped by a write of the organisation, so a new name shows at once', async () => {
    // Prepare
    const { cache } = prepare();
    let name = 'Old name';
    const load = async (missing: string[]) => missing.map((id) => org(id, name));
    await cache.organisations(['f1'], load);
    // Act
    name = 'New name';
    cache.forget({ kind: 'organisation', organisationId: 'f1' });
    const after = await cache.organisations(['f1'], load);
    // Assess
    expect(after.get('f1')?.name).toBe('New name');
  });
});
