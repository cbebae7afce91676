import { describe, expect, it } from 'vitest';
import {
  actorInRelation,
  actorOutOfRelation,
  actors,
  at,
  BUDGET_FUNDER_ID,
  coFundedAward,
  DECISION_DUE,
  declaration,
  eligibleStanding,
  eur,
  FUNDER_ID,
  grant,
  grantApplication,
  grantContext,
  NOW,
  OTHER_FUNDER_ID,
  sfax,
  tnd,
} from '#test/fixtures/domain';
import { EventNotAllowedError, ForbiddenError, RuleViolationError } from './errors.ts';
import {
  type Award,
  applicationRules,
  applyGrantEvent,
  decisionDeadline,
  GRANT_STATES,
  type Grant,
  type GrantContext,
  type GrantEvent,
  type GrantEventType,
  type GrantState,
  grantTransitions,
  isDecisionLate,
  milestoneSchedule,
  releaseTranches,
  resumedDeadline,
  type Tranche,
  trancheSchedule,
} from './grant.ts';
import { type Actor, ROLES, type Role } from './types.ts';
import { type ActingRole, allowedEvents, check } from './workflow.ts';

type Extra = Partial<Omit<GrantContext, 'record' | 'actor' | 'roles'>>;

/** Checks the event as `a` and applies it: the grant after the event. */
function act(record: Grant, a: Actor, event: GrantEvent, extra: Extra = {}): Grant {
  const c = grantContext(record, a, extra);
  const { to } = check(grantTransitions, c, event);
  return applyGrantEvent(c, event, to);
}

const allowed = (record: Grant, a: Actor, extra: Extra = {}) =>
  allowedEvents(grantTransitions, grantContext(record, a, extra));

/** The rule codes of the 422 that `fn` throws. */
function failedRules(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleViolationError) return e.failures.map((f) => f.rule);
    throw e;
  }
  throw new Error('expected a RuleViolationError');
}

const bothDeclared = [declaration(actors.officer, 'city_officer'), declaration(actors.mayor, 'mayor_office')];

// ---------------------------------------------------------------- every row of the table

interface Row {
  readonly record: Grant;
  readonly event: GrantEvent;
  readonly to: GrantState;
  readonly extra?: Extra;
}

/** For each event: a grant on which it succeeds for every role the table allows, in relation. */
const ROWS: { readonly [K in GrantEventType]: Row & { readonly event: Extract<GrantEvent, { type: K }> } } = {
  submit: { record: grant('draft'), event: { type: 'submit' }, to: 'submitted' },
  withdraw: { record: grant('submitted'), event: { type: 'withdraw' }, to: 'withdrawn' },
  start_review: { record: grant('submitted'), event: { type: 'start_review' }, to: 'in_review' },
  request_changes: {
    record: grant('in_review'),
    event: { type: 'request_changes', comment: 'Add a budget line for transport.' },
    to: 'changes_requested',
  },
  declare_no_conflict: {
    record: grant('in_review'),
    event: { type: 'declare_no_conflict' },
    to: 'in_review',
  },
  recommend: {
    record: grant('in_review', { conflictDeclarations: [declaration(actors.officer, 'city_officer')] }),
    event: { type: 'recommend', recommendation: 'approve', comment: 'Clear need.' },
    to: 'recommended',
  },
  approve: {
    record: grant('recommended', { conflictDeclarations: bothDeclared }),
    event: { type: 'approve' },
    to: 'approved',
  },
  reject: {
    record: grant('recommended', { conflictDeclarations: bothDeclared }),
    event: { type: 'reject', comment: 'Another CSO already runs this desk.' },
    to: 'rejected',
  },
  accept_award: { record: grant('approved'), event: { type: 'accept_award' }, to: 'active' },
  complete: { record: grant('active'), event: { type: 'complete' }, to: 'completed' },
  close: {
    record: grant('completed'),
    event: { type: 'close' },
    to: 'closed',
    extra: { milestoneStates: ['accepted'] },
  },
  suspend: {
    record: grant('active'),
    event: { type: 'suspend', comment: 'Audit pending.' },
    to: 'suspended',
  },
  reinstate: {
    record: grant('suspended'),
    event: { type: 'reinstate', comment: 'Audit passed.' },
    to: 'active',
  },
  terminate: {
    record: grant('active'),
    event: { type: 'terminate', comment: 'Funds misused.' },
    to: 'terminated',
  },
  edit: { record: grant('changes_requested'), event: { type: 'edit' }, to: 'changes_requested' },
};

const rows = Object.entries(ROWS) as [GrantEventType, Row][];
const ACTING_ROLES: readonly ActingRole[] = [...ROLES, 'system'];

