/**
 * Shared builders for the domain's unit tests: a Sfax-like city, one actor per role (in and out of
 * relation to the records), and records of each workflow in any state, as they would be when reached
 * through the workflow. Everything is fixed in time: `NOW` is Monday 1 February 2027, 10:00 in Sfax.
 */
import { rolesOn } from './access.ts';
import type { Standing } from './eligibility.ts';
import {
  type Award,
  type ConflictDeclaration,
  type Grant,
  type GrantApplication,
  type GrantContext,
  type GrantState,
  releaseTranches,
  trancheSchedule,
} from './grant.ts';
import type { Milestone, MilestoneContext, MilestoneState, Report } from './milestone.ts';
import type { Money } from './money.ts';
import {
  type DiligenceCheck,
  DOCUMENT_KINDS,
  type Partnership,
  type PartnershipApplication,
  type PartnershipContext,
  type PartnershipState,
} from './partnership.ts';
import { type Actor, type CitySettings, type Role, SYSTEM_ACTOR_ID } from './types.ts';
import type { ActingRole } from './workflow.ts';

// ---------------------------------------------------------------- time

/** The instant of every request unless a test says otherwise: Monday 2027-02-01, 10:00 in Sfax (UTC+1). */
export const NOW = '2027-02-01T09:00:00Z';
/** NOW as a date in Sfax's calendar. */
export const TODAY = '2027-02-01';

// ---------------------------------------------------------------- the city

export const CITY_ID = 'sfax';
export const OTHER_CITY_ID = 'nador';
/** The applying CSO. */
export const ORG_ID = 'amal-sfax';
export const OTHER_ORG_ID = 'horizons-sfax';
/** A co-funder (a foundation) and the city's own budget. */
export const FUNDER_ID = 'fondation-sud';
export const OTHER_FUNDER_ID = 'fonds-nord';
export const BUDGET_FUNDER_ID = 'city-budget';

export const tnd = (amount: number): Money => ({ amount, currency: 'TND' });
export const eur = (amount: number): Money => ({ amount, currency: 'EUR' });

/** Sfax: TND (three minor digits), Monday–Friday week, a few 2027 public holidays. */
export const sfax: CitySettings = {
  id: CITY_ID,
  name: 'Sfax',
  country: 'TN',
  currency: 'TND',
  calendar: {
    timeZone: 'Africa/Tunis',
    weekend: [6, 7],
    holidays: ['2027-01-01', '2027-01-14', '2027-03-10', '2027-03-11', '2027-03-20', '2027-04-09'],
  },
  fastTrackCeiling: tnd(15_000_000),
  decisionWorkingDays: 10,
  standardDecisionWorkingDays: 40,
  maxOpenFastGrants: 2,
  partnershipTermYears: 3,
  finalReportWeeks: 8,
  reminderOffsets: [-30, -7, 0, 5],
  budgetFunderId: BUDGET_FUNDER_ID,
};

export const KNOWN_FUNDERS: ReadonlySet<string> = new Set([BUDGET_FUNDER_ID, FUNDER_ID, OTHER_FUNDER_ID]);

// ---------------------------------------------------------------- actors

function actor(userId: string, cityId: string, roles: readonly Role[], organisationId?: string): Actor {
  return organisationId === undefined ? { userId, cityId, roles } : { userId, cityId, roles, organisationId };
}

export const actors = {
  /** A member of the applying CSO. */
  cso: actor('u-cso', CITY_ID, ['cso'], ORG_ID),
  /** A member of another CSO of the same city. */
  otherCso: actor('u-other-cso', CITY_ID, ['cso'], OTHER_ORG_ID),
  officer: actor('u-officer', CITY_ID, ['city_officer']),
  officer2: actor('u-officer2', CITY_ID, ['city_officer']),
  /** An officer of another city. */
  otherCityOfficer: actor('u-officer-nador', OTHER_CITY_ID, ['city_officer']),
  /** An officer who is also a member of the applying CSO. */
  officerOfApplicant: actor('u-officer-amal', CITY_ID, ['city_officer'], ORG_ID),
  mayor: actor('u-mayor', CITY_ID, ['mayor_office']),
  otherCityMayor: actor('u-mayor-nador', OTHER_CITY_ID, ['mayor_office']),
  /** Someone of the mayor's office who is also a member of the applying CSO. */
  mayorOfApplicant: actor('u-mayor-amal', CITY_ID, ['mayor_office'], ORG_ID),
  /** A member of a funder of the records (see `grant('approved')` and `milestone()`). */
  funder: actor('u-funder', CITY_ID, ['funder'], FUNDER_ID),
  /** A member of a funder that funds none of the records. */
  otherFunder: actor('u-other-funder', CITY_ID, ['funder'], OTHER_FUNDER_ID),
  admin: actor('u-admin', CITY_ID, ['admin']),
  otherCityAdmin: actor('u-admin-nador', OTHER_CITY_ID, ['admin']),
  /** The daily job. */
  system: actor(SYSTEM_ACTOR_ID, CITY_ID, []),
} as const;

