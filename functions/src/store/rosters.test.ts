/**
 * Which rosters a write of a user moves: those the user was on and those they are on, each once; the
 * user in where they now belong, out where they no longer do, and nobody disabled on any.
 */
import { describe, expect, it } from 'vitest';
import type { User } from '#domain/types';
import { rosterFromItem, rostersOf, rosterUpdates } from './rosters.ts';

const officer: User & { state?: string } = {
  id: 'u1',
  email: 'o@example.org',
  name: 'Officer',
  cityId: 'sfax',
  roles: ['city_officer'],
  language: 'fr',
};
const member: User = { ...officer, id: 'u2', roles: ['cso'], organisationId: 'org-a' };

/** Each update as the roster it touches and whether it puts the user in or takes them out. */
function moves(previous: User | undefined, next: User & { readonly state?: string }) {
  return rosterUpdates('table', previous, next).map((t) => ({
    roster: `${String(t.Update?.Key?.PK)} ${String(t.Update?.Key?.SK)}`,
    in: t.Update?.UpdateExpression?.startsWith('SET #e = :e, #m = :t') ?? false,
    member: t.Update?.ExpressionAttributeNames?.['#m'],
  }));
}

describe('the rosters of a user', () => {
  it('are the city’s staff roster for a staff role and the organisation’s for its users, none when disabled', () => {
    // Act
    const staff = rostersOf(officer);
    const cso = rostersOf(member);
    const admin = rostersOf({ ...officer, roles: ['admin'] });
    const disabled = rostersOf({ ...member, state: 'disabled' });
    // Assess
    expect(staff).toEqual([{ kind: 'city', id: 'sfax' }]);
    expect(cso).toEqual([{ kind: 'organisation', id: 'org-a' }]);
    expect([admin, disabled]).toEqual([[], []]);
  });

  it('move with a new user, a change of roles and disabling: in, out, each roster once', () => {
    // Act
    const invited = moves(undefined, officer);
    const madeAdmin = moves(officer, { ...officer, roles: ['admin'] });
    const bothRoles = moves(member, { ...member, roles: ['cso', 'mayor_office'] });
    const disabled = moves(member, { ...member, state: 'disabled' });
    const renamed = moves(member, { ...member, name: 'New name' });
    // Assess
    expect(invited).toEqual([{ roster: 'CITY#sfax ROSTER', in: true, member: 'U#u1' }]);
    expect(madeAdmin).toEqual([{ roster: 'CITY#sfax ROSTER', in: false, member: 'U#u1' }]);
    expect(bothRoles).toEqual([
      { roster: 'ORG#org-a ROSTER', in: true, member: 'U#u2' },
      { roster: 'CITY#sfax ROSTER', in: true, member: 'U#u2' },
    ]);
    expect(disabled).toEqual([{ roster: 'ORG#org-a ROSTER', in: false, member: 'U#u2' }]);
    expect(renamed).toEqual([{ roster: 'ORG#org-a ROSTER', in: true, member: 'U#u2' }]);
  });

  it('are read back with their members, version and completeness', () => {
    // Act
    const read = rosterFromItem({
      PK: 'CITY#sfax',
      SK: 'ROSTER',
      version: 3,
      complete: true,
      'U#u1': true,
      'U#u9': true,
    });
    const begun = rosterFromItem({ PK: 'ORG#org-a', SK: 'ROSTER', version: 1, 'U#u2': true });
    // Assess
    expect(read).toEqual({ version: 3, complete: true, members: ['u1', 'u9'] });
    expect(begun?.complete).toBe(false);
    expect(rosterFromItem(undefined)).toBeUndefined();
  });
});
