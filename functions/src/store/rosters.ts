/**
 * Who hears of what happens to a record, on one item per audience owner: a city's staff roster
 * (`CITY#<city>` / `ROSTER`: its users with a staff role, who hear as officers or the mayor's office) and an
 * organisation's roster (`ORG#<org>` / `ROSTER`: its users, who hear as members or funders). Disabled users
 * are not on a roster.
 *
 * Each member is an attribute of its own (`U#<user>` = true, as the standing's members are), set or
 * removed, and `version` moves (`ADD 1`) with every write of a user who is or was on the roster, in that
 * write's own transaction: a process that kept a roster's users knows they are still right while the
 * version is the one it read, and a workflow event's transaction checks exactly that (`rosterCheck`).
 *
 * `complete` is set only when the roster is created with its owner (a city or an organisation created
 * through the store), so that its members are all of them. A roster first written by a user's write
 * (a table older than rosters) lacks it: its audience is found by the index Query, as before.
 */
import type { Role, User } from '#domain/types';
import { cityPk } from './cities.ts';
import { orgPk } from './organisations.ts';
import { type Item, ioOf } from './table-io.ts';
import type { TransactItem } from './transaction.ts';

export const ROSTER_SK = 'ROSTER';
const MEMBER = 'U#';

/** The roles for which a city's user is on its staff roster (those who hear as the city; not its admins). */
const ROSTER_STAFF_ROLES: readonly Role[] = ['city_officer', 'mayor_office'];

/** Whose roster: a city's staff or an organisation's users. */
export type RosterOwner = { readonly kind: 'city' | 'organisation'; readonly id: string };

export const rosterKey = (o: RosterOwner) => ({
  PK: o.kind === 'city' ? cityPk(o.id) : orgPk(o.id),
  SK: ROSTER_SK,
});

/** One string per roster, for maps and for the owner named by a failed check. */
export const rosterName = (o: RosterOwner) => `${o.kind}:${o.id}`;

export interface StoredRoster {
  readonly version: number;
  readonly complete: boolean;
  /** User ids, in no particular order. */
  readonly members: readonly string[];
}

export function rosterFromItem(item: Item | undefined): StoredRoster | undefined {
  if (item?.SK !== ROSTER_SK) return undefined;
  return {
    version: typeof item.version === 'number' ? item.version : 0,
    complete: item.complete === true,
    members: Object.keys(item)
      .filter((name) => name.startsWith(MEMBER) && item[name] === true)
      .map((name) => name.slice(MEMBER.length)),
  };
}

/** A new owner's roster, empty and complete: written with the owner, on condition it does not exist. */
export function newRosterItem(o: RosterOwner): Item {
  return { ...rosterKey(o), entity: 'roster', version: 0, complete: true };
}

/** The rosters a user is on: none when disabled. */
export function rostersOf(
  user: Pick<User, 'cityId' | 'roles' | 'organisationId'> & { readonly state?: string | undefined },
): RosterOwner[] {
  if (user.state === 'disabled') return [];
  return [
    ...(user.roles.some((r) => ROSTER_STAFF_ROLES.includes(r))
      ? [{ kind: 'city' as const, id: user.cityId }]
      : []),
    ...(user.organisationId ? [{ kind: 'organisation' as const, id: user.organisationId }] : []),
  ];
}

/**
 * The roster updates of a write of a user (`previous`: as it was, none for a new user): every roster the
 * user was or is on moves its version, takes the user in or out. Each is created, without `complete`,
 * where it does not exist.
 */
export function rosterUpdates(
  table: string,
  previous: Parameters<typeof rostersOf>[0] | undefined,
  next: Parameters<typeof rostersOf>[0] & { readonly id: string },
): TransactItem[] {
  const on = new Map(rostersOf(next).map((o) => [rosterName(o), o]));
  const was = new Map((previous ? rostersOf(previous) : []).map((o) => [rosterName(o), o]));
  const touched = new Map([...was, ...on]);
  return [...touched].map(([name, owner]) => ({
    Update: {
      TableName: table,
      Key: rosterKey(owner),
      UpdateExpression: on.has(name)
        ? 'SET #e = :e, #m = :t ADD #v :one'
        : 'SET #e = :e REMOVE #m ADD #v :one',
      ExpressionAttributeNames: { '#e': 'entity', '#m': `${MEMBER}${next.id}`, '#v': 'version' },
      ExpressionAttributeValues: { ':e': 'roster', ':one': 1, ...(on.has(name) ? { ':t': true } : {}) },
    },
  }));
}

/** A check, written nothing: the roster is still at the version its users were read at. */
export function rosterCheck(table: string, o: RosterOwner, version: number): TransactItem {
  return {
    ConditionCheck: {
      TableName: table,
      Key: rosterKey(o),
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':v': version },
    },
  };
}

/** A roster as it is now (strong: its version is what an event's transaction checks). */
export async function getRoster(store: object, o: RosterOwner): Promise<StoredRoster | undefined> {
  const { PK, SK } = rosterKey(o);
  return rosterFromItem(await ioOf(store).get(PK, SK, 'strong'));
}