/** The actor who holds `role` in the right relation to the records the builders make. */
export function actorInRelation(role: ActingRole): Actor {
  switch (role) {
    case 'cso':
      return actors.cso;
    case 'city_officer':
      return actors.officer;
    case 'mayor_office':
      return actors.mayor;
    case 'funder':
      return actors.funder;
    case 'admin':
      return actors.admin;
    case 'system':
      return actors.system;
  }
}

/** An actor who holds `role`, but not towards the records the builders make. */
export function actorOutOfRelation(role: Role): Actor {
  switch (role) {
    case 'cso':
      return actors.otherCso;
    case 'city_officer':
      return actors.otherCityOfficer;
    case 'mayor_office':
      return actors.otherCityMayor;
    case 'funder':
      return actors.otherFunder;
    case 'admin':
      return actors.otherCityAdmin;
  }
}

/** The roles an actor acts in on a record: ['system'] for the daily job, else what rolesOn gives. */
export function rolesFor(a: Actor, record: Parameters<typeof rolesOn>[1]): ActingRole[] {
  return a.userId === SYSTEM_ACTOR_ID ? ['system'] : rolesOn(a, record);
}

// ---------------------------------------------------------------- grants

/** Submitted on Monday 2027-01-25; the fast-track deadline is 10 working days later, Monday 2027-02-08. */
export const SUBMITTED_AT = '2027-01-25T08:00:00Z';
export const DECISION_DUE = '2027-02-08';
export const DECIDED_AT = '2027-01-29T10:00:00Z';

export function grantApplication(overrides: Partial<GrantApplication> = {}): GrantApplication {
  return {
    track: 'fast',
    title: 'Legal counselling desk at the port',
    summary: 'A weekly desk giving legal counselling to migrants.',
    need: 'Migrants arriving in Sfax lack access to legal advice.',
    targetGroups: ['migrants', 'host community'],
    amountRequested: tnd(12_000_000),
    budget: [
      { label: 'Counsellors', amount: tnd(9_000_000) },
      { label: 'Venue', amount: tnd(3_000_000) },
    ],
    startDate: '2027-03-01',
    endDate: '2027-06-30',
    indicators: [
      { name: 'people_advised', target: 120 },
      { name: 'workshops_held', target: 10 },
    ],
    ...overrides,
  };
}

export const declaration = (a: Actor, role: Role, at = '2027-01-26T09:00:00Z'): ConflictDeclaration => ({
  userId: a.userId,
  role,
  at,
});

/** The award of the built grants: co-funded by the city's budget and a foundation. */
export const coFundedAward = (amount = 12_000_000): Award => ({
  amount: tnd(amount),
  funders: [
    { funderId: BUDGET_FUNDER_ID, share: tnd(amount - 4_000_000) },
    { funderId: FUNDER_ID, share: tnd(4_000_000) },
  ],
});

const GRANT_STAGE: Record<GrantState, 0 | 1 | 2 | 3 | 4> = {
  draft: 0,
  submitted: 1,
  in_review: 1,
  changes_requested: 1,
  withdrawn: 1,
  recommended: 2,
  rejected: 2,
  approved: 3,
  terminated: 3,
  active: 4,
  completed: 4,
  closed: 4,
  suspended: 4,
};

/**
 * A grant in `state`, with the fields the workflow would have set on the way: submission and deadline,
 * the officer's declaration and recommendation, the mayor's declaration and decision, the award
 * (co-funded, so `actors.funder` is one of its funders) and its tranches, the award's acceptance.
 */