describe('grant transitions: every row of the table', () => {
  it('has a tested scenario for every event of the table', () => {
    expect(Object.keys(ROWS).sort()).toEqual(Object.keys(grantTransitions).sort());
  });

  const happy = rows.flatMap(([type, row]) => grantTransitions[type].by.map((role) => ({ type, role, row })));
  it.each(happy)('$type by the $role of the grant leads to the expected state', ({ role, row }) => {
    const c = grantContext(row.record, actorInRelation(role), row.extra);
    expect(check(grantTransitions, c, row.event)).toEqual({ from: row.record.state, to: row.to, role });
  });

  const wrongState = rows.flatMap(([type, row]) =>
    GRANT_STATES.filter((s) => !grantTransitions[type].from.includes(s)).map((state) => ({
      type,
      state,
      row,
    })),
  );
  it.each(wrongState)('$type is not possible while the grant is $state (409)', ({ type, state, row }) => {
    const role = grantTransitions[type].by[0] as ActingRole;
    const c = grantContext({ ...row.record, state }, actorInRelation(role), row.extra);
    expect(() => check(grantTransitions, c, row.event)).toThrow(EventNotAllowedError);
  });

  const wrongRole = rows.flatMap(([type, row]) =>
    ACTING_ROLES.filter((r) => !grantTransitions[type].by.includes(r)).map((role) => ({ type, role, row })),
  );
  it.each(wrongRole)('$type is refused to the $role of the grant (403)', ({ role, row }) => {
    // Prepare: the grant names the funder, so the funder holds its role on it too
    const record = { ...row.record, funderIds: row.record.funderIds ?? [FUNDER_ID] };
    const c = grantContext(record, actorInRelation(role), row.extra);
    expect(c.roles).toEqual([role]);
    // Act / Assess
    expect(() => check(grantTransitions, c, row.event)).toThrow(ForbiddenError);
  });

  const wrongRelation = rows.flatMap(([type, row]) =>
    grantTransitions[type].by
      .filter((r): r is Role => r !== 'system')
      .map((role) => ({ type, role, row, actor: actorOutOfRelation(role) })),
  );
  it.each(wrongRelation)(
    '$type is refused to a $role without relation to the grant ($actor.userId)',
    ({ row, actor }) => {
      const c = grantContext(row.record, actor, row.extra);
      expect(c.roles).toEqual([]);
      expect(() => check(grantTransitions, c, row.event)).toThrow(ForbiddenError);
    },
  );
});

// ---------------------------------------------------------------- journeys

describe('a fast-track grant, from draft to closed', () => {
  it('goes through every step, each offered to the right person at the right time', () => {
    // Prepare
    let g = grant('draft');
    expect(allowed(g, actors.cso)).toEqual(['submit', 'withdraw', 'edit']);
    expect(allowed(g, actors.officer)).toEqual([]);

    // Act: the CSO submits on Monday 1 February
    g = act(g, actors.cso, { type: 'submit' });
    expect(g).toMatchObject({
      state: 'submitted',
      submittedAt: NOW,
      decisionDueAt: '2027-02-15',
      version: 2,
    });
    expect(allowed(g, actors.cso)).toEqual(['withdraw']);
    expect(allowed(g, actors.officer)).toEqual(['start_review']);
    expect(allowed(g, actors.mayor)).toEqual([]);

    // Act: the officer reviews, declares and recommends
    g = act(g, actors.officer, { type: 'start_review' }, { now: at('2027-02-02') });
    g = act(g, actors.officer, { type: 'declare_no_conflict' }, { now: at('2027-02-02', '09:05') });
    expect(allowed(g, actors.officer)).toEqual(['request_changes', 'recommend']);
    g = act(
      g,
      actors.officer,
      { type: 'recommend', recommendation: 'approve', comment: 'Sound.' },
      {
        now: at('2027-02-03'),
      },
    );
    expect(g.state).toBe('recommended');
    expect(allowed(g, actors.officer)).toEqual([]);

    // Act: the mayor's office declares and approves, before the deadline
    expect(allowed(g, actors.mayor)).toEqual(['declare_no_conflict', 'approve', 'reject']);
    g = act(g, actors.mayor, { type: 'declare_no_conflict' }, { now: at('2027-02-04') });
    expect(allowed(g, actors.mayor)).toEqual(['approve', 'reject']);
    g = act(g, actors.mayor, { type: 'approve' }, { now: at('2027-02-04', '10:00') });
    expect(g).toMatchObject({
      state: 'approved',
      decidedBy: actors.mayor.userId,
      decisionLate: false,
      funderIds: [BUDGET_FUNDER_ID],
    });
    expect(allowed(g, actors.cso)).toEqual(['accept_award']);
    expect(allowed(g, actors.mayor)).toEqual(['terminate']);

    // Act: the CSO accepts the award; the 100 % advance is released
    g = act(g, actors.cso, { type: 'accept_award' }, { now: at('2027-02-05') });
    expect(g.state).toBe('active');
    expect(g.tranches).toEqual([
      {
        id: 't1',
        amount: tnd(12_000_000),
        condition: 'award_accepted',
        state: 'released',
        releasedAt: at('2027-02-05'),
      },
    ]);

    // Act: the work is done, the report accepted, the grant closed
    g = act(g, actors.cso, { type: 'complete' }, { now: at('2027-07-01') });
    g = act(g, actors.officer, { type: 'close' }, { now: at('2027-08-30'), milestoneStates: ['accepted'] });

    // Assess
    expect(g).toMatchObject({ state: 'closed', version: 10, updatedAt: at('2027-08-30') });
    for (const a of Object.values(actors)) expect(allowed(g, a)).toEqual([]);
  });
});

