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
  const id = await create(cso, '/v1/grants', fastApplication(application));
  const steps: [Client, Record<string, unknown>][] = [
    [cso, { type: 'submit' }],
    [officer, { type: 'start_review' }],
    [officer, { type: 'declare_no_conflict' }],
    [officer, { type: 'recommend', recommendation: 'approve', comment: 'Clear and well costed.' }],
    [mayor, { type: 'declare_no_conflict' }],
    [mayor, { type: 'approve', ...(award ? { award } : {}) }],
    [cso, { type: 'accept_award' }],
  ];
  await play(`/v1/grants/${id}`, steps);
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

/**
 * An active partnership of the CSO's organisation with this action plan (its annual reviews scheduled):
 * applied, checked, approved and signed by both sides. Returns its id.
 */
export async function activePartnership(
  cast: GrantCast,
  actionPlan: readonly Record<string, unknown>[],
): Promise<string> {
  const { cso, officer, mayor } = cast;
  const kinds = ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'] as const;
  const id = await create(cso, '/v1/partnerships', {
    motivation: 'We work with the city on what the action plan says.',
    focusAreas: ['social_cohesion'],
    actionPlan,
    documents: kinds.map((kind) => ({ kind, reference: `${kind} on file`, date: '2026-03-01' })),
  });
  const steps: [Client, Record<string, unknown>][] = [
    [cso, { type: 'submit' }],
    [officer, { type: 'start_review' }],
    [officer, { type: 'declare_no_conflict' }],
    [officer, { type: 'record_due_diligence', checks: kinds.map((item) => ({ item, ok: true })) }],
    [mayor, { type: 'declare_no_conflict' }],
    [mayor, { type: 'approve' }],
    [cso, { type: 'sign', name: 'Sami Haddad' }],
    [mayor, { type: 'sign', name: 'Mayor Office' }],
  ];
  await play(`/v1/partnerships/${id}`, steps);
  return id;
}

/** Creates the record; its id. */
async function create(who: Client, path: string, body: unknown): Promise<string> {
  const created = await who.post(path, body);
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

/** Sends each event in turn, each by its client; the first refused stops the setup, saying why. */
export async function play(path: string, steps: readonly [Client, Record<string, unknown>][]): Promise<void> {
  for (const [who, event] of steps) {
    const r = await who.event(path, event);
    if (r.status !== 200) throw new Error(`${String(event.type)}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** A grant measured by two indicators, one of them counted by category. */
export const WINTER_INDICATORS = [
  { name: 'families supported', target: 120, categories: ['with children', 'without children'] },
  { name: 'distributions', target: 6 },
];

/** An award shared with Fondation Sud, which asked to review the reports. */
export const WINTER_AWARD = {
  amount: tnd(5_000_000),
  funders: [
    { funderId: 'sfax-city-budget', share: tnd(3_000_000) },
    { funderId: 'fondation-sud', share: tnd(2_000_000), reviewsReport: true },
  ],
};

/**
 * The final report of that grant (the budget lines of fastApplication): 131 families (90 + 41), 4,800 TND
 * spent of 5,000 (3,900 on clothes, 900 on transport), the 200 left returned.
 */
export const winterReport = (narrative: string) => ({
  narrative,
  indicatorResults: [
    {
      name: 'families supported',
      value: 131,
      byCategory: [
        { category: 'with children', value: 90 },
        { category: 'without children', value: 41 },
      ],
    },
    { name: 'distributions', value: 6 },
  ],
  spent: tnd(4_800_000),
  spentByLine: [
    { label: 'Clothes', amount: tnd(3_900_000) },
    { label: 'Transport', amount: tnd(900_000) },
  ],
  underspend: 'returned',
});

/** A standard grant: an interim report due 2027-04-15 and a final one after 2027-07-15; 80 % then 20 %. */
export const standardGrant = (title: string) => ({
  track: 'standard',
  title,
  amountRequested: tnd(6_000_000),
  budget: [{ label: 'Staff', amount: tnd(6_000_000) }],
  startDate: '2027-01-15',
  endDate: '2027-07-15',
  indicators: [{ name: 'families supported', target: 100 }],
});

/** A report on a standard grant's families supported. */
export const familiesReport = {
  type: 'submit_report',
  report: {
    narrative: '40 families supported.',
    indicatorResults: [{ name: 'families supported', value: 40 }],
    spent: tnd(3_000_000),
  },
};

/** A grant's milestones as `client` sees them (`GET /v1/grants/{id}/milestones`). */
export const milestonesOfGrant = async <M>(client: Client, grantId: string): Promise<M[]> =>
  (await client.get(`/v1/grants/${grantId}/milestones`)).body.items;

/** Jisr's member (newcso@sfax.demo) and an officer of Sfax, with one active standard grant of Jisr's per title. */
export async function activeStandardGrants(
  sys: TestSystem,
  titles: readonly string[],
): Promise<{ cso: Client; officer: Client; grants: string[] }> {
  const cso = await sys.as('newcso@sfax.demo');
  const officer = await sys.as('officer@sfax.demo');
  const cast = { cso, officer, mayor: await sys.as('mayor@sfax.demo') };
  const grants: string[] = [];
  for (const title of titles) grants.push(await activeGrant(cast, standardGrant(title)));
  return { cso, officer, grants };
}
