/**
 * Loads the demo: cities, organisations, users, and records in every state — created through the
 * same services as the API, on a clock that walks through the past months, so that each demo record
 * has a true audit trail and obeys every rule.
 */
import { addDays, localDate } from '#domain/calendar';
import type { GrantApplication, GrantEvent } from '#domain/grant';
import type { Milestone, MilestoneEvent } from '#domain/milestone';
import type { PartnershipApplication, PartnershipEvent } from '#domain/partnership';
import type { Actor, User } from '#domain/types';
import { SYSTEM_ACTOR_ID } from '#domain/types';
import type { Deps } from '#services/deps';
import { createGrant, grantEvent, grantMilestones } from '#services/grants';
import { applyMilestone, listMilestones, milestoneEvent } from '#services/milestones';
import { createPartnership, partnershipEvent } from '#services/partnerships';
import { CITIES, ORGANISATIONS, USERS } from './data.ts';

const DAY = 86_400_000;

export async function isEmpty(deps: Deps): Promise<boolean> {
  return (await deps.store.listCities()).length === 0;
}

/** Loads the demo into an empty store: the people first, then each organisation's story, in time order. */
export async function loadDemo(base: Deps): Promise<void> {
  await loadPeople(base);
  const demo = demoScript(base);
  await sfaxPartnerships(demo);
  await amalGrants(demo);
  await horizonsGrants(demo);
  await tamkeenGrants(demo);
  await nourGrants(demo);
  await malagaRecords(demo);
}

async function loadPeople(deps: Deps): Promise<void> {
  for (const city of CITIES) await deps.store.putCity(city);
  for (const org of ORGANISATIONS) await deps.store.putOrganisation(org);
  for (const user of USERS) await deps.store.putUser(user);
}

type Steps<E> = [daysAgo: number, actor: Actor, event: E][];

/** What the demo's stories share: services on a clock that walks through the past, and the demo's people. */
interface DemoScript {
  readonly deps: Deps;
  /** The real today (UTC), the day the demo is loaded. */
  readonly today: string;
  /** Moves the demo clock to 09:00 UTC, `days` days before the real today. */
  daysAgo(days: number): void;
  as(email: string): Actor;
  /** Creates a partnership as `email`, then applies each step on its day; its id. */
  partnership(email: string, app: PartnershipApplication, steps: Steps<PartnershipEvent>): Promise<string>;
  /** Creates a grant as `email`, then applies each step on its day; its id. */
  grant(email: string, app: GrantApplication, steps: Steps<GrantEvent>): Promise<string>;
  milestonesOf(grantId: string, actor: Actor): ReturnType<typeof grantMilestones>;
  fast(
    title: string,
    amount: number,
    startOffset: number,
    months?: number,
    currency?: string,
  ): GrantApplication;
  standard(title: string, amount: number, startOffset: number, months?: number): GrantApplication;
}

function demoScript(base: Deps): DemoScript {
  const realNow = base.clock().getTime();
  let t = realNow;
  const deps: Deps = { ...base, clock: () => new Date(t) };
  const today = localDate(new Date(realNow), 'UTC');
  const day = (offset: number) => addDays(today, offset);
  const fast = (title: string, amount: number, startOffset: number, months = 3, currency = 'TND') =>
    fastApplication(title, amount, day(startOffset), day(startOffset + months * 30), currency);
  const daysAgo = (days: number) => {
    t = Date.parse(`${today}T09:00:00Z`) - days * DAY + Math.floor(Math.random() * 3600_000);
    if (t > realNow) t = realNow - 60_000;
  };
  return {
    deps,
    today,
    daysAgo,
    as: actorOf,
    async partnership(email, app, steps) {
      const created = await createPartnership(deps, actorOf(email), app);
      for (const [ago, actor, e] of steps) {
        daysAgo(ago);
        await partnershipEvent(deps, actor, created.body.id, e);
      }
      return created.body.id;
    },
    async grant(email, app, steps) {
      const created = await createGrant(deps, actorOf(email), app);
      for (const [ago, actor, e] of steps) {
        daysAgo(ago);
        await grantEvent(deps, actor, created.body.id, e);
      }
      return created.body.id;
    },
    milestonesOf: (grantId, actor) => grantMilestones(deps, actor, grantId),
    fast,
    standard: (title, amount, startOffset, months = 12) => ({
      ...fast(title, amount, startOffset, months),
      track: 'standard',
    }),
  };
}