describe('a standard grant sent back for changes', () => {
  it('starts afresh when resubmitted: new deadline, no declarations, no recommendation', () => {
    // Prepare: submitted, declared by the officer, sent back
    let g = act(grant('draft', { track: 'standard' }), actors.cso, { type: 'submit' });
    expect(g.decisionDueAt).toBe('2027-03-31'); // 40 working days, around the 10–11 March holidays
    g = act(g, actors.officer, { type: 'start_review' });
    g = act(g, actors.officer, { type: 'declare_no_conflict' });
    g = act(g, actors.officer, { type: 'request_changes', comment: 'Split the venue costs.' });
    expect(g.state).toBe('changes_requested');
    expect(g.conflictDeclarations).toHaveLength(1);
    expect(allowed(g, actors.cso)).toEqual(['submit', 'withdraw', 'edit']);

    // Act: the CSO resubmits a month later
    g = act(
      { ...g, recommendation: { value: 'reject', comment: 'old', by: 'u-x', at: NOW } },
      actors.cso,
      {
        type: 'submit',
      },
      { now: at('2027-03-01') },
    );

    // Assess
    expect(g).toMatchObject({
      state: 'submitted',
      submittedAt: at('2027-03-01'),
      decisionDueAt: '2027-04-29',
    });
    expect(g.conflictDeclarations).toEqual([]);
    expect(g.recommendation).toBeUndefined();
  });

  it('can be withdrawn by the CSO at any point before the decision, and not after', () => {
    for (const state of ['draft', 'submitted', 'in_review', 'changes_requested', 'recommended'] as const) {
      expect(act(grant(state), actors.cso, { type: 'withdraw' }).state).toBe('withdrawn');
    }
    for (const state of ['approved', 'active', 'rejected'] as const) {
      expect(() => act(grant(state), actors.cso, { type: 'withdraw' })).toThrow(EventNotAllowedError);
    }
  });
});

// ---------------------------------------------------------------- guards

describe('submitting a fast-track grant: eligibility', () => {
  const submit = (standing = eligibleStanding, amount = 12_000_000) =>
    failedRules(() =>
      check(
        grantTransitions,
        grantContext(
          grant('draft', {
            amountRequested: tnd(amount),
            budget: [{ label: 'All', amount: tnd(amount) }],
          }),
          actors.cso,
          { standing },
        ),
        { type: 'submit' },
      ),
    );

  it('an organisation in good standing submits', () => {
    const c = grantContext(grant('draft'), actors.cso);
    expect(check(grantTransitions, c, { type: 'submit' }).to).toBe('submitted');
  });

  it('is refused without an active partnership', () => {
    expect(submit({ ...eligibleStanding, hasActivePartnership: false })).toEqual(['active_partnership']);
  });

  it('is refused above the city’s fast-track ceiling', () => {
    expect(submit(eligibleStanding, 15_000_001)).toEqual(['within_ceiling']);
  });

  it('is refused while one of the organisation’s reports is overdue', () => {
    const overdueMilestones = [{ id: 'm-9', title: 'Final report', dueDate: '2027-01-10' }];
    expect(submit({ ...eligibleStanding, overdueMilestones })).toEqual(['no_overdue_reports']);
  });

  it('is refused when the organisation already has the most open fast-track grants allowed', () => {
    expect(submit({ ...eligibleStanding, openFastGrantIds: ['g-7', 'g-8'] })).toEqual(['open_fast_grants']);
  });

  it('lists every failed rule at once (422)', () => {
    const standing = {
      hasActivePartnership: false,
      overdueMilestones: [{ id: 'm-9', title: 'Final report', dueDate: '2027-01-10' }],
      openFastGrantIds: ['g-7', 'g-8'],
    };
    expect(submit(standing, 20_000_000)).toEqual([
      'active_partnership',
      'within_ceiling',
      'no_overdue_reports',
      'open_fast_grants',
    ]);
  });

  it('lists the application’s own problems together with the eligibility ones', () => {
    const g = grant('draft', { amountRequested: eur(1_000), budget: [], endDate: '2027-03-01' });
    const c = grantContext(g, actors.cso, { standing: { ...eligibleStanding, hasActivePartnership: false } });
    expect(failedRules(() => check(grantTransitions, c, { type: 'submit' }))).toEqual([
      'currency',
      'budget_total',
      'dates_order',
      'active_partnership',
      'within_ceiling',
    ]);
  });

  it('a standard-track grant is not held to the fast-track rules', () => {
    const g = grant('draft', {
      track: 'standard',
      amountRequested: tnd(90_000_000),
      budget: [{ label: 'All', amount: tnd(90_000_000) }],
    });
    const c = grantContext(g, actors.cso, { standing: undefined });
    expect(check(grantTransitions, c, { type: 'submit' }).to).toBe('submitted');
  });

  it('a fast-track submit without the organisation’s standing is a programming error, not a 422', () => {
    const c = grantContext(grant('draft'), actors.cso, { standing: undefined });
    expect(() => check(grantTransitions, c, { type: 'submit' })).toThrow(/standing is required/);
  });
});

