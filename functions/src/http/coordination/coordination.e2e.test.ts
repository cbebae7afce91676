import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeGrant, tnd } from '../../../../test/support/grants.ts';
import { type Client, startTestSystem, type TestSystem } from '../../../../test/support/harness.ts';

const KINDS = ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'] as const;

/** A partnership of the CSO's organisation, reviewed, approved from today and signed by both sides. */
async function activePartnership(
  cast: { cso: Client; officer: Client; mayor: Client },
  focusAreas: string[],
  targetGroups: string[],
): Promise<{ id: string; term: { start: string; end: string } }> {
  const { cso, officer, mayor } = cast;
  const created = await cso.post('/v1/partnerships', {
    motivation: 'Legal help for young people who arrive alone.',
    focusAreas,
    targetGroups,
    actionPlan: [
      {
        activity: 'Weekly legal desk',
        quarter: '2027-Q1',
        lead: 'cso',
        indicator: 'consultations',
        target: 60,
      },
    ],
    documents: KINDS.map((kind) => ({ kind, reference: `${kind} on file`, date: '2026-03-01' })),
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const path = `/v1/partnerships/${created.body.id}`;
  const steps: [Client, Record<string, unknown>][] = [
    [cso, { type: 'submit' }],
    [officer, { type: 'start_review' }],
    [officer, { type: 'declare_no_conflict' }],
    [officer, { type: 'record_due_diligence', checks: KINDS.map((item) => ({ item, ok: true })) }],
    [mayor, { type: 'declare_no_conflict' }],
    [mayor, { type: 'approve' }],
    [cso, { type: 'sign', name: 'Jisr Member' }],
    [mayor, { type: 'sign', name: 'Mayor Office' }],
  ];
  let last = created;
  for (const [who, event] of steps) {
    last = await who.event(path, event);
    if (last.status !== 200)
      throw new Error(`${String(event.type)}: ${last.status} ${JSON.stringify(last.body)}`);
  }
  if (last.body.state !== 'active') throw new Error(`not active: ${last.body.state}`);
  return { id: created.body.id, term: last.body.term };
}

/**
 * Grants built for the map, on a target group no demo grant names: A (Amal) and B (Jisr) serve legal
 * counselling for it at once from June to mid-July 2027; C (Jisr) comes after B; D (Amal) is at the same
 * time as A but in education. P is Jisr's partnership, approved today for three years, in legal
 * counselling for the same group: it runs beside A, B and C.
 */
describe('the city’s coordination map flags overlaps before the city funds', () => {
  let sys: TestSystem;
  const ids: Record<string, string> = {};
  const GROUP = 'Unaccompanied minors (map probe)';
  let term: { start: string; end: string };

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
    const p = await activePartnership(jisr, ['legal_counselling'], [` ${GROUP.toLowerCase()} `]);
    ids.P = p.id;
    term = p.term;
  }, 240_000);
  afterAll(async () => {
    await sys.close();
  });

  it('places each grant and partnership in its focus area and target group, and flags the overlaps (known answer)', async () => {
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
      ['legal_counselling', [ids.P, ids.A, ids.B, ids.C]],
    ]);
    const lc = (from: string, to: string, a: string | undefined, b: string | undefined) => ({
      focusArea: 'legal_counselling',
      targetGroup: `${GROUP.toLowerCase()}`,
      from,
      to,
      initiatives: [a, b],
    });
    // The cell is named as the first initiative in it (the partnership) wrote the group.
    expect(map.body.overlaps).toEqual([
      lc('2027-01-15', '2027-07-15', ids.P, ids.A),
      lc('2027-06-01', '2027-12-31', ids.P, ids.B),
      lc('2028-01-01', '2028-03-01', ids.P, ids.C),
      lc('2027-06-01', '2027-07-15', ids.A, ids.B),
    ]);
    expect(term.start <= '2027-01-15' && term.end >= '2028-03-01').toBe(true);
  });

  it('shows a partnership’s target groups on its record; one applied for without them is still taken', async () => {
    // Prepare
    const officer = await sys.as('officer@sfax.demo');
    const amal = await sys.as('cso@sfax.demo');
    // Act
    const record = await officer.get(`/v1/partnerships/${ids.P}`);
    const older = (await amal.get('/v1/partnerships')).body.items[0];
    // Assess
    expect(record.status).toBe(200);
    expect(record.body.targetGroups).toEqual([GROUP.toLowerCase()]);
    expect(older.state).toBe('active');
    expect(older.targetGroups).toBeUndefined();
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
