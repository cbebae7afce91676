/**
 * What a warm process keeps of the directory between requests, so that a request does not pay for it
 * besides its own record: whether a user is admitted (the sign-in's read), the audiences of a city and of
 * an organisation (who hears of an event or a message), and an organisation's city and name (the tenancy
 * check, the funders' names on a list).
 *
 * The bounds, and why they are safe enough:
 * - In this process the cache is exact: every write of a user or an organisation through the store is
 *   announced (store/directory-writes.ts) and drops what it changed before the write's caller goes on, and
 *   a read that was under way while something was dropped is not kept. So a disabled user is refused from
 *   their next request here, as before.
 * - An audience read from a complete roster (store/rosters.ts) is kept with the roster's version for up
 *   to ROSTER_MS (10 minutes, a backstop for memory): the transaction of each event or message that tells
 *   it checks that version, and is rebuilt from a fresh read when another instance changed the roster
 *   (Hearing, below). So it is exact on every instance. An audience without a complete roster (a table
 *   older than rosters) is read from the index and kept for AUDIENCE_MS (15 s), unchecked, as before.
 * - Another warm instance (a second Lambda) learns of other changes only when its entry expires: a disabled
 *   user keeps access there for at most ADMISSION_MS (15 s); a renamed organisation shows its old name
 *   there for at most ORGANISATION_MS (5 minutes). docs/reliability.md says the same.
 * - Only an active user's admission is kept: a disabled or invited user is read again on every request
 *   (an invited user's first request activates them).
 */
import type { Organisation, User } from '#domain/types';
import { type DirectoryWrite, onDirectoryWrite } from '#store/directory-writes';
import { VersionConflictError } from '#store/errors';
import { getRoster, type RosterOwner, rosterName } from '#store/rosters';
import type { Store, Write } from '#store/store';
import { CHECK_ROSTER } from '#store/transaction';
import { getUsersNow } from '#store/users';
import { Expiring } from './expiring.ts';

export const ADMISSION_MS = 15_000;
/** An audience without a complete roster, unchecked. */
export const AUDIENCE_MS = 15_000;
/** An audience read from a complete roster, checked by every transaction that tells it. */
export const ROSTER_MS = 10 * 60_000;
export const ORGANISATION_MS = 5 * 60_000;

/**
 * The users of an audience who may hear (none disabled), with the version of the complete roster they were
 * read from (none: read from the index).
 */
export interface KnownAudience {
  readonly users: readonly User[];
  readonly version?: number | undefined;
}
/** What is kept of an organisation: it never moves city; its name may change. */
export type KnownOrganisation = Pick<Organisation, 'id' | 'cityId' | 'name' | 'kind'>;

export class DirectoryCache {
  readonly #admitted: Expiring<true>;
  readonly #audiences: Expiring<KnownAudience>;
  readonly #organisations: Expiring<KnownOrganisation>;
  /** Counts what was dropped: a read begun before a drop is not kept, it may hold what was dropped. */
  #generation = 0;

  constructor(now: () => number = Date.now) {
    this.#admitted = new Expiring(ADMISSION_MS, now);
    this.#audiences = new Expiring(AUDIENCE_MS, now);
    this.#organisations = new Expiring(ORGANISATION_MS, now);
  }

  /** Drops what a write of the directory changed. */
  forget(w: DirectoryWrite): void {
    this.#generation++;
    if (w.kind === 'user') {
      this.#admitted.delete(w.userId);
      this.#audiences.delete(rosterName({ kind: 'city', id: w.cityId }));
      if (w.organisationId)
        this.#audiences.delete(rosterName({ kind: 'organisation', id: w.organisationId }));
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

  /** The audience of a roster's owner: kept ROSTER_MS when read with a version, else AUDIENCE_MS. */
  async audience(owner: RosterOwner, load: () => Promise<KnownAudience>): Promise<KnownAudience> {
    const name = rosterName(owner);
    const hit = this.#audiences.get(name);
    if (hit !== undefined) return hit;
    const generation = this.#generation;
    const value = await load();
    if (generation === this.#generation)
      this.#audiences.set(name, value, value.version === undefined ? AUDIENCE_MS : ROSTER_MS);
    return value;
  }

  /** Drops audiences a transaction found out of date. */
  forgetAudiences(owners: readonly RosterOwner[]): void {
    this.#generation++;
    for (const o of owners) this.#audiences.delete(rosterName(o));
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
}

const caches = new WeakMap<Store, DirectoryCache>();

/**
 * The cache of this store's directory in this process, told of every write of it through the store;
 * `made` (a test's, with its own clock) is the one used when the store has none yet.
 */
export function directoryCache(
  store: Store,
  made: () => DirectoryCache = () => new DirectoryCache(),
): DirectoryCache {
  let cache = caches.get(store);
  if (!cache) {
    const fresh = made();
    onDirectoryWrite(store, (w) => fresh.forget(w));
    caches.set(store, fresh);
    cache = fresh;
  }
  return cache;
}

/**
 * An audience as it is now: from its complete roster (a consistent GetItem, then its members' users in
 * consistent BatchGetItems, so no index lag), else from the index as before (eventual).
 */
async function loadAudience(store: Store, owner: RosterOwner): Promise<KnownAudience> {
  const roster = await getRoster(store, owner);
  const users = roster?.complete
    ? await getUsersNow(store, roster.members)
    : owner.kind === 'city'
      ? await store.listUsersOfCity(owner.id)
      : await store.listUsersOfOrganisation(owner.id);
  const hearing = users.filter((u) => !('state' in u && u.state === 'disabled'));
  return roster?.complete ? { users: hearing, version: roster.version } : { users: hearing };
}

/**
 * The audiences one event or message tells, each read once (or kept), and the checks its transaction
 * carries that they are still as read: a roster changed since (by another instance) fails the check,
 * and `stale` then drops what was kept so that the caller builds its writes again from a fresh read.
 */
export class Hearing {
  readonly #checked = new Map<string, Extract<Write, { kind: 'rosterCheck' }>>();
  constructor(private readonly store: Store) {}

  async users(owner: RosterOwner): Promise<readonly User[]> {
    const a = await directoryCache(this.store).audience(owner, () => loadAudience(this.store, owner));
    if (a.version !== undefined)
      this.#checked.set(rosterName(owner), { kind: 'rosterCheck', roster: owner, version: a.version });
    return a.users;
  }

  /** The checks of the rosters read so far. */
  checks(): Write[] {
    return [...this.#checked.values()];
  }

  /**
   * Whether to build the writes again after `e`, on the `attempt`-th try: `e` is a failed check of these
   * rosters (they are then all forgotten, to be read afresh) and fewer than HEARING_ATTEMPTS were made.
   */
  again(e: unknown, attempt: number): boolean {
    if (!(e instanceof VersionConflictError && e.entity === CHECK_ROSTER)) return false;
    directoryCache(this.store).forgetAudiences([...this.#checked.values()].map((c) => c.roster));
    this.#checked.clear();
    return attempt < HEARING_ATTEMPTS;
  }
}

/** How many times an event or a message is built when the audiences it told changed meanwhile. */
const HEARING_ATTEMPTS = 3;

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