describe('applicationRules: what a grant application must say', () => {
  const rulesOf = (overrides: Parameters<typeof grantApplication>[0]) =>
    applicationRules(grantApplication(overrides), sfax).map((f) => f.rule);

  it('a well-formed application breaks no rule', () => {
    expect(rulesOf({})).toEqual([]);
  });

  it('asks in the city’s currency', () => {
    const failures = applicationRules(
      grantApplication({ amountRequested: eur(1_000), budget: [{ label: 'All', amount: eur(1_000) }] }),
      sfax,
    );
    expect(failures).toEqual([
      { rule: 'currency', path: 'amountRequested.currency', message: 'Amounts in Sfax are in TND.' },
    ]);
  });

  it('asks for an amount above zero', () => {
    expect(rulesOf({ amountRequested: tnd(0), budget: [] })).toEqual(['amount_positive']);
  });

  it('has budget lines that add up to the amount requested, and says both totals', () => {
    const failures = applicationRules(grantApplication({ amountRequested: tnd(12_500_000) }), sfax);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ rule: 'budget_total', path: 'budget' });
    expect(failures[0]?.message).toContain('12000.000 TND');
    expect(failures[0]?.message).toContain('12500.000 TND');
  });

  it('has every budget line in the currency asked for', () => {
    const budget = [
      { label: 'Counsellors', amount: tnd(9_000_000) },
      { label: 'Venue', amount: eur(3_000) },
    ];
    expect(rulesOf({ budget })).toEqual(['budget_currency']);
  });

  it('ends after it starts: the same day is not enough', () => {
    expect(rulesOf({ startDate: '2027-03-01', endDate: '2027-03-01' })).toEqual(['dates_order']);
    expect(rulesOf({ startDate: '2027-03-01', endDate: '2027-02-28' })).toEqual(['dates_order']);
    expect(rulesOf({ startDate: '2027-03-01', endDate: '2027-03-02' })).toEqual([]);
  });
});

describe('reviewing and deciding: conflicts of interest and segregation of duties', () => {
  it('the officer recommends only after declaring no conflict (422)', () => {
    const c = grantContext(grant('in_review'), actors.officer);
    expect(
      failedRules(() =>
        check(grantTransitions, c, { type: 'recommend', recommendation: 'approve', comment: 'ok' }),
      ),
    ).toEqual(['conflict_declaration']);
  });

  it.each(['approve', 'reject'] as const)(
    'the mayor’s office may %s only after declaring no conflict (422)',
    (type) => {
      const c = grantContext(grant('recommended'), actors.mayor);
      const event: GrantEvent = type === 'approve' ? { type } : { type, comment: 'No.' };
      expect(failedRules(() => check(grantTransitions, c, event))).toEqual(['conflict_declaration']);
    },
  );

  it('another person’s declaration does not count for the decider', () => {
    const g = grant('recommended', { conflictDeclarations: [declaration(actors.officer2, 'mayor_office')] });
    const c = grantContext(g, actors.mayor);
    expect(failedRules(() => check(grantTransitions, c, { type: 'approve' }))).toEqual([
      'conflict_declaration',
    ]);
  });

  it('declaring twice is not possible (409) and is no longer offered', () => {
    const g = act(grant('in_review'), actors.officer, { type: 'declare_no_conflict' });
    expect(g.conflictDeclarations.map((d) => [d.userId, d.role])).toEqual([
      [actors.officer.userId, 'city_officer'],
    ]);
    expect(() => act(g, actors.officer, { type: 'declare_no_conflict' })).toThrow(EventNotAllowedError);
    expect(allowed(g, actors.officer)).not.toContain('declare_no_conflict');
    // another officer still may
    expect(allowed(g, actors.officer2)).toContain('declare_no_conflict');
  });

  it('the declaration is recorded with the role of the person and the instant', () => {
    const g = act(
      grant('recommended'),
      actors.mayor,
      { type: 'declare_no_conflict' },
      { now: at('2027-02-02') },
    );
    expect(g.state).toBe('recommended');
    expect(g.conflictDeclarations.at(-1)).toEqual({
      userId: actors.mayor.userId,
      role: 'mayor_office',
      at: at('2027-02-02'),
    });
  });

  describe('the person who recommends cannot decide', () => {
    // Someone holding both roles, who recommended and declared
    const both: Actor = { ...actors.officer, roles: ['city_officer', 'mayor_office'] };
    const g = grant('recommended', { conflictDeclarations: [declaration(both, 'city_officer')] });

    it.each([{ type: 'approve' }, { type: 'reject', comment: 'No.' }] as const)(
      '$type by the recommender is refused (403)',
      (event) => {
        expect(() => check(grantTransitions, grantContext(g, both), event)).toThrow(
          'You recommended this application; another person must decide it.',
        );
        expect(() => check(grantTransitions, grantContext(g, both), event)).toThrow(ForbiddenError);
      },
    );

    it('neither decision is offered to the recommender', () => {
      expect(allowed(g, both)).toEqual([]);
    });
  });

  describe('nobody reviews or decides an application of an organisation they belong to', () => {
    const refusals: [string, Actor, Grant, GrantEvent][] = [
      ['start_review', actors.officerOfApplicant, grant('submitted'), { type: 'start_review' }],
      [
        'request_changes',
        actors.officerOfApplicant,
        grant('in_review'),
        { type: 'request_changes', comment: 'x' },
      ],
      ['declare_no_conflict', actors.officerOfApplicant, grant('in_review'), { type: 'declare_no_conflict' }],
      [
        'recommend',
        actors.officerOfApplicant,
        grant('in_review', {
          conflictDeclarations: [declaration(actors.officerOfApplicant, 'city_officer')],
        }),
        { type: 'recommend', recommendation: 'approve', comment: 'x' },
      ],
      [
        'approve',
        actors.mayorOfApplicant,
        grant('recommended', {
          conflictDeclarations: [declaration(actors.mayorOfApplicant, 'mayor_office')],
        }),
        { type: 'approve' },
      ],
      [
        'reject',
        actors.mayorOfApplicant,
        grant('recommended', {
          conflictDeclarations: [declaration(actors.mayorOfApplicant, 'mayor_office')],
        }),
        { type: 'reject', comment: 'x' },
      ],
    ];

    it.each(refusals)('%s by a member of the applying CSO is refused (403)', (_, a, g, event) => {
      expect(() => check(grantTransitions, grantContext(g, a), event)).toThrow(
        'You belong to the organisation that applies, so you cannot review or decide this application.',
      );
    });

    it('nothing of the review or the decision is offered to them', () => {
      expect(allowed(grant('submitted'), actors.officerOfApplicant)).toEqual([]);
      expect(allowed(grant('in_review'), actors.officerOfApplicant)).toEqual([]);
      expect(allowed(grant('recommended'), actors.mayorOfApplicant)).toEqual([]);
    });
  });
});