export function grant(state: GrantState, overrides: Partial<Grant> = {}): Grant {
  const app = grantApplication(overrides);
  let g: Grant = {
    id: 'g-1',
    cityId: CITY_ID,
    organisationId: ORG_ID,
    state,
    version: 1,
    createdAt: '2027-01-20T08:00:00Z',
    updatedAt: '2027-01-20T08:00:00Z',
    createdBy: actors.cso.userId,
    ...app,
    conflictDeclarations: [],
    tranches: [],
  };
  const stage = GRANT_STAGE[state];
  if (stage >= 1) g = { ...g, submittedAt: SUBMITTED_AT, decisionDueAt: DECISION_DUE };
  if (stage >= 2) {
    g = {
      ...g,
      conflictDeclarations: [declaration(actors.officer, 'city_officer')],
      recommendation: {
        value: state === 'rejected' ? 'reject' : 'approve',
        comment: 'Clear need, sound budget.',
        by: actors.officer.userId,
        at: '2027-01-27T09:00:00Z',
      },
    };
  }
  if (state === 'rejected') {
    g = {
      ...g,
      conflictDeclarations: [...g.conflictDeclarations, declaration(actors.mayor, 'mayor_office')],
      decidedAt: DECIDED_AT,
      decidedBy: actors.mayor.userId,
      decisionLate: false,
      decisionComment: 'Out of scope.',
    };
  }
  if (stage >= 3) {
    const award = coFundedAward(app.amountRequested.amount);
    g = {
      ...g,
      conflictDeclarations: [...g.conflictDeclarations, declaration(actors.mayor, 'mayor_office')],
      decidedAt: DECIDED_AT,
      decidedBy: actors.mayor.userId,
      decisionLate: false,
      award,
      funderIds: award.funders.map((f) => f.funderId),
      tranches: trancheSchedule(app.track, award.amount),
    };
  }
  if (stage >= 4) {
    const at = '2027-01-30T10:00:00Z';
    g = { ...g, awardAcceptedAt: at, tranches: releaseTranches(g.tranches, 'award_accepted', at) };
  }
  return { ...g, ...overrides };
}

/** An organisation in good standing: active partnership, nothing overdue, no other open fast grant. */
export const eligibleStanding: Standing = {
  hasActivePartnership: true,
  overdueMilestones: [],
  openFastGrantIds: [],
};

export function grantContext(
  record: Grant,
  a: Actor,
  extra: Partial<Omit<GrantContext, 'record' | 'actor' | 'roles'>> = {},
): GrantContext {
  return {
    record,
    actor: a,
    roles: rolesFor(a, record),
    now: NOW,
    city: sfax,
    standing: eligibleStanding,
    knownFunderIds: KNOWN_FUNDERS,
    ...extra,
  };
}

// ---------------------------------------------------------------- partnerships

export function partnershipApplication(
  overrides: Partial<PartnershipApplication> = {},
): PartnershipApplication {
  return {
    motivation: 'We counsel migrants and want to do it with the city.',
    focusAreas: ['legal_counselling', 'access_to_services'],
    actionPlan: [
      {
        activity: 'Joint information days',
        quarter: '2027-Q2',
        lead: 'joint',
        indicator: 'information days held',
        target: 4,
      },
    ],
    documents: [
      { kind: 'statutes', reference: 'STAT-2019', date: '2019-06-01' },
      { kind: 'registration', reference: 'JORT-2019-123', date: '2019-06-15' },
      { kind: 'board_list', reference: 'BOARD-2026', date: '2026-05-01' },
      { kind: 'annual_accounts', reference: 'ACC-2025', date: '2026-04-30' },
      { kind: 'activity_report', reference: 'ACT-2025', date: '2026-04-30' },
    ],
    ...overrides,
  };
}

/** One check per document kind; `failing` lists the kinds found wanting. */
export function checklist(...failing: DiligenceCheck['item'][]): DiligenceCheck[] {
  return DOCUMENT_KINDS.map((item) =>
    failing.includes(item) ? { item, ok: false, note: 'Expired.' } : { item, ok: true },
  );
}

export const passedDiligence = (...failing: DiligenceCheck['item'][]) => ({
  checks: checklist(...failing),
  by: actors.officer.userId,
  at: '2027-01-28T09:00:00Z',
});

/** The term of an active partnership in the built records: 2026-02-01 to 2029-01-31. */
export const ACTIVE_TERM = { start: '2026-02-01', end: '2029-01-31' } as const;
/** The term of an approved partnership that starts later: 2027-03-01 to 2030-02-28. */
export const FUTURE_TERM = { start: '2027-03-01', end: '2030-02-28' } as const;
/** The term of an expired partnership: 2024-01-01 to 2026-12-31. */
export const ENDED_TERM = { start: '2024-01-01', end: '2026-12-31' } as const;

/**
 * A partnership in `state`. In `in_review` it has no due diligence yet (pass `dueDiligence` to add it)
 * and the officer and the mayor have declared no conflict (pass `conflictDeclarations: []` to undo it);
 * once decided it has one that passed. `approved` has a term starting later, `expired` an ended one.
 */
