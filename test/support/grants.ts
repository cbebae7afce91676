/**
 * Grants built through the real API for the tests of reports and impact: a CSO applies, the officer
 * recommends, the mayor's office awards (with the award given), the CSO accepts.
 */
import { type Client, fastApplication, type TestSystem } from './harness.ts';

export interface GrantCast {
  readonly cso: Client;
  readonly officer: Client;
  readonly mayor: Client;
}

/** An active grant of the CSO's organisation; returns its id. */
export async function activeGrant(
  cast: GrantCast,
  application: Record<string, unknown>,
  award?: Record<string, unknown>,
): Promise<string> {
  const { cso, officer, mayor } = cast;
  const created = await cso.post('/v1/grants', fastApplication(application));
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const steps: [Client, Record<string, unknown>][] = [
    [cso, { type: 'submit' }],
    [officer, { type: 'start_review' }],
    [officer, { type: 'declare_no_conflict' }],
    [officer, { type: 'recommend', recommendation: 'approve', comment: 'Clear and well costed.' }],
    [mayor, { type: 'declare_no_conflict' }],
    [mayor, { type: 'approve', ...(award ? { award } : {}) }],
    [cso, { type: 'accept_award' }],
  ];
  for (const [who, event] of steps) {
    const r = await who.event(`/v1/grants/${id}`, event);
    if (r.status !== 200) throw new Error(`${String(event.type)}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return id;
}

export const tnd = (amount: number) => ({ amount, currency: 'TND' });

/**
 * The known portfolio of an impact profile, for Jisr (newcso@sfax.demo, which starts with no grant): a
 * grant from the city's budget (10 000 DT, its advance of 8 000 DT paid, both reports accepted: 95
 * families, 9 500 DT spent) and a grant co-funded by the foundation (6 000 DT: 4 000 from the city, 2 000
 * from the foundation), not yet reported on. Its profile: 16 000 DT awarded, 8 000 paid, 9 500 spent;
 * families supported 150 targeted and 95 reached, workshops held 10 and 0; two reports on time.
 */
export async function impactPortfolio(
  sys: TestSystem,
): Promise<{ jisr: Client; first: string; second: string }> {
  const jisr = await sys.as('newcso@sfax.demo');
  const officer = await sys.as('officer@sfax.demo');
  const cast = { cso: jisr, officer, mayor: await sys.as('mayor@sfax.demo') };
  const submit = (spent: number, families: number) => ({
    type: 'submit_report',
    report: {
      narrative: `${families} families supported.`,
      indicatorResults: [{ name: 'families supported', value: families }],
      spent: tnd(spent),
    },
  });
  const standard = {
    track: 'standard',
    amountRequested: tnd(10_000_000),
    budget: [{ label: 'Staff', amount: tnd(10_000_000) }],
    startDate: '2027-01-15',
    endDate: '2027-07-15',
    indicators: [{ name: 'families supported', target: 100 }],
  };
  // The first grant, from the city's budget: the advance paid, both reports accepted.
  const first = await activeGrant(cast, standard);
  await officer.post(`/v1/grants/${first}/tranches/t1/pay`, {});
  const [interim, final] = (await jisr.get(`/v1/grants/${first}/milestones`)).body.items;
  await jisr.event(`/v1/milestones/${interim.id}`, submit(4_000_000, 40));
  await officer.event(`/v1/milestones/${interim.id}`, { type: 'accept' });
  await jisr.event(`/v1/milestones/${final.id}`, submit(9_500_000, 95));
  await officer.event(`/v1/milestones/${final.id}`, { type: 'accept' });
  // The second, co-funded by the foundation, not yet reported on.
  const second = await activeGrant(
    cast,
    {
      ...standard,
      title: 'Homework club',
      amountRequested: tnd(6_000_000),
      budget: [{ label: 'Tutors', amount: tnd(6_000_000) }],
      indicators: [
        { name: 'families supported', target: 50 },
        { name: 'workshops held', target: 10 },
      ],
    },
    {
      amount: tnd(6_000_000),
      funders: [
        { funderId: 'sfax-city-budget', share: tnd(4_000_000) },
        { funderId: 'fondation-sud', share: tnd(2_000_000) },
      ],
    },
  );
  return { jisr, first, second };
}