describe('approving: the award', () => {
  const recommended = (overrides: Partial<Grant> = {}) =>
    grant('recommended', { conflictDeclarations: bothDeclared, ...overrides });
  const approveWith = (award: Award, g = recommended()) =>
    failedRules(() => check(grantTransitions, grantContext(g, actors.mayor), { type: 'approve', award }));

  it('a co-funded award whose shares add up is accepted', () => {
    const c = grantContext(recommended(), actors.mayor);
    expect(check(grantTransitions, c, { type: 'approve', award: coFundedAward(10_000_000) }).to).toBe(
      'approved',
    );
  });

  it('the funders’ shares must add up to the award', () => {
    const award: Award = {
      amount: tnd(12_000_000),
      funders: [
        { funderId: BUDGET_FUNDER_ID, share: tnd(8_000_000) },
        { funderId: FUNDER_ID, share: tnd(3_999_999) },
      ],
    };
    expect(approveWith(award)).toEqual(['award_shares_total']);
  });

  it('every funder must exist, and the failure points at it', () => {
    const award: Award = {
      amount: tnd(12_000_000),
      funders: [
        { funderId: BUDGET_FUNDER_ID, share: tnd(8_000_000) },
        { funderId: 'ghost-foundation', share: tnd(4_000_000) },
      ],
    };
    const c = grantContext(recommended(), actors.mayor);
    try {
      check(grantTransitions, c, { type: 'approve', award });
      expect.unreachable();
    } catch (e) {
      expect((e as RuleViolationError).failures).toEqual([
        {
          rule: 'award_funder_unknown',
          path: 'award.funders.1.funderId',
          message: 'There is no funder "ghost-foundation" in Sfax.',
        },
      ]);
    }
  });

  it('the award is at most the amount requested', () => {
    const award: Award = {
      amount: tnd(12_000_001),
      funders: [{ funderId: FUNDER_ID, share: tnd(12_000_001) }],
    };
    expect(approveWith(award)).toEqual(['award_amount']);
  });

  it('the award is above zero', () => {
    expect(approveWith({ amount: tnd(0), funders: [{ funderId: FUNDER_ID, share: tnd(0) }] })).toEqual([
      'award_amount',
      'award_share',
    ]);
  });

  it('a fast-track award stays within the ceiling, even when the ceiling was lowered after submission', () => {
    const award: Award = {
      amount: tnd(12_000_000),
      funders: [{ funderId: FUNDER_ID, share: tnd(12_000_000) }],
    };
    const c = grantContext(recommended(), actors.mayor, {
      city: { ...sfax, fastTrackCeiling: tnd(10_000_000) },
    });
    expect(failedRules(() => check(grantTransitions, c, { type: 'approve', award }))).toEqual([
      'award_ceiling',
    ]);
  });

  it('a standard award may exceed the fast-track ceiling', () => {
    const amount = tnd(40_000_000);
    const g = recommended({ track: 'standard', amountRequested: amount, budget: [{ label: 'All', amount }] });
    const c = grantContext(g, actors.mayor);
    expect(
      check(grantTransitions, c, {
        type: 'approve',
        award: { amount, funders: [{ funderId: FUNDER_ID, share: amount }] },
      }).to,
    ).toBe('approved');
  });

  it('names each funder once', () => {
    const award: Award = {
      amount: tnd(12_000_000),
      funders: [
        { funderId: FUNDER_ID, share: tnd(6_000_000) },
        { funderId: FUNDER_ID, share: tnd(6_000_000) },
      ],
    };
    expect(approveWith(award)).toEqual(['award_funders_unique']);
  });

  it('names at least one funder', () => {
    expect(approveWith({ amount: tnd(12_000_000), funders: [] })).toEqual(['award_funders']);
  });

  it('is in the city’s currency, and every share too', () => {
    expect(
      approveWith({ amount: eur(1_000), funders: [{ funderId: FUNDER_ID, share: eur(1_000) }] }),
    ).toEqual(['award_currency']);
    expect(
      approveWith({
        amount: tnd(12_000_000),
        funders: [
          { funderId: BUDGET_FUNDER_ID, share: tnd(12_000_000) },
          { funderId: FUNDER_ID, share: eur(0) },
        ],
      }),
    ).toEqual(['award_share']);
  });

  it('lists every problem of the award and the missing declaration together', () => {
    const award: Award = {
      amount: tnd(13_000_000),
      funders: [
        { funderId: 'ghost', share: tnd(1_000) },
        { funderId: 'ghost', share: tnd(1_000) },
      ],
    };
    const g = recommended({ conflictDeclarations: [] });
    expect(approveWith(award, g)).toEqual([
      'conflict_declaration',
      'award_amount',
      'award_funders_unique',
      'award_funder_unknown',
      'award_funder_unknown',
      'award_shares_total',
    ]);
  });
});

