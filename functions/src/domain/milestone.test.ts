import { describe, expect, it } from 'vitest';
import {
  actorInRelation,
  actorOutOfRelation,
  actors,
  at,
  BUDGET_FUNDER_ID,
  DUE_DATE,
  eur,
  FUNDER_ID,
  milestone,
  milestoneContext,
  NOW,
  OTHER_FUNDER_ID,
  report,
  tnd,
} from '#test/fixtures/domain';
import { EventNotAllowedError, ForbiddenError, RuleViolationError } from './errors.ts';
import {
  applyMilestoneEvent,
  MILESTONE_STATES,
  type Milestone,
  type MilestoneContext,
  type MilestoneEvent,
  type MilestoneEventType,
  type MilestoneState,
  milestoneTransitions,
  reportRules,
} from './milestone.ts';
import { type Actor, ROLES, type Role } from './types.ts';
import { type ActingRole, allowedEvents, check } from './workflow.ts';

type Extra = Partial<Omit<MilestoneContext, 'record' | 'actor' | 'roles'>>;

function act(record: Milestone, a: Actor, event: MilestoneEvent, extra: Extra = {}): Milestone {
  const c = milestoneContext(record, a, extra);
  const { to } = check(milestoneTransitions, c, event);
  return applyMilestoneEvent(c, event, to);
}

const allowed = (record: Milestone, a: Actor, extra: Extra = {}) =>
  allowedEvents(milestoneTransitions, milestoneContext(record, a, extra));

function failedRules(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleViolationError) return e.failures.map((f) => f.rule);
    throw e;
  }
  throw new Error('expected a RuleViolationError');
}

/** The day after the due date (2027-03-01), in Sfax. */
const AFTER_DUE = at('2027-03-02');

// ---------------------------------------------------------------- every row of the table

interface Row {
  readonly record: Milestone;
  readonly event: MilestoneEvent;
  readonly to: MilestoneState;
  readonly extra?: Extra;
}

const ROWS: {
  readonly [K in MilestoneEventType]: Row & { readonly event: Extract<MilestoneEvent, { type: K }> };
} = {
  submit_report: {
    record: milestone('scheduled'),
    event: { type: 'submit_report', report: report() },
    to: 'submitted',
  },
  accept: {
    record: milestone('submitted'),
    event: { type: 'accept', comment: 'Thank you.' },
    to: 'accepted',
  },
  request_revision: {
    record: milestone('submitted'),
    event: { type: 'request_revision', comment: 'Split the counts by quarter.' },
    to: 'revision_requested',
  },
  query: {
    record: milestone('submitted'),
    event: { type: 'query', comment: 'Which receipts cover the rent?' },
    to: 'revision_requested',
  },
  mark_overdue: {
    record: milestone('scheduled'),
    event: { type: 'mark_overdue' },
    to: 'overdue',
    extra: { now: AFTER_DUE },
  },
};

const rows = Object.entries(ROWS) as [MilestoneEventType, Row][];
const ACTING_ROLES: readonly ActingRole[] = [...ROLES, 'system'];

describe('milestone transitions: every row of the table', () => {
  it('has a tested scenario for every event of the table', () => {
    expect(Object.keys(ROWS).sort()).toEqual(Object.keys(milestoneTransitions).sort());
  });

  const happy = rows.flatMap(([type, row]) =>
    milestoneTransitions[type].by.map((role) => ({ type, role, row })),
  );
  it.each(happy)('$type by the $role of the milestone leads to the expected state', ({ role, row }) => {
    const c = milestoneContext(row.record, actorInRelation(role), row.extra);
    expect(check(milestoneTransitions, c, row.event)).toEqual({ from: row.record.state, to: row.to, role });
  });

  const wrongState = rows.flatMap(([type, row]) =>
    MILESTONE_STATES.filter((s) => !milestoneTransitions[type].from.includes(s)).map((state) => ({
      type,
      state,
      row,
    })),
  );
  it.each(wrongState)('$type is not possible while the milestone is $state (409)', ({ type, state, row }) => {
    const role = milestoneTransitions[type].by[0] as ActingRole;
    const c = milestoneContext({ ...row.record, state }, actorInRelation(role), row.extra);
    expect(() => check(milestoneTransitions, c, row.event)).toThrow(EventNotAllowedError);
  });

  const wrongRole = rows.flatMap(([type, row]) =>
    ACTING_ROLES.filter((r) => !milestoneTransitions[type].by.includes(r)).map((role) => ({
      type,
      role,
      row,
    })),
  );
  it.each(wrongRole)('$type is refused to the $role of the milestone (403)', ({ role, row }) => {
    const c = milestoneContext(row.record, actorInRelation(role), row.extra);
    expect(c.roles).toEqual([role]);
    expect(() => check(milestoneTransitions, c, row.event)).toThrow(ForbiddenError);
  });

  const wrongRelation = rows.flatMap(([type, row]) =>
    milestoneTransitions[type].by
      .filter((r): r is Role => r !== 'system')
      .map((role) => ({ type, role, row, actor: actorOutOfRelation(role) })),
  );
  it.each(wrongRelation)(
    '$type is refused to a $role without relation to the milestone ($actor.userId)',
    ({ row, actor }) => {
      const c = milestoneContext(row.record, actor, row.extra);
      expect(c.roles).toEqual([]);
      expect(() => check(milestoneTransitions, c, row.event)).toThrow(ForbiddenError);
    },
  );
});