export function partnership(state: PartnershipState, overrides: Partial<Partnership> = {}): Partnership {
  let p: Partnership = {
    id: 'p-1',
    cityId: CITY_ID,
    organisationId: ORG_ID,
    organisationName: 'Association Amal Sfax',
    state,
    version: 1,
    createdAt: '2027-01-10T08:00:00Z',
    updatedAt: '2027-01-10T08:00:00Z',
    createdBy: actors.cso.userId,
    ...partnershipApplication(),
    terms: [],
  };
  if (state !== 'draft') p = { ...p, submittedAt: SUBMITTED_AT };
  if (state === 'in_review') {
    // Both reviewers have declared no conflict: tests of the other rules start from there.
    p = {
      ...p,
      conflictDeclarations: [
        declaration(actors.officer, 'city_officer'),
        declaration(actors.mayor, 'mayor_office'),
      ],
    };
  }
  if (['rejected', 'approved', 'active', 'suspended', 'terminated', 'expired'].includes(state)) {
    p = {
      ...p,
      dueDiligence: passedDiligence(),
      decidedAt: DECIDED_AT,
      decidedBy: actors.mayor.userId,
    };
  }
  if (state === 'rejected') p = { ...p, decisionComment: 'Incomplete plan.' };
  const term =
    state === 'approved'
      ? FUTURE_TERM
      : state === 'expired'
        ? ENDED_TERM
        : ['active', 'suspended', 'terminated'].includes(state)
          ? ACTIVE_TERM
          : undefined;
  if (term) p = { ...p, term, terms: [term] };
  return { ...p, ...overrides };
}

export function partnershipContext(
  record: Partnership,
  a: Actor,
  extra: Partial<Omit<PartnershipContext, 'record' | 'actor' | 'roles'>> = {},
): PartnershipContext {
  return { record, actor: a, roles: rolesFor(a, record), now: NOW, city: sfax, ...extra };
}

// ---------------------------------------------------------------- milestones

/** Due date of the built milestones, except `overdue` ones (due 2027-01-15). */
export const DUE_DATE = '2027-03-01';
export const OVERDUE_DATE = '2027-01-15';

export function report(overrides: Partial<Report> = {}): Report {
  return {
    narrative: 'We advised 130 people in 11 workshops.',
    indicatorResults: [
      { name: 'people_advised', value: 130 },
      { name: 'workshops_held', value: 11 },
    ],
    spent: tnd(11_500_000),
    ...overrides,
  };
}

/** A final report of grant g-1 (funded by the city's budget and `actors.funder`'s foundation) in `state`. */
export function milestone(state: MilestoneState, overrides: Partial<Milestone> = {}): Milestone {
  let m: Milestone = {
    id: 'm-1',
    cityId: CITY_ID,
    organisationId: ORG_ID,
    funderIds: [BUDGET_FUNDER_ID, FUNDER_ID],
    state,
    version: 1,
    createdAt: '2027-01-29T10:00:00Z',
    updatedAt: '2027-01-29T10:00:00Z',
    createdBy: actors.mayor.userId,
    parentType: 'grant',
    parentId: 'g-1',
    grantId: 'g-1',
    kind: 'final_report',
    title: 'Legal counselling desk at the port',
    dueDate: DUE_DATE,
    late: false,
    indicators: ['people_advised', 'workshops_held'],
    currency: 'TND',
  };
  if (state === 'overdue') {
    m = { ...m, dueDate: OVERDUE_DATE, late: true, overdueSince: '2027-01-16' };
  }
  if (state === 'submitted' || state === 'accepted' || state === 'revision_requested') {
    m = { ...m, report: report(), submittedAt: '2027-01-31T10:00:00Z' };
  }
  if (state === 'accepted' || state === 'revision_requested') {
    m = {
      ...m,
      reviewedAt: '2027-02-01T08:00:00Z',
      reviewedBy: actors.officer.userId,
      reviewComment: state === 'revision_requested' ? 'Add the workshop dates.' : 'Thank you.',
    };
  }
  return { ...m, ...overrides };
}

export function milestoneContext(
  record: Milestone,
  a: Actor,
  extra: Partial<Omit<MilestoneContext, 'record' | 'actor' | 'roles'>> = {},
): MilestoneContext {
  return { record, actor: a, roles: rolesFor(a, record), now: NOW, city: sfax, ...extra };
}

/** The instant at `time` (HH:MM, UTC) on `date`. */
export const at = (date: string, time = '09:00'): string => `${date}T${time}:00Z`;