describe('closing a grant', () => {
  const close = (milestoneStates: string[]) =>
    check(grantTransitions, grantContext(grant('completed'), actors.officer, { milestoneStates }), {
      type: 'close',
    });

  it('closes once every report is accepted', () => {
    expect(close(['accepted', 'accepted']).to).toBe('closed');
  });

  it('does not close when its milestones were not looked at', () => {
    const unknown = () =>
      check(grantTransitions, grantContext(grant('completed'), actors.officer), { type: 'close' });
    expect(failedRules(unknown)).toEqual(['reports_accepted']);
  });

  it.each(['scheduled', 'submitted', 'revision_requested', 'overdue'])(
    'does not close while a report is %s',
    (s) => {
      expect(failedRules(() => close(['accepted', s]))).toEqual(['reports_accepted']);
    },
  );
});

// ---------------------------------------------------------------- effects

describe('submitting: the decision deadline, 10 working days in Sfax’s calendar', () => {
  const dueAfterSubmitAt = (now: string, track: 'fast' | 'standard' = 'fast') =>
    act(grant('draft', { track }), actors.cso, { type: 'submit' }, { now }).decisionDueAt;

  it('records when it was submitted', () => {
    const g = act(grant('draft'), actors.cso, { type: 'submit' });
    expect(g.submittedAt).toBe(NOW);
    expect(g.updatedAt).toBe(NOW);
  });

  it('skips two weekends: Monday 1 February → Monday 15 February', () => {
    expect(dueAfterSubmitAt(at('2027-02-01'))).toBe('2027-02-15');
  });

  it('skips public holidays: Monday 1 March → Wednesday 17 March (10 and 11 March are holidays)', () => {
    expect(dueAfterSubmitAt(at('2027-03-01'))).toBe('2027-03-17');
    expect(
      decisionDeadline('fast', at('2027-03-01'), { ...sfax, calendar: { ...sfax.calendar, holidays: [] } }),
    ).toBe('2027-03-15');
  });

  it('a submission on a Saturday counts from the next Monday', () => {
    expect(dueAfterSubmitAt(at('2027-02-06'))).toBe('2027-02-19');
  });

  it('counts from the day in Sfax: Thursday 23:30 UTC is already Friday in Tunis', () => {
    expect(dueAfterSubmitAt('2027-02-04T23:30:00Z')).toBe('2027-02-19');
    expect(dueAfterSubmitAt('2027-02-04T22:30:00Z')).toBe('2027-02-18');
  });

  it('a standard-track application gets the standard deadline (40 working days)', () => {
    expect(dueAfterSubmitAt(at('2027-02-01'), 'standard')).toBe('2027-03-31');
  });
});