// ---------------------------------------------------------------- journeys

describe('a final report, from scheduled to accepted', () => {
  it('is submitted on time, sent back once, resubmitted and accepted by a funder', () => {
    // Prepare
    let m = milestone('scheduled');
    expect(allowed(m, actors.cso)).toEqual(['submit_report']);
    expect(allowed(m, actors.officer)).toEqual([]);

    // Act
    m = act(m, actors.cso, { type: 'submit_report', report: report() }, { now: at('2027-02-20') });
    expect(m).toMatchObject({
      state: 'submitted',
      submittedAt: at('2027-02-20'),
      late: false,
      report: report(),
    });
    expect(allowed(m, actors.funder)).toEqual(['accept', 'request_revision', 'query']);
    m = act(
      m,
      actors.funder,
      { type: 'request_revision', comment: 'Add the workshop dates.' },
      { now: at('2027-02-22') },
    );
    expect(m).toMatchObject({
      state: 'revision_requested',
      reviewedBy: actors.funder.userId,
      reviewComment: 'Add the workshop dates.',
    });
    expect(allowed(m, actors.cso)).toEqual(['submit_report']);
    const revised = report({ narrative: 'With dates.' });
    m = act(m, actors.cso, { type: 'submit_report', report: revised }, { now: at('2027-02-25') });
    m = act(m, actors.funder, { type: 'accept' }, { now: at('2027-02-26') });

    // Assess
    expect(m).toMatchObject({
      state: 'accepted',
      late: false,
      report: revised,
      reviewedAt: at('2027-02-26'),
      reviewedBy: actors.funder.userId,
      version: 5,
    });
    expect(m.reviewComment).toBeUndefined();
    for (const a of Object.values(actors)) expect(allowed(m, a)).toEqual([]);
  });
});

// ---------------------------------------------------------------- guards

describe('submitting a report: counts for every indicator, in the grant’s currency', () => {
  const submit = (r = report(), m = milestone('scheduled')) =>
    failedRules(() =>
      check(milestoneTransitions, milestoneContext(m, actors.cso), { type: 'submit_report', report: r }),
    );

  it('a complete report breaks no rule', () => {
    expect(reportRules(milestone('scheduled'), report())).toEqual([]);
  });

  it('gives a count for every indicator, and the failure names the missing one', () => {
    const r = report({ indicatorResults: [{ name: 'people_advised', value: 130 }] });
    expect(reportRules(milestone('scheduled'), r)).toEqual([
      {
        rule: 'indicator_results',
        path: 'report.indicatorResults',
        message: 'Give a count for every indicator: "workshops_held" is missing.',
      },
    ]);
    expect(submit(r)).toEqual(['indicator_results']);
  });

  it('says “are missing” when several are', () => {
    const [failure] = reportRules(milestone('scheduled'), report({ indicatorResults: [] }));
    expect(failure?.message).toBe(
      'Give a count for every indicator: "people_advised", "workshops_held" are missing.',
    );
  });

  it('gives no count for an indicator the report does not have', () => {
    const r = report({
      indicatorResults: [...report().indicatorResults, { name: 'meals_served', value: 12 }],
    });
    expect(submit(r)).toEqual(['indicator_unknown']);
    expect(reportRules(milestone('scheduled'), r)[0]?.message).toBe(
      'These are not indicators of this report: "meals_served".',
    );
  });

  it('gives the amount spent in the grant’s currency', () => {
    expect(submit(report({ spent: eur(1_000) }))).toEqual(['spent_currency']);
  });

  it('lists every problem at once', () => {
    const r = report({ spent: eur(1), indicatorResults: [{ name: 'names_of_people', value: 3 }] });
    expect(submit(r)).toEqual(['spent_currency', 'indicator_results', 'indicator_unknown']);
  });

  it('applies the same rules to a resubmission after a revision request', () => {
    expect(submit(report({ indicatorResults: [] }), milestone('revision_requested'))).toEqual([
      'indicator_results',
    ]);
  });
});