function actorOf(email: string): Actor {
  const u = USERS.find((x) => x.email === email) as User;
  return { userId: u.id, cityId: u.cityId, organisationId: u.organisationId, roles: u.roles };
}

const officer = actorOf('officer@sfax.demo');
const officer2 = actorOf('officer2@sfax.demo');
const mayor = actorOf('mayor@sfax.demo');

function documents(year: number): PartnershipApplication['documents'] {
  return [
    { kind: 'statutes', reference: 'Statutes adopted at the founding assembly', date: `${year - 8}-03-12` },
    { kind: 'registration', reference: 'JORT registration notice', date: `${year - 8}-05-02` },
    { kind: 'board_list', reference: 'Board elected at the general assembly', date: `${year - 1}-06-20` },
    { kind: 'annual_accounts', reference: 'Approved accounts', date: `${year - 1}-04-30` },
    { kind: 'activity_report', reference: 'Activity report', date: `${year - 1}-04-30` },
  ];
}

function partnershipApp(
  motivation: string,
  focus: PartnershipApplication['focusAreas'],
): PartnershipApplication {
  return {
    motivation,
    focusAreas: focus,
    actionPlan: [
      {
        activity: 'Weekly legal and administrative orientation desk',
        quarter: '2027-Q1',
        lead: 'cso',
        indicator: 'people oriented',
        target: 200,
      },
      {
        activity: 'Joint information sessions with city social services',
        quarter: '2027-Q2',
        lead: 'joint',
        indicator: 'sessions held',
        target: 6,
      },
    ],
    documents: documents(2026),
  };
}

const diligence: PartnershipEvent = {
  type: 'record_due_diligence',
  checks: (['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'] as const).map(
    (item) => ({ item, ok: true }),
  ),
};

/** Both sides sign the agreement drawn up at approval, each with the name of the person signing. */
function signatures(ago: number, csoEmail: string, cityEmail: string): Steps<PartnershipEvent> {
  const sign = (email: string): Steps<PartnershipEvent>[number] => [
    ago,
    actorOf(email),
    { type: 'sign', name: (USERS.find((x) => x.email === email) as User).name },
  ];
  return [sign(csoEmail), sign(cityEmail)];
}

/** Reviewed, approved, and signed by `csoEmail`'s organisation and the mayor's office: in force. */
function approvedPartnership(ago: number, csoEmail: string): Steps<PartnershipEvent> {
  return [
    [ago, officer, { type: 'start_review' }],
    [ago, officer, { type: 'declare_no_conflict' }],
    [ago, officer, diligence],
    [ago - 1, mayor, { type: 'declare_no_conflict' }],
    [ago - 1, mayor, { type: 'approve' }],
    ...signatures(ago - 2, csoEmail, 'mayor@sfax.demo'),
  ];
}

function fastApplication(
  title: string,
  amount: number,
  startDate: string,
  endDate: string,
  currency: string,
): GrantApplication {
  return {
    track: 'fast',
    title,
    summary: `${title}: a short, concrete response to a need seen this season.`,
    need: 'Families arriving this season have no place to get reliable information.',
    targetGroups: ['migrants in transit', 'host families'],
    amountRequested: { amount, currency },
    budget: [
      { label: 'Staff time', amount: { amount: Math.round(amount * 0.6), currency } },
      { label: 'Materials and transport', amount: { amount: amount - Math.round(amount * 0.6), currency } },
    ],
    startDate,
    endDate,
    indicators: [
      { name: 'people reached', target: 120 },
      { name: 'sessions held', target: 12 },
    ],
  };
}

function toRecommended(ago: number, decideBy: Actor = mayor): Steps<GrantEvent> {
  return [
    [ago, officer, { type: 'start_review' }],
    [ago, officer, { type: 'declare_no_conflict' }],
    [
      ago - 1,
      officer,
      {
        type: 'recommend',
        recommendation: 'approve',
        comment: 'Clear need, realistic budget, experienced team.',
      },
    ],
    [ago - 2, decideBy, { type: 'declare_no_conflict' }],
  ];
}

function report(text: string, spent: number, currency = 'TND'): MilestoneEvent {
  return {
    type: 'submit_report',
    report: {
      narrative: text,
      indicatorResults: [
        { name: 'people reached', value: 134 },
        { name: 'sessions held', value: 12 },
      ],
      spent: { amount: spent, currency },
    },
  };
}

