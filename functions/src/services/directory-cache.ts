/**
 * What a warm process keeps of the directory between requests, so that a request does not pay for it
 * besides its own record: whether a user is admitted (the sign-in's read), the users of a city and of an
 * organisation (who hears of an event or a message), and an organisation's city and name (the tenancy
 * check, the funders' names on a list).
 *
 * The bounds, and why they are safe enough:
 * - In this process the cache is exact: every write of a user or an organisation through the store is
 *   announced (store/directory-writes.ts) and drops what it changed before the write's caller goes on, and
 *   a read that was under way while something was dropped is not kept. So a disabled user is refused from
 *   their next request here, as before.
 * - Another warm instance (a second Lambda) learns of a change only when its entry expires: a disabled
 *   user keeps access there for at most ADMISSION_MS (15 s); an officer added now gets the notices of
 *   events sent through another instance within AUDIENCE_MS (15 s); a renamed organisation shows its
 *   old name there for at most ORGANISATION_MS (5 minutes). docs/reliability.md says the same.
 * - Only an active user's admission is kept: a disabled or invited user is read again on every request
 *   (an invited user's first request activates them).
 */
import type { Organisation, User } from '#domain/types';
import { type DirectoryWrite, onDirectoryWrite } from '#store/directory-writes';
import type { Store } from '#store/store';
import { Expiring } from './expiring.ts';

export const ADMISSION_MS = 15_000;
export const AUDIENCE_MS = 15_000;
export const ORGANISATION_MS = 5 * 60_000;
/** What is kept of an organisation: it never moves city; its name may change. */
export type KnownOrganisation = Pick<Organisation, 'id' | 'cityId' | 'name' | 'kind'>;

export class DirectoryCache {
  readonly #admitted: Expiring<true>;
  readonly #cityUsers: Expiring<readonly User[]>;
  readonly #organisationUsers: Expiring<readonly User[]>;
  readonly #organisations: Expiring<KnownOrganisation>;
  /** Counts what was dropped: a read begun before a drop is not kept, it may hold what was dropped. */
  #generation = 0;

  constructor(now: () => number = Date.now) {
    this.#admitted = new Expiring(ADMISSION_MS, now);
    this.#cityUsers = new Expiring(AUDIENCE_MS, now);
    this.#organisationUsers = new Expiring(AUDIENCE_MS, now);
    this.#organisations = new Expiring(ORGANISATION_MS, now);
  }

  /** Drops what a write of the directory changed. */
  forget(w: DirectoryWrite): void {
    this.#generation++;
    if (w.kind === 'user') {
      this.#admitted.delete(w.userId);
      this.#cityUsers.delete(w.cityId);
      this.#organisationUsers.delete(w.organisationId);
    } else this.#organisations.delete(w.organisationId);
  }

  /**
   * Whether the user is known to be admitted; otherwise `check` reads their state (and may write it: an
   * invited user's first request activates them) and says whether they are active, which is then kept.
   */
  async admitted(userId: string, check: () => Promise<'active' | boolean>): Promise<boolean> {
    if (this.#admitted.get(userId)) return true;
    const generation = this.#generation;
    const answer = await check();
    if (answer === 'active' && generation === this.#generation) this.#admitted.set(userId, true);
    return answer !== false;
  }

  usersOfCity(cityId: string, load: () => Promise<readonly User[]>): Promise<readonly User[]> {
    return this.#remember(this.#cityUsers, cityId, load);
  }

  usersOfOrganisation(orgId: string, load: () => Promise<readonly User[]>): Promise<readonly User[]> {
    return this.#remember(this.#organisationUsers, orgId, load);
  }

  /**
   * The organisations of `ids` that exist, reading only those not kept (`load` gets the missing ids);
   * an unknown id is not kept, so an organisation created a moment later is found.
   */
  async organisations(
    ids: readonly string[],
    load: (missing: string[]) => Promise<readonly KnownOrganisation[]>,
  ): Promise<Map<string, KnownOrganisation>> {
    const found = new Map<string, KnownOrganisation>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.#organisations.get(id);
      if (hit) found.set(id, hit);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const generation = this.#generation;
    for (const o of await load(missing)) {
      const kept: KnownOrganisation = { id: o.id, cityId: o.cityId, name: o.name, kind: o.kind };
      if (generation === this.#generation) this.#organisations.set(o.id, kept);
      found.set(o.id, kept);
    }
    return found;
  }

  async #remember<V>(map: Expiring<V>, key: string, load: () => Promise<V>): Promise<V> {
    const hit = map.get(key);
    if (hit !== undefined) return hit;
    const generation = this.#generation;
    const value = await load();
    if (generation === this.#generation) map.set(key, value);
    return value;
  }
}

const caches = new WeakMap<Store, DirectoryCache>();

/** The cache of this store's directory in this process, told of every write of it through the store. */
export function directoryCache(store: Store): DirectoryCache {
  let cache = caches.get(store);
  if (!cache) {
    const made = new DirectoryCache();
    onDirectoryWrite(store, (w) => made.forget(w));
    caches.set(store, made);
    cache = made;
  }
  return cache;
}

/** The users of a city, kept for AUDIENCE_MS. */
export function usersOfCity(store: Store, cityId: string): Promise<readonly User[]> {
  return directoryCache(store).usersOfCity(cityId, () => store.listUsersOfCity(cityId));
}

/** The users of an organisation, kept for AUDIENCE_MS. */
export function usersOfOrganisation(store: Store, orgId: string): Promise<readonly User[]> {
  return directoryCache(store).usersOfOrganisation(orgId, () => store.listUsersOfOrganisation(orgId));
}

/** Organisations by id (one BatchGet of those not kept; unknown ids are left out), kept for ORGANISATION_MS. */
export function knownOrganisations(
  store: Store,
  ids: readonly string[],
): Promise<Map<string, KnownOrganisation>> {
  return directoryCache(store).organisations(ids, async (missing) => {
    if (missing.length > 1) return store.getOrganisations(missing);
    const one = missing[0] === undefined ? undefined : await store.getOrganisation(missing[0]);
    return one ? [one] : [];
  });
}