describe('the daily job marks a report overdue once its due date has passed', () => {
  const markAt = (now: string, m = milestone('scheduled')) =>
    check(milestoneTransitions, milestoneContext(m, actors.system, { now }), { type: 'mark_overdue' });

  it('not before the due date (422)', () => {
    expect(failedRules(() => markAt(NOW))).toEqual(['not_yet_due']);
  });

  it('not on the due date itself, even late in the evening in Sfax', () => {
    expect(DUE_DATE).toBe('2027-03-01');
    expect(failedRules(() => markAt('2027-03-01T22:59:00Z'))).toEqual(['not_yet_due']);
  });

  it('from the first minute of the next day in Sfax', () => {
    expect(markAt('2027-03-01T23:00:00Z').to).toBe('overdue');
  });

  it('marks it late and records since when it is overdue', () => {
    const m = act(
      milestone('scheduled'),
      actors.system,
      { type: 'mark_overdue' },
      { now: '2027-03-01T23:30:00Z' },
    );
    expect(m).toMatchObject({ state: 'overdue', late: true, overdueSince: '2027-03-02' });
  });

  it('never offers marking overdue to anybody, not even the daily job', () => {
    for (const a of Object.values(actors)) {
      expect(allowed(milestone('scheduled'), a, { now: AFTER_DUE })).not.toContain('mark_overdue');
    }
  });

  it('a report already submitted or sent back for revision is never marked overdue', () => {
    for (const state of ['submitted', 'revision_requested', 'accepted', 'overdue'] as const) {
      expect(() => markAt(AFTER_DUE, milestone(state))).toThrow(EventNotAllowedError);
    }
  });
});

describe('a late report is still accepted, and stays marked late', () => {
  it('a submission on the due date is on time', () => {
    const m = act(
      milestone('scheduled'),
      actors.cso,
      { type: 'submit_report', report: report() },
      {
        now: '2027-03-01T22:59:00Z',
      },
    );
    expect(m.late).toBe(false);
  });

  it('a submission after the due date, even never marked overdue, is late and stays late once accepted', () => {
    // Prepare / Act
    let m = act(
      milestone('scheduled'),
      actors.cso,
      { type: 'submit_report', report: report() },
      { now: AFTER_DUE },
    );
    expect(m).toMatchObject({ state: 'submitted', late: true });
    m = act(m, actors.officer, { type: 'accept' }, { now: at('2027-03-05') });

    // Assess
    expect(m).toMatchObject({ state: 'accepted', late: true });
  });

  it('a report sent on time and revised after the due date is not late', () => {
    // Prepare: submitted on time, then sent back for revision
    let m = act(
      milestone('scheduled'),
      actors.cso,
      { type: 'submit_report', report: report() },
      { now: at('2027-02-20') },
    );
    m = act(
      m,
      actors.officer,
      { type: 'request_revision', comment: 'Add the dates.' },
      { now: at('2027-02-25') },
    );
    // Act: the revision comes after the due date
    m = act(m, actors.cso, { type: 'submit_report', report: report() }, { now: AFTER_DUE });
    // Assess
    expect(m).toMatchObject({ state: 'submitted', late: false });
  });

  it('an overdue report submitted and accepted stays late', () => {
    let m = act(milestone('overdue'), actors.cso, { type: 'submit_report', report: report() });
    expect(m).toMatchObject({ state: 'submitted', late: true });
    m = act(m, actors.officer, { type: 'accept' });
    expect(m).toMatchObject({ state: 'accepted', late: true });
  });

  it('once marked late, a report stays late even if its due date is later postponed', () => {
    const postponed = milestone('overdue', { dueDate: '2027-03-01' });
    const m = act(postponed, actors.cso, { type: 'submit_report', report: report() });
    expect(m).toMatchObject({ state: 'submitted', late: true });
  });

  it('a late report sent back for revision stays late when resubmitted', () => {
    let m = act(milestone('overdue'), actors.cso, { type: 'submit_report', report: report() });
    m = act(m, actors.officer, { type: 'request_revision', comment: 'Counts by quarter, please.' });
    m = act(m, actors.cso, { type: 'submit_report', report: report() });
    expect(m).toMatchObject({ state: 'submitted', late: true });
  });
});

// ---------------------------------------------------------------- who reviews