const cso = actorOf('cso@sfax.demo');
const horizons = actorOf('horizons@sfax.demo');
const tamkeen = actorOf('tamkeen@sfax.demo');
const nour = actorOf('nour@sfax.demo');

async function sfaxPartnerships(demo: DemoScript): Promise<void> {
  demo.daysAgo(420);
  const amal = await demo.partnership(
    'cso@sfax.demo',
    partnershipApp(
      'We have run a legal desk for migrants in Sfax since 2014 and want to do it with the city.',
      ['legal_counselling', 'access_to_services'],
    ),
    [[418, demo.as('cso@sfax.demo'), { type: 'submit' }], ...approvedPartnership(410, 'cso@sfax.demo')],
  );
  await firstAnnualReviewOnTime(demo, amal, cso);
  demo.daysAgo(300);
  await demo.partnership(
    'horizons@sfax.demo',
    partnershipApp('Language and school support for newcomer children.', ['education', 'language']),
    [
      [299, demo.as('horizons@sfax.demo'), { type: 'submit' }],
      ...approvedPartnership(290, 'horizons@sfax.demo'),
    ],
  );
  demo.daysAgo(260);
  await demo.partnership(
    'tamkeen@sfax.demo',
    partnershipApp('Job coaching for young migrants and local youth together.', ['employment']),
    [
      [259, demo.as('tamkeen@sfax.demo'), { type: 'submit' }],
      ...approvedPartnership(250, 'tamkeen@sfax.demo'),
    ],
  );
  demo.daysAgo(20);
  await demo.partnership(
    'nour@sfax.demo',
    partnershipApp('Health orientation and a safe space for women.', ['health', 'protection']),
    [
      [18, demo.as('nour@sfax.demo'), { type: 'submit' }],
      [15, officer2, { type: 'start_review' }],
      [14, officer2, { type: 'declare_no_conflict' }],
      [14, officer2, diligence],
    ],
  );
}

/**
 * A partnership signed more than a year ago had its first annual review due in the past: the CSO sent it
 * the week before its due date and an officer accepted it, so nothing of it is overdue on the load day
 * (what the demo's fast-track eligibility rests on, SPEC.md "Demo data v2 keeps true").
 */
async function firstAnnualReviewOnTime(demo: DemoScript, partnershipId: string, by: Actor): Promise<void> {
  const mine = await listMilestones(demo.deps, by, {});
  const [review] = mine.items
    .filter((m) => m.parentId === partnershipId && m.kind === 'annual_review')
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  if (!review) return;
  const daysToDue = Math.round((Date.parse(review.dueDate) - Date.parse(demo.today)) / DAY);
  if (daysToDue > 7) return;
  demo.daysAgo(7 - daysToDue);
  await milestoneEvent(demo.deps, by, review.id, {
    type: 'submit_report',
    report: {
      narrative: 'The desk and the joint sessions ran as planned; the review meeting was held with the city.',
      indicatorResults: review.indicators.map((name) => ({ name, value: 12 })),
      activityResults: (review.activities ?? []).map((a) => ({
        activity: a.activity,
        status: 'done' as const,
      })),
    },
  });
  demo.daysAgo(Math.max(0, 5 - daysToDue));
  await milestoneEvent(demo.deps, officer, review.id, { type: 'accept', comment: 'Reviewed together.' });
}

async function amalGrants(demo: DemoScript): Promise<void> {
  // amal: one closed grant (report accepted), one active co-funded grant, one standard draft.
  demo.daysAgo(330);
  const closed = await demo.grant('cso@sfax.demo', demo.fast('Winter orientation desk', 9_000_000, -320, 2), [
    [329, cso, { type: 'submit' }],
    ...toRecommended(327),
    [324, mayor, { type: 'approve' }],
    [323, cso, { type: 'accept_award' }],
  ]);
  const [closedReport] = await demo.milestonesOf(closed, cso);
  if (closedReport) {
    demo.daysAgo(220);
    await milestoneEvent(
      demo.deps,
      cso,
      closedReport.id,
      report('The desk ran every week; 134 people were oriented.', 8_750_000),
    );
    demo.daysAgo(215);
    await milestoneEvent(demo.deps, officer, closedReport.id, {
      type: 'accept',
      comment: 'Complete and clear.',
    });
    await grantEvent(demo.deps, cso, closed, { type: 'complete' });
    demo.daysAgo(214);
    await grantEvent(demo.deps, officer, closed, { type: 'close' });
  }
  demo.daysAgo(40);
  await demo.grant(
    'cso@sfax.demo',
    demo.fast('Legal clinic for newly arrived families', 12_000_000, -20, 4),
    [
      [39, cso, { type: 'submit' }],
      ...toRecommended(35),
      [
        31,
        mayor,
        {
          type: 'approve',
          award: {
            amount: { amount: 12_000_000, currency: 'TND' },
            funders: [
              { funderId: 'sfax-city-budget', share: { amount: 7_200_000, currency: 'TND' } },
              { funderId: 'fondation-sud', share: { amount: 4_800_000, currency: 'TND' } },
            ],
          },
          comment: 'Approved; co-funded with Fondation Méditerranée Sud.',
        },
      ],
      [30, cso, { type: 'accept_award' }],
    ],
  );
  demo.daysAgo(5);
  await demo.grant('cso@sfax.demo', demo.standard('Community mediation programme 2027', 60_000_000, 60), []);
}