describe('approving: what the decision fixes', () => {
  const recommended = (overrides: Partial<Grant> = {}) =>
    grant('recommended', { conflictDeclarations: bothDeclared, ...overrides });

  it('by default awards the amount requested, all from the city’s own budget', () => {
    const g = act(recommended(), actors.mayor, { type: 'approve' });
    expect(g.award).toEqual({
      amount: tnd(12_000_000),
      funders: [{ funderId: BUDGET_FUNDER_ID, share: tnd(12_000_000) }],
    });
    expect(g.funderIds).toEqual([BUDGET_FUNDER_ID]);
    expect(g).toMatchObject({ decidedAt: NOW, decidedBy: actors.mayor.userId });
  });

  it('with co-funding, every funder of the award can see the grant', () => {
    const award: Award = {
      amount: tnd(10_000_000),
      funders: [
        { funderId: FUNDER_ID, share: tnd(6_000_000) },
        { funderId: OTHER_FUNDER_ID, share: tnd(4_000_000) },
      ],
    };
    const g = act(recommended(), actors.mayor, { type: 'approve', award });
    expect(g.award).toEqual(award);
    expect(g.funderIds).toEqual([FUNDER_ID, OTHER_FUNDER_ID]);
  });

  it('a fast-track award is paid in one 100 % tranche at acceptance of the award', () => {
    const g = act(recommended(), actors.mayor, { type: 'approve' });
    expect(g.tranches).toEqual([
      { id: 't1', amount: tnd(12_000_000), condition: 'award_accepted', state: 'scheduled' },
    ]);
  });

  it('a standard award is paid 80 % in advance and 20 % after the final report, summing exactly', () => {
    const amount = tnd(12_345_679);
    const g = act(
      recommended({ track: 'standard', amountRequested: amount, budget: [{ label: 'All', amount }] }),
      actors.mayor,
      {
        type: 'approve',
      },
    );
    expect(g.tranches).toEqual([
      { id: 't1', amount: tnd(9_876_543), condition: 'award_accepted', state: 'scheduled' },
      { id: 't2', amount: tnd(2_469_136), condition: 'final_report_accepted', state: 'scheduled' },
    ]);
    expect(g.tranches.reduce((s, t) => s + t.amount.amount, 0)).toBe(amount.amount);
  });

  it.each([
    ['before the deadline', at('2027-02-05'), false],
    ['on the deadline day', '2027-02-08T22:59:00Z', false],
    ['the day after the deadline (in Sfax’s time)', '2027-02-08T23:00:00Z', true],
    ['weeks after the deadline', at('2027-03-01'), true],
  ])('a decision %s is marked late: %s', (_, now, late) => {
    expect(DECISION_DUE).toBe('2027-02-08');
    const approved = act(recommended(), actors.mayor, { type: 'approve' }, { now });
    const rejected = act(recommended(), actors.mayor, { type: 'reject', comment: 'No.' }, { now });
    expect(approved.decisionLate).toBe(late);
    expect(rejected.decisionLate).toBe(late);
  });

  it('a rejection records who decided, when, and why', () => {
    const g = act(recommended(), actors.mayor, { type: 'reject', comment: 'Out of scope.' });
    expect(g).toMatchObject({
      state: 'rejected',
      decidedAt: NOW,
      decidedBy: actors.mayor.userId,
      decisionComment: 'Out of scope.',
    });
    expect(g.award).toBeUndefined();
  });

  it('the recommendation records its value, comment, author and instant', () => {
    const g = act(
      grant('in_review', { conflictDeclarations: [declaration(actors.officer, 'city_officer')] }),
      actors.officer,
      { type: 'recommend', recommendation: 'reject', comment: 'Duplicates a city service.' },
    );
    expect(g.recommendation).toEqual({
      value: 'reject',
      comment: 'Duplicates a city service.',
      by: actors.officer.userId,
      at: NOW,
    });
  });
});

describe('accepting the award', () => {
  it('releases the advance of a standard grant and keeps the balance for the final report', () => {
    const g = act(grant('approved', { track: 'standard' }), actors.cso, { type: 'accept_award' });
    expect(g.awardAcceptedAt).toBe(NOW);
    expect(g.tranches.map((t) => [t.condition, t.state, t.releasedAt])).toEqual([
      ['award_accepted', 'released', NOW],
      ['final_report_accepted', 'scheduled', undefined],
    ]);
  });
});

describe('tranches', () => {
  it('releaseTranches releases only scheduled tranches of the condition met; held ones stay held', () => {
    const tranches: Tranche[] = [
      { id: 't1', amount: tnd(800), condition: 'award_accepted', state: 'held' },
      { id: 't2', amount: tnd(200), condition: 'final_report_accepted', state: 'scheduled' },
      { id: 't3', amount: tnd(100), condition: 'final_report_accepted', state: 'paid', paidAt: NOW },
    ];
    expect(releaseTranches(tranches, 'final_report_accepted', NOW).map((t) => t.state)).toEqual([
      'held',
      'released',
      'paid',
    ]);
  });

  it('trancheSchedule splits small odd amounts exactly', () => {
    const [a, b] = trancheSchedule('standard', tnd(1));
    expect([a?.amount.amount, b?.amount.amount]).toEqual([1, 0]);
  });
});

describe('milestoneSchedule: the reports a grant owes', () => {
  it('a fast-track grant owes one final report 8 weeks after its end date', () => {
    expect(milestoneSchedule(grantApplication(), sfax)).toEqual([
      { kind: 'final_report', dueDate: '2027-08-25' },
    ]);
  });

  it('a standard grant also owes an interim report at mid-term', () => {
    expect(milestoneSchedule(grantApplication({ track: 'standard' }), sfax)).toEqual([
      { kind: 'interim_report', dueDate: '2027-04-30' },
      { kind: 'final_report', dueDate: '2027-08-25' },
    ]);
  });

  it('follows the city’s setting for the final report', () => {
    expect(milestoneSchedule(grantApplication(), { ...sfax, finalReportWeeks: 4 })[0]?.dueDate).toBe(
      '2027-07-28',
    );
  });
});