describe('who reviews a report', () => {
  it('an officer of the city or a funder of the grant records the review with a comment', () => {
    const m = act(milestone('submitted'), actors.officer, { type: 'request_revision', comment: 'Dates?' });
    expect(m).toMatchObject({ reviewedAt: NOW, reviewedBy: actors.officer.userId, reviewComment: 'Dates?' });
  });

  it('a funder has no say on the annual review of a partnership, which no funder funds', () => {
    const review = milestone('submitted', {
      parentType: 'partnership',
      parentId: 'p-1',
      grantId: undefined,
      partnershipId: 'p-1',
      kind: 'annual_review',
      funderIds: undefined,
    });
    expect(allowed(review, actors.funder)).toEqual([]);
    expect(() => act(review, actors.funder, { type: 'accept' })).toThrow(ForbiddenError);
    expect(act(review, actors.officer, { type: 'accept' }).state).toBe('accepted');
  });
});

// ---------------------------------------------------------------- allowedEvents

describe('allowedEvents: what each person is offered', () => {
  const cases: [MilestoneState, keyof typeof actors, MilestoneEventType[]][] = [
    ['scheduled', 'cso', ['submit_report']],
    ['scheduled', 'otherCso', []],
    ['scheduled', 'officer', []],
    ['scheduled', 'funder', []],
    ['overdue', 'cso', ['submit_report']],
    ['revision_requested', 'cso', ['submit_report']],
    ['submitted', 'cso', []],
    ['submitted', 'officer', ['accept', 'request_revision']],
    ['submitted', 'funder', ['accept', 'request_revision', 'query']],
    ['submitted', 'otherFunder', []],
    ['submitted', 'otherCityOfficer', []],
    ['submitted', 'mayor', []],
    ['submitted', 'admin', []],
    ['accepted', 'cso', []],
    ['accepted', 'officer', []],
  ];

  it.each(cases)('a %s milestone offers the %s exactly %j', (state, who, expected) => {
    expect(allowed(milestone(state), actors[who])).toEqual(expected);
  });
});

// ---------------------------------------------------------------- separation of duties

describe('nobody reviews a report of their own organisation', () => {
  it.each(['accept', 'request_revision'] as const)(
    '%s by an officer who belongs to the reporting CSO is refused (403)',
    (type) => {
      // Prepare: a submitted report of Amal; an officer who is also a member of Amal
      const m = milestone('submitted');
      const event: MilestoneEvent = type === 'accept' ? { type } : { type, comment: 'Again.' };
      // Act / Assess
      expect(() => act(m, actors.officerOfApplicant, event)).toThrow(ForbiddenError);
      expect(allowed(m, actors.officerOfApplicant)).toEqual([]);
      expect(act(m, actors.officer, event).reviewedBy).toBe(actors.officer.userId);
    },
  );
});

// ---------------------------------------------------------------- co-funders that review

describe('a report co-funders asked to review is accepted once the city and each of them accepted', () => {
  const reviewed = (overrides: Partial<Milestone> = {}) =>
    milestone('submitted', {
      funderIds: [BUDGET_FUNDER_ID, FUNDER_ID, OTHER_FUNDER_ID],
      reviewers: [FUNDER_ID],
      ...overrides,
    });

  it('stays submitted after the city accepts, and is accepted when the reviewing funder accepts', () => {
    // Prepare
    let m = reviewed();
    // Act
    m = act(m, actors.officer, { type: 'accept' }, { now: at('2027-02-20') });
    const afterCity = m;
    m = act(m, actors.funder, { type: 'accept', comment: 'Clear.' }, { now: at('2027-02-21') });
    // Assess
    expect(afterCity.state).toBe('submitted');
    expect(allowed(afterCity, actors.officer)).toEqual(['request_revision']);
    expect(m.state).toBe('accepted');
    expect(m.reviews?.map((r) => [r.side, r.funderId, r.decision])).toEqual([
      ['city', undefined, 'accepted'],
      ['funder', FUNDER_ID, 'accepted'],
    ]);
  });

  it('is not accepted by the funders alone: the city accepts too', () => {
    // Prepare / Act
    const m = act(reviewed(), actors.funder, { type: 'accept' });
    // Assess
    expect(m.state).toBe('submitted');
    expect(allowed(m, actors.funder)).toEqual(['request_revision', 'query']);
  });

  it('refuses a co-funder that did not ask to review (403)', () => {
    // Prepare
    const m = reviewed();
    // Act / Assess
    expect(() => act(m, actors.otherFunder, { type: 'accept' })).toThrow(ForbiddenError);
    expect(() => act(m, actors.otherFunder, { type: 'query', comment: 'Why?' })).toThrow(ForbiddenError);
    expect(allowed(m, actors.otherFunder)).toEqual([]);
  });

  it('sends a queried report back to the CSO, and its next submission needs every acceptance again', () => {
    // Prepare
    let m = act(reviewed(), actors.officer, { type: 'accept' });
    // Act
    m = act(m, actors.funder, { type: 'query', comment: 'Which receipts cover the rent?' });
    const queried = m;
    m = act(m, actors.cso, { type: 'submit_report', report: report() });
    m = act(m, actors.funder, { type: 'accept' });
    // Assess
    expect(queried).toMatchObject({
      state: 'revision_requested',
      reviewComment: 'Which receipts cover the rent?',
    });
    expect(m.state).toBe('submitted');
    expect(allowed(m, actors.officer)).toEqual(['accept', 'request_revision']);
  });
});