async function horizonsGrants(demo: DemoScript): Promise<void> {
  // horizons: a recommended one past its deadline, a fresh submission, a standard in review,
  // a rejected one, and a standard co-funded grant whose interim report waits for review.
  demo.daysAgo(25);
  await demo.grant('horizons@sfax.demo', demo.fast('Homework club for newcomer children', 6_500_000, 30), [
    [24, horizons, { type: 'submit' }],
    ...toRecommended(20),
  ]);
  demo.daysAgo(3);
  await demo.grant('horizons@sfax.demo', demo.fast('Arabic and French conversation tables', 4_000_000, 20), [
    [2, horizons, { type: 'submit' }],
  ]);
  demo.daysAgo(30);
  await demo.grant('horizons@sfax.demo', demo.standard('School bridge year', 45_000_000, 90), [
    [29, horizons, { type: 'submit' }],
    [25, officer2, { type: 'start_review' }],
  ]);
  demo.daysAgo(120);
  await demo.grant('horizons@sfax.demo', demo.standard('Summer camp', 30_000_000, -60, 2), [
    [119, horizons, { type: 'submit' }],
    ...toRecommended(110),
    [
      105,
      mayor,
      { type: 'reject', comment: 'The city already funds a summer programme in the same district.' },
    ],
  ]);
  demo.daysAgo(200);
  const interim = await demo.grant(
    'horizons@sfax.demo',
    demo.standard('Parents’ literacy circles', 40_000_000, -180, 12),
    [
      [199, horizons, { type: 'submit' }],
      ...toRecommended(190),
      [
        185,
        mayor,
        {
          type: 'approve',
          award: {
            amount: { amount: 40_000_000, currency: 'TND' },
            funders: [
              { funderId: 'fondation-sud', share: { amount: 25_000_000, currency: 'TND' } },
              { funderId: 'sfax-city-budget', share: { amount: 15_000_000, currency: 'TND' } },
            ],
          },
        },
      ],
      [184, horizons, { type: 'accept_award' }],
    ],
  );
  const [interimReport] = await demo.milestonesOf(interim, horizons);
  if (interimReport) {
    demo.daysAgo(4);
    await milestoneEvent(
      demo.deps,
      horizons,
      interimReport.id,
      report('Six circles meet weekly; attendance is steady.', 18_000_000),
    );
  }
}

