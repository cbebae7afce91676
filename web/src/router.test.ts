/**
 * The address a signed-out visitor asked for is opened once they have signed in. It is read back from
 * sessionStorage, which a page script or an earlier visit may have filled: it must only ever lead to a
 * page of this site, and only once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A tab's sessionStorage and address, as the browser gives them. */
function browserTab(path: string) {
  const store = new Map<string, string>();
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
    removeItem: (k: string) => store.delete(k),
  });
  const url = new URL(path, 'https://passerelle.example');
  vi.stubGlobal('location', { pathname: url.pathname, search: url.search });
  return store;
}

const router = () => import('./router.ts');

describe('the address asked for before signing in', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is the path and query of the page asked for, opened once', async () => {
    // Prepare
    browserTab('/grants/g_123?from=reminder');
    const { rememberAskedAddress, takeAskedAddress } = await router();

    // Act
    rememberAskedAddress();
    const first = takeAskedAddress();
    const second = takeAskedAddress();

    // Assess
    expect([first, second]).toEqual(['/grants/g_123?from=reminder', '/']);
  });

  it('is forgotten when the user signs out by choice', async () => {
    // Prepare
    browserTab('/queue');
    const { forgetAskedAddress, rememberAskedAddress, takeAskedAddress } = await router();
    rememberAskedAddress();

    // Act
    forgetAskedAddress();

    // Assess
    expect(takeAskedAddress()).toBe('/');
  });

  it.each(['//evil.example/grants', '/\\evil.example', 'https://evil.example/', '/sign-in?x=1'])(
    'never leads to %s: the home page instead',
    async (planted) => {
      // Prepare: an address put in the tab's storage by something else
      const store = browserTab('/');
      store.set('passerelle.asked', planted);
      const { takeAskedAddress } = await router();

      // Act
      const to = takeAskedAddress();

      // Assess
      expect(to).toBe('/');
    },
  );
});