describe('isDecisionLate: the mayor’s queue', () => {
  it('a grant waiting for a decision is late only once the deadline has passed in Sfax', () => {
    for (const state of ['submitted', 'in_review', 'recommended'] as const) {
      const g = grant(state);
      expect(isDecisionLate(g, '2027-02-08T22:59:00Z', sfax)).toBe(false);
      expect(isDecisionLate(g, '2027-02-08T23:00:00Z', sfax)).toBe(true);
    }
  });

  it('a decided grant stays as it was decided, for ever', () => {
    expect(isDecisionLate(grant('approved', { decisionLate: true }), NOW, sfax)).toBe(true);
    expect(isDecisionLate(grant('approved', { decisionLate: false }), at('2030-01-01'), sfax)).toBe(false);
    expect(isDecisionLate(grant('rejected', { decisionLate: true }), NOW, sfax)).toBe(true);
  });

  it('a grant not waiting for a decision is never late', () => {
    const later = at('2027-06-01');
    expect(isDecisionLate(grant('draft'), later, sfax)).toBe(false);
    expect(isDecisionLate(grant('changes_requested'), later, sfax)).toBe(false);
    expect(isDecisionLate(grant('withdrawn'), later, sfax)).toBe(false);
  });
});

// ---------------------------------------------------------------- allowedEvents

describe('allowedEvents: what each person is offered', () => {
  const cases: [GrantState, keyof typeof actors, GrantEventType[]][] = [
    ['draft', 'cso', ['submit', 'withdraw', 'edit']],
    ['draft', 'otherCso', []],
    ['draft', 'officer', []],
    ['submitted', 'cso', ['withdraw']],
    ['submitted', 'officer', ['start_review']],
    ['submitted', 'otherCityOfficer', []],
    ['submitted', 'mayor', []],
    ['in_review', 'officer', ['request_changes', 'declare_no_conflict', 'recommend']],
    ['in_review', 'mayor', ['declare_no_conflict']],
    ['in_review', 'cso', ['withdraw']],
    ['changes_requested', 'cso', ['submit', 'withdraw', 'edit']],
    ['changes_requested', 'officer', []],
    ['recommended', 'officer', []],
    ['recommended', 'officer2', ['declare_no_conflict']],
    ['recommended', 'mayor', ['declare_no_conflict', 'approve', 'reject']],
    ['recommended', 'otherCityMayor', []],
    ['recommended', 'cso', ['withdraw']],
    ['approved', 'cso', ['accept_award']],
    ['approved', 'mayor', ['terminate']],
    ['approved', 'funder', []],
    ['active', 'cso', ['complete']],
    ['active', 'officer', ['complete']],
    ['active', 'mayor', ['suspend', 'terminate']],
    ['active', 'funder', []],
    ['active', 'admin', []],
    ['suspended', 'mayor', ['reinstate', 'terminate']],
    ['suspended', 'cso', []],
    ['completed', 'officer', ['close']],
    ['completed', 'cso', []],
  ];

  it.each(cases)('a %s grant offers the %s exactly %j', (state, who, expected) => {
    expect(allowed(grant(state), actors[who])).toEqual(expected);
  });

  it.each(['closed', 'rejected', 'withdrawn', 'terminated'] as const)(
    'a %s grant offers nothing to anybody',
    (state) => {
      for (const a of Object.values(actors)) expect(allowed(grant(state), a)).toEqual([]);
    },
  );

  it('offers only events that check() lets through to the role (guards aside)', () => {
    for (const state of GRANT_STATES) {
      for (const a of Object.values(actors)) {
        const c = grantContext(grant(state), a);
        for (const type of allowedEvents(grantTransitions, c)) {
          const event = ROWS[type].event;
          try {
            check(grantTransitions, c, event);
          } catch (e) {
            expect(e).toBeInstanceOf(RuleViolationError);
          }
        }
      }
    }
  });
});

describe('the decision clock stops while the application is with the CSO', () => {
  it('moves the deadline by the working days spent in changes_requested, not by a new count', () => {
    // Prepare: due Friday 11 Dec 2026; sent back Tuesday 8 Dec, back on Thursday 10 Dec (two working days away)
    const cal = sfax.calendar;
    // Act
    const moved = resumedDeadline('2026-12-11', '2026-12-08', '2026-12-10', cal);
    const sameDay = resumedDeadline('2026-12-11', '2026-12-08', '2026-12-08', cal);
    const overWeekend = resumedDeadline('2026-12-11', '2026-12-11', '2026-12-14', cal);
    // Assess: Wednesday and Thursday do not count, the weekend never does
    expect(moved).toBe('2026-12-15');
    expect(sameDay).toBe('2026-12-11');
    expect(overWeekend).toBe('2026-12-14');
  });

  it('keeps the first deadline through a send-back and a resubmission', () => {
    // Prepare: submitted with DECISION_DUE, sent back at NOW
    const officer = actorInRelation('city_officer');
    const inReview = grant('in_review', { firstDecisionDueAt: DECISION_DUE });
    const sentBack = applyGrantEvent(
      grantContext(inReview, officer),
      { type: 'request_changes', comment: 'Detail the budget.' },
      'changes_requested',
    );
    // Act: back three calendar days later (Thursday 4 Feb 2027: three working days away)
    const cso = actorInRelation('cso');
    const back = applyGrantEvent(
      { ...grantContext(sentBack, cso), now: '2027-02-04T09:00:00Z' },
      { type: 'submit' },
      'submitted',
    );
    // Assess
    expect(sentBack.decisionPausedOn).toBe('2027-02-01');
    expect(back.firstDecisionDueAt).toBe(DECISION_DUE);
    expect(back.decisionDueAt).toBe('2027-02-11');
    expect(back.decisionPausedOn).toBeUndefined();
  });
});