async function tamkeenGrants(demo: DemoScript): Promise<void> {
  // tamkeen: an approved award to accept, a suspended standard grant with a report sent back,
  // and then an active grant whose final report is overdue (which now blocks its fast-track applications).
  demo.daysAgo(160);
  const overdueGrant = await demo.grant(
    'tamkeen@sfax.demo',
    demo.fast('CV and interview workshops', 8_000_000, -150, 2),
    [
      [159, tamkeen, { type: 'submit' }],
      ...toRecommended(155),
      [
        150,
        mayor,
        {
          type: 'approve',
          award: {
            amount: { amount: 8_000_000, currency: 'TND' },
            funders: [{ funderId: 'fondation-sud', share: { amount: 8_000_000, currency: 'TND' } }],
          },
        },
      ],
      [149, tamkeen, { type: 'accept_award' }],
    ],
  );
  demo.daysAgo(15);
  await demo.grant('tamkeen@sfax.demo', demo.fast('Job fair stand for newcomers', 3_000_000, 10, 1), [
    [14, tamkeen, { type: 'submit' }],
    ...toRecommended(10),
    [7, mayor, { type: 'approve' }],
  ]);
  demo.daysAgo(240);
  const suspended = await demo.grant(
    'tamkeen@sfax.demo',
    demo.standard('Apprenticeship placements', 50_000_000, -230, 12),
    [
      [239, tamkeen, { type: 'submit' }],
      ...toRecommended(235),
      [230, mayor, { type: 'approve' }],
      [229, tamkeen, { type: 'accept_award' }],
    ],
  );
  const [suspendedInterim] = await demo.milestonesOf(suspended, tamkeen);
  if (suspendedInterim) {
    demo.daysAgo(60);
    await milestoneEvent(
      demo.deps,
      tamkeen,
      suspendedInterim.id,
      report('Placements started late.', 10_000_000),
    );
    demo.daysAgo(55);
    await milestoneEvent(demo.deps, officer, suspendedInterim.id, {
      type: 'request_revision',
      comment: 'Please give the number of placements per employer sector.',
    });
    demo.daysAgo(50);
    await grantEvent(demo.deps, mayor, suspended, {
      type: 'suspend',
      comment: 'Suspended until the interim report is revised.',
    });
  }
  const [late] = await demo.milestonesOf(overdueGrant, tamkeen);
  if (late) {
    demo.daysAgo(0);
    const stored = await demo.deps.store.getRecord<Milestone>('milestone', late.id);
    const city = await demo.deps.cities.get('sfax');
    if (stored) {
      await applyMilestone(demo.deps, {
        ...stored,
        actor: { userId: SYSTEM_ACTOR_ID, cityId: 'sfax', roles: [] },
        roles: ['system'],
        city,
        event: { type: 'mark_overdue' },
      });
    }
  }
}

async function nourGrants(demo: DemoScript): Promise<void> {
  // nour: a withdrawn application and one sent back for changes.
  demo.daysAgo(45);
  await demo.grant('nour@sfax.demo', demo.standard('Mobile health information van', 35_000_000, 30), [
    [44, nour, { type: 'submit' }],
    [40, nour, { type: 'withdraw', comment: 'We found another partner for the van.' }],
  ]);
  demo.daysAgo(12);
  await demo.grant('nour@sfax.demo', demo.standard('Women’s health peer educators', 25_000_000, 45), [
    [11, nour, { type: 'submit' }],
    [9, officer, { type: 'start_review' }],
    [
      8,
      officer,
      { type: 'request_changes', comment: 'Please split the budget between training and stipends.' },
    ],
  ]);
}

async function malagaRecords(demo: DemoScript): Promise<void> {
  const mOfficer = demo.as('officer@malaga.demo');
  const mMayor = demo.as('mayor@malaga.demo');
  const acoge = demo.as('cso@malaga.demo');
  demo.daysAgo(200);
  await demo.partnership(
    'cso@malaga.demo',
    partnershipApp('Housing mediation between landlords and newcomer families.', ['housing', 'employment']),
    [
      [199, acoge, { type: 'submit' }],
      [195, mOfficer, { type: 'start_review' }],
      [195, mOfficer, { type: 'declare_no_conflict' }],
      [195, mOfficer, diligence],
      [194, mMayor, { type: 'declare_no_conflict' }],
      [194, mMayor, { type: 'approve' }],
      ...signatures(193, 'cso@malaga.demo', 'mayor@malaga.demo'),
    ],
  );
  const mToRecommended = (ago: number): [number, Actor, GrantEvent][] => [
    [ago, mOfficer, { type: 'start_review' }],
    [ago, mOfficer, { type: 'declare_no_conflict' }],
    [ago - 1, mOfficer, { type: 'recommend', recommendation: 'approve', comment: 'Well targeted.' }],
    [ago - 2, mMayor, { type: 'declare_no_conflict' }],
  ];
  demo.daysAgo(60);
  await demo.grant('cso@malaga.demo', demo.fast('Rental guarantee mediation', 450_000, -30, 4, 'EUR'), [
    [59, acoge, { type: 'submit' }],
    ...mToRecommended(55),
    [50, mMayor, { type: 'approve' }],
    [49, acoge, { type: 'accept_award' }],
  ]);
  demo.daysAgo(8);
  await demo.grant('cso@malaga.demo', demo.fast('Welcome kits for families', 280_000, 20, 2, 'EUR'), [
    [7, acoge, { type: 'submit' }],
    ...mToRecommended(5),
  ]);
}