// ---------------------------------------------------------------- reports funders can use

describe('a report: spending per budget line, underspend, categories, activities', () => {
  const grantReport = milestone('scheduled', {
    budget: [
      { label: 'Rent', amount: tnd(6_000_000) },
      { label: 'Staff', amount: tnd(6_000_000) },
    ],
    awarded: tnd(12_000_000),
    targets: [
      { name: 'people_advised', target: 120, categories: ['women', 'men'] },
      { name: 'workshops_held', target: 10 },
    ],
  });
  const results = [
    {
      name: 'people_advised',
      value: 130,
      byCategory: [
        { category: 'women', value: 70 },
        { category: 'men', value: 60 },
      ],
    },
    { name: 'workshops_held', value: 11 },
  ];
  const rulesOf = (m: Milestone, overrides: Partial<ReturnType<typeof report>>) =>
    reportRules(m, report({ indicatorResults: results, ...overrides })).map((f) => f.rule);

  it('takes lines that add up to the amount spent, and the fate of the underspend', () => {
    expect(
      rulesOf(grantReport, {
        spent: tnd(11_500_000),
        spentByLine: [
          { label: 'Rent', amount: tnd(6_000_000) },
          { label: 'Staff', amount: tnd(5_500_000) },
        ],
        underspend: 'returned',
      }),
    ).toEqual([]);
  });

  it('refuses lines that do not add up, an unknown line, and an underspend where none is', () => {
    expect(
      rulesOf(grantReport, {
        spent: tnd(12_000_000),
        spentByLine: [{ label: 'Rent', amount: tnd(6_000_000) }],
        underspend: 'returned',
      }),
    ).toEqual(['spent_by_line_total', 'underspend_none']);
    expect(rulesOf(grantReport, { spentByLine: [{ label: 'Travel', amount: tnd(11_500_000) }] })).toEqual([
      'spent_line_unknown',
    ]);
  });

  it('asks categories that add up to the result, where the indicator has them', () => {
    const workshops = { name: 'workshops_held', value: 11 };
    expect(
      rulesOf(grantReport, { indicatorResults: [{ name: 'people_advised', value: 130 }, workshops] }),
    ).toEqual(['category_counts']);
    const wrongTotal = [
      { category: 'women', value: 1 },
      { category: 'men', value: 1 },
    ];
    expect(
      rulesOf(grantReport, {
        indicatorResults: [{ name: 'people_advised', value: 130, byCategory: wrongTotal }, workshops],
      }),
    ).toEqual(['category_total']);
  });

  it('has an annual review report each activity and no amount spent', () => {
    // Prepare
    const review = milestone('scheduled', {
      parentType: 'partnership',
      parentId: 'p-1',
      kind: 'annual_review',
      indicators: ['people_advised'],
      activities: [
        {
          activity: 'Open the desk',
          quarter: '2027-Q1',
          lead: 'cso',
          indicator: 'people_advised',
          target: 40,
        },
        { activity: 'Lend a room', quarter: '2027-Q2', lead: 'city', indicator: 'people_advised', target: 0 },
      ],
    });
    const base = { indicatorResults: [{ name: 'people_advised', value: 41 }], spent: undefined };
    // Act / Assess
    expect(
      reportRules(
        review,
        report({
          ...base,
          activityResults: [
            { activity: 'Open the desk', status: 'done' },
            { activity: 'Lend a room', status: 'partly_done', note: 'From May.' },
          ],
        }),
      ),
    ).toEqual([]);
    expect(
      reportRules(review, report({ ...base, spent: tnd(1), activityResults: [] })).map((f) => f.rule),
    ).toEqual(['spent_not_asked', 'activity_results']);
  });
});
