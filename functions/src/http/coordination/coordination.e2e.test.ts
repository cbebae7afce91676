import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeGrant, tnd } from '../../../../test/support/grants.ts';
import { startTestSystem, type TestSystem } from '../../../../test/support/harness.ts';

/**
 * Grants built for the map, on a target group no demo grant names: A (Amal) and B (Jisr) serve legal
 * counselling for it at once from June to mid-July 2027; C (Jisr) comes after B; D (Amal) is at the same
 * time as A but in education.
 */
describe('the city’s coordination map flags overlaps before the city funds', () => {
  let sys: TestSystem;
  const ids: Record<string, string> = {};
  const GROUP = 'Unaccompanied minors (map probe)';

  beforeAll(async () => {
    sys = await startTestSystem();
    const officer = await sys.as('officer@sfax.demo');
    const mayor = await sys.as('mayor@sfax.demo');
    const amal = { cso: await sys.as('cso@sfax.demo'), officer, mayor };
    const jisr = { cso: await sys.as('newcso@sfax.demo'), officer, mayor };
    const grant = (title: string, startDate: string, endDate: string, focusAreas: string[]) => ({
      track: 'standard',
      title,
      targetGroups: [GROUP],
      focusAreas,
      amountRequested: tnd(2_000_000),
      budget: [{ label: 'Staff', amount: tnd(2_000_000) }],
      startDate,
      endDate,
    });
    ids.A = await activeGrant(amal, grant('Desk A', '2027-01-15', '2027-07-15', ['legal_counselling']));
    ids.B = await activeGrant(jisr, grant('Desk B', '2027-06-01', '2027-12-31', ['legal_counselling']));
    ids.C = await activeGrant(jisr, grant('Desk C', '2028-01-01', '2028-03-01', ['legal_counselling']));
    ids.D = await activeGrant(amal, grant('Class D', '2027-01-15', '2027-07-15', ['education']));
  }, 240_000);
  afterAll(async () => {
    await sys.close();
  });

  it('places each grant in its focus area and target group, and flags the one overlap (known answer)', async () => {
    // Prepare
    const officer = await sys.as('officer@sfax.demo');
    // Act
    const map = await officer.get(`/v1/coordination?targetGroup=${encodeURIComponent(GROUP.toUpperCase())}`);
    // Assess
    expect(map.status).toBe(200);
    expect(
      map.body.cells.map((c: { focusArea: string; initiatives: { id: string }[] }) => [
        c.focusArea,
        c.initiatives.map((i) => i.id),
      ]),
    ).toEqual([
      ['education', [ids.D]],
      ['legal_counselling', [ids.A, ids.B, ids.C]],
    ]);
    expect(map.body.overlaps).toEqual([
      {
        focusArea: 'legal_counselling',
        targetGroup: GROUP,
        from: '2027-06-01',
        to: '2027-07-15',
        initiatives: [ids.A, ids.B],
      },
    ]);
  });

  it('filters by focus area, and shows partners the same map; the admin has no map (403)', async () => {
    // Prepare
    const cso = await sys.as('cso@sfax.demo');
    const admin = await sys.as('admin@sfax.demo');
    const query = `/v1/coordination?focusArea=education&targetGroup=${encodeURIComponent(GROUP)}`;
    // Act
    const filtered = await cso.get(query);
    // Assess
    expect(filtered.status).toBe(200);
    expect(filtered.body.cells).toHaveLength(1);
    expect(filtered.body.cells[0].initiatives.map((i: { id: string }) => i.id)).toEqual([ids.D]);
    expect(filtered.body.overlaps).toEqual([]);
    expect((await admin.get(query)).status).toBe(403);
  });
});
