import { describe, expect, it } from 'vitest';
import {
  ACTIVE_TERM,
  actorInRelation,
  actorOutOfRelation,
  actors,
  at,
  checklist,
  declaration,
  ENDED_TERM,
  FUNDER_ID,
  FUTURE_TERM,
  NOW,
  partnership,
  partnershipApplication,
  partnershipContext,
  passedDiligence,
  sfax,
  TODAY,
} from '#test/fixtures/domain';
import { agreementHash, drawUpAgreement } from '../papers/agreement.ts';
import { DEFAULT_AGREEMENT_TEMPLATE } from '../papers/template.ts';
import { EventNotAllowedError, ForbiddenError, RuleViolationError } from './errors.ts';
import {
  annualReviews,
  applicationRules,
  applyPartnershipEvent,
  PARTNERSHIP_STATES,
  type Partnership,
  type PartnershipContext,
  type PartnershipEvent,
  type PartnershipEventType,
  type PartnershipState,
  partnershipTransitions,
  type Term,
  termFrom,
} from './partnership.ts';
import { type Actor, ROLES, type Role } from './types.ts';
import { type ActingRole, allowedEvents, check } from './workflow.ts';

type Extra = Partial<Omit<PartnershipContext, 'record' | 'actor' | 'roles'>>;

function act(record: Partnership, a: Actor, event: PartnershipEvent, extra: Extra = {}): Partnership {
  const c = partnershipContext(record, a, extra);
  const { to } = check(partnershipTransitions, c, event);
  return applyPartnershipEvent(c, event, to);
}

const allowed = (record: Partnership, a: Actor, extra: Extra = {}) =>
  allowedEvents(partnershipTransitions, partnershipContext(record, a, extra));

function failedRules(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleViolationError) return e.failures.map((f) => f.rule);
    throw e;
  }
  throw new Error('expected a RuleViolationError');
}

/** What the service hands the domain at approval and renewal: the default template filled with `p`. */
const drawUpFor = (p: Partnership) => (term: Term) =>
  drawUpAgreement({
    template: DEFAULT_AGREEMENT_TEMPLATE,
    partnership: p,
    organisation: { id: p.organisationId, name: p.organisationName, registrationNumber: 'SF-2014-117' },
    city: sfax,
    term,
    date: TODAY,
  });

/** An approved partnership starting today, its agreement frozen and not yet signed. */
function awaitingSignatures(): Partnership {
  const p = partnership('in_review', { dueDiligence: passedDiligence() });
  return act(p, actors.mayor, { type: 'approve' }, { drawUp: drawUpFor(p) });
}

const inReviewChecked = (overrides: Partial<Partnership> = {}) =>
  partnership('in_review', { dueDiligence: passedDiligence(), ...overrides });

// ---------------------------------------------------------------- every row of the table

interface Row {
  readonly record: Partnership;
  readonly event: PartnershipEvent;
  readonly to: PartnershipState;
  readonly extra?: Extra;
}

const ROWS: {
  readonly [K in PartnershipEventType]: Row & { readonly event: Extract<PartnershipEvent, { type: K }> };
} = {
  submit: { record: partnership('draft'), event: { type: 'submit' }, to: 'submitted' },
  withdraw: { record: partnership('submitted'), event: { type: 'withdraw' }, to: 'withdrawn' },
  start_review: { record: partnership('submitted'), event: { type: 'start_review' }, to: 'in_review' },
  request_changes: {
    record: partnership('in_review'),
    event: { type: 'request_changes', comment: 'Date your board list.' },
    to: 'changes_requested',
  },
  declare_no_conflict: {
    record: partnership('in_review', { conflictDeclarations: [] }),
    event: { type: 'declare_no_conflict' },
    to: 'in_review',
  },
  record_due_diligence: {
    record: partnership('in_review'),
    event: { type: 'record_due_diligence', checks: checklist() },
    to: 'in_review',
  },
  approve: { record: inReviewChecked(), event: { type: 'approve' }, to: 'approved' },
  sign: { record: awaitingSignatures(), event: { type: 'sign', name: 'Full Name' }, to: 'approved' },
  reject: {
    record: partnership('in_review'),
    event: { type: 'reject', comment: 'Not registered.' },
    to: 'rejected',
  },
  suspend: {
    record: partnership('active'),
    event: { type: 'suspend', comment: 'Inquiry.' },
    to: 'suspended',
  },
  reinstate: {
    record: partnership('suspended'),
    event: { type: 'reinstate', comment: 'Cleared.' },
    to: 'active',
  },
  terminate: {
    record: partnership('active'),
    event: { type: 'terminate', comment: 'Dissolved.' },
    to: 'terminated',
  },
  edit: { record: partnership('draft'), event: { type: 'edit' }, to: 'draft' },
  renew: { record: partnership('active'), event: { type: 'renew' }, to: 'active' },
  activate: {
    record: partnership('approved', { term: termFrom(TODAY, 3), terms: [termFrom(TODAY, 3)] }),
    event: { type: 'activate' },
    to: 'active',
  },
  expire: {
    record: partnership('active', { term: ENDED_TERM, terms: [ENDED_TERM] }),
    event: { type: 'expire' },
    to: 'expired',
  },
};

const rows = Object.entries(ROWS) as [PartnershipEventType, Row][];
const ACTING_ROLES: readonly ActingRole[] = [...ROLES, 'system'];

describe('partnership transitions: every row of the table', () => {
  it('has a tested scenario for every event of the table', () => {
    expect(Object.keys(ROWS).sort()).toEqual(Object.keys(partnershipTransitions).sort());
  });

  const happy = rows.flatMap(([type, row]) =>
    partnershipTransitions[type].by.map((role) => ({ type, role, row })),
  );
  it.each(happy)('$type by the $role of the partnership leads to the expected state', ({ role, row }) => {
    const c = partnershipContext(row.record, actorInRelation(role), row.extra);
    expect(check(partnershipTransitions, c, row.event)).toEqual({ from: row.record.state, to: row.to, role });
  });

  const wrongState = rows.flatMap(([type, row]) =>
    PARTNERSHIP_STATES.filter((s) => !partnershipTransitions[type].from.includes(s)).map((state) => ({
      type,
      state,
      row,
    })),
  );
  it.each(wrongState)(
    '$type is not possible while the partnership is $state (409)',
    ({ type, state, row }) => {
      const role = partnershipTransitions[type].by[0] as ActingRole;
      const c = partnershipContext({ ...row.record, state }, actorInRelation(role), row.extra);
      expect(() => check(partnershipTransitions, c, row.event)).toThrow(EventNotAllowedError);
    },
  );

  const wrongRole = rows.flatMap(([type, row]) =>
    ACTING_ROLES.filter((r) => !partnershipTransitions[type].by.includes(r)).map((role) => ({
      type,
      role,
      row,
    })),
  );
  it.each(wrongRole)('$type is refused to the $role of the partnership (403)', ({ role, row }) => {
    // Prepare: a record naming a funder, so that even the funder holds its role on it
    const c = partnershipContext({ ...row.record, funderIds: [FUNDER_ID] }, actorInRelation(role), row.extra);
    expect(c.roles).toEqual([role]);
    expect(() => check(partnershipTransitions, c, row.event)).toThrow(ForbiddenError);
  });

  const wrongRelation = rows.flatMap(([type, row]) =>
    partnershipTransitions[type].by
      .filter((r): r is Role => r !== 'system')
      .map((role) => ({ type, role, row, actor: actorOutOfRelation(role) })),
  );
  it.each(wrongRelation)(
    '$type is refused to a $role without relation to the partnership ($actor.userId)',
    ({ row, actor }) => {
      const c = partnershipContext(row.record, actor, row.extra);
      expect(c.roles).toEqual([]);
      expect(() => check(partnershipTransitions, c, row.event)).toThrow(ForbiddenError);
    },
  );
});

// ---------------------------------------------------------------- journeys

describe('a partnership, from application to renewal', () => {
  it('goes through changes, due diligence, a later start, activation by the daily job and renewal', () => {
    // Prepare
    let p = partnership('draft');
    expect(allowed(p, actors.cso)).toEqual(['submit', 'withdraw', 'edit']);

    // Act: submitted, sent back, resubmitted
    p = act(p, actors.cso, { type: 'submit' });
    expect(p).toMatchObject({ state: 'submitted', submittedAt: NOW });
    p = act(p, actors.officer, { type: 'start_review' });
    p = act(p, actors.officer, { type: 'declare_no_conflict' });
    p = act(p, actors.officer, { type: 'record_due_diligence', checks: checklist() });
    p = act(p, actors.officer, { type: 'request_changes', comment: 'Add a second activity.' });
    expect(allowed(p, actors.cso)).toEqual(['submit', 'withdraw', 'edit']);
    p = act(p, actors.cso, { type: 'submit' }, { now: at('2027-02-03') });
    expect(p.dueDiligence).toBeUndefined();

    // Act: the officer checks the documents; the mayor approves to start on 1 March
    p = act(p, actors.officer, { type: 'start_review' }, { now: at('2027-02-04') });
    expect(allowed(p, actors.officer)).toEqual([
      'request_changes',
      'declare_no_conflict',
      'record_due_diligence',
    ]);
    p = act(p, actors.officer, { type: 'declare_no_conflict' }, { now: at('2027-02-04') });
    expect(allowed(p, actors.officer)).toEqual(['request_changes', 'record_due_diligence']);
    p = act(
      p,
      actors.officer,
      { type: 'record_due_diligence', checks: checklist() },
      { now: at('2027-02-04') },
    );
    expect(allowed(p, actors.mayor)).toEqual(['declare_no_conflict', 'approve', 'reject']);
    p = act(p, actors.mayor, { type: 'declare_no_conflict' }, { now: at('2027-02-05') });
    p = act(
      p,
      actors.mayor,
      { type: 'approve', startDate: '2027-03-01' },
      { now: at('2027-02-05'), drawUp: drawUpFor(p) },
    );
    expect(p).toMatchObject({ state: 'approved', term: FUTURE_TERM, terms: [FUTURE_TERM] });
    expect(allowed(p, actors.mayor)).toEqual(['terminate', 'sign']);

    // Act: not signed, it is not activated on its start date; both sides sign before it
    expect(() => act(p, actors.system, { type: 'activate' }, { now: '2027-03-01T09:00:00Z' })).toThrow(
      EventNotAllowedError,
    );
    p = act(p, actors.cso, { type: 'sign', name: 'Leila Ben Salah' }, { now: at('2027-02-10') });
    p = act(p, actors.mayor, { type: 'sign', name: 'Karim Trabelsi' }, { now: at('2027-02-11') });
    expect(p.state).toBe('approved');

    // Act: the daily job activates it on its start date, not before
    expect(() => act(p, actors.system, { type: 'activate' }, { now: '2027-02-28T22:59:00Z' })).toThrow(
      EventNotAllowedError,
    );
    p = act(p, actors.system, { type: 'activate' }, { now: '2027-02-28T23:00:00Z' });
    expect(p.state).toBe('active');
    expect(allowed(p, actors.mayor)).toEqual(['suspend', 'terminate', 'renew']);

    // Act: suspended, reinstated, renewed
    p = act(p, actors.mayor, { type: 'suspend', comment: 'Inquiry.' }, { now: at('2028-01-10') });
    expect(allowed(p, actors.mayor)).toEqual(['reinstate', 'terminate']);
    p = act(p, actors.mayor, { type: 'reinstate', comment: 'Cleared.' }, { now: at('2028-02-10') });
    p = act(p, actors.mayor, { type: 'renew' }, { now: at('2030-01-15') });

    // Assess
    expect(p.state).toBe('active');
    expect(p.term).toEqual({ start: '2027-03-01', end: '2033-02-28' });
    expect(p.terms).toEqual([FUTURE_TERM, { start: '2030-03-01', end: '2033-02-28' }]);
  });
});

// ---------------------------------------------------------------- guards

describe('submitting a partnership application', () => {
  const submit = (record: Partnership, extra: Extra = {}) =>
    failedRules(() =>
      check(partnershipTransitions, partnershipContext(record, actors.cso, extra), { type: 'submit' }),
    );

  it('a complete application is submitted', () => {
    const c = partnershipContext(partnership('draft'), actors.cso, { otherPartnershipInForce: false });
    expect(check(partnershipTransitions, c, { type: 'submit' }).to).toBe('submitted');
  });

  it('declares every one of the five documents, and the failure names the missing ones', () => {
    const documents = partnershipApplication().documents.filter(
      (d) => d.kind !== 'board_list' && d.kind !== 'annual_accounts',
    );
    const failures = applicationRules(partnershipApplication({ documents }), TODAY);
    expect(failures).toEqual([
      {
        rule: 'documents_missing',
        path: 'documents',
        message: 'Declare these documents: board list, latest annual accounts.',
      },
    ]);
    expect(submit(partnership('draft', { documents }))).toEqual(['documents_missing']);
  });

  it('has no document dated in the future (today is fine)', () => {
    const documents = partnershipApplication().documents.map((d, i) =>
      i === 2 ? { ...d, date: '2027-02-02' } : i === 3 ? { ...d, date: TODAY } : d,
    );
    const failures = applicationRules(partnershipApplication({ documents }), TODAY);
    expect(failures).toEqual([
      {
        rule: 'document_date',
        path: 'documents.2.date',
        message: 'The date of your board list cannot be in the future.',
      },
    ]);
    expect(submit(partnership('draft', { documents }))).toEqual(['document_date']);
  });

  it('judges “future” by the date in Sfax, not in UTC', () => {
    const documents = partnershipApplication().documents.map((d, i) =>
      i === 0 ? { ...d, date: '2027-02-02' } : d,
    );
    const p = partnership('draft', { documents });
    expect(submit(p, { now: '2027-02-01T22:59:00Z' })).toEqual(['document_date']);
    expect(
      check(partnershipTransitions, partnershipContext(p, actors.cso, { now: '2027-02-01T23:00:00Z' }), {
        type: 'submit',
      }).to,
    ).toBe('submitted');
  });

  it('has at least one activity in the joint action plan', () => {
    expect(submit(partnership('draft', { actionPlan: [] }))).toEqual(['action_plan']);
  });

  it('is refused while the organisation has another partnership in force', () => {
    expect(submit(partnership('draft'), { otherPartnershipInForce: true })).toEqual(['partnership_in_force']);
  });

  it('lists every problem at once', () => {
    const p = partnership('changes_requested', {
      actionPlan: [],
      documents: [{ kind: 'statutes', reference: 'S', date: '2030-01-01' }],
    });
    expect(submit(p, { otherPartnershipInForce: true })).toEqual([
      'documents_missing',
      'document_date',
      'action_plan',
      'partnership_in_force',
    ]);
  });
});

describe('the due-diligence checklist', () => {
  const record = (checks: ReturnType<typeof checklist>) =>
    failedRules(() =>
      check(partnershipTransitions, partnershipContext(partnership('in_review'), actors.officer), {
        type: 'record_due_diligence',
        checks,
      }),
    );

  it('checks each of the five documents', () => {
    expect(record(checklist().slice(0, 4))).toEqual(['checklist_complete']);
  });

  it('checks each document once only', () => {
    const checks = checklist();
    expect(record([...checks.slice(0, 4), { item: 'statutes', ok: true }])).toEqual(['checklist_complete']);
    expect(record([...checks, { item: 'statutes', ok: true }])).toEqual(['checklist_complete']);
  });

  it('a complete checklist is recorded even when a document fails, with who checked and when', () => {
    const checks = checklist('annual_accounts');
    const p = act(partnership('in_review'), actors.officer, { type: 'record_due_diligence', checks });
    expect(p.state).toBe('in_review');
    expect(p.dueDiligence).toEqual({ checks, by: actors.officer.userId, at: NOW });
  });
});

describe('approving a partnership', () => {
  const approve = (record: Partnership, startDate?: string, now = NOW) =>
    failedRules(() =>
      check(
        partnershipTransitions,
        partnershipContext(record, actors.mayor, { now }),
        startDate === undefined ? { type: 'approve' } : { type: 'approve', startDate },
      ),
    );

  it('needs the due-diligence checklist first (422)', () => {
    expect(approve(partnership('in_review'))).toEqual(['due_diligence']);
  });

  it('is not offered to the mayor’s office when a check failed: it stays with the officer', () => {
    // Prepare
    const record = inReviewChecked({ dueDiligence: passedDiligence('statutes', 'board_list') });
    // Act
    const mayorMay = allowedEvents(partnershipTransitions, partnershipContext(record, actors.mayor));
    const officerMay = allowedEvents(partnershipTransitions, partnershipContext(record, actors.officer));
    // Assess
    expect(mayorMay).toEqual([]);
    expect(officerMay).toEqual(expect.arrayContaining(['request_changes', 'record_due_diligence']));
    expect(() =>
      check(partnershipTransitions, partnershipContext(record, actors.mayor), { type: 'approve' }),
    ).toThrow(EventNotAllowedError);
  });

  it('cannot start in the past', () => {
    expect(approve(inReviewChecked(), '2027-01-31')).toEqual(['start_date']);
  });

  it('“today” is Sfax’s today: after 23:00 UTC, the UTC date is already past', () => {
    expect(approve(inReviewChecked(), '2027-02-01', '2027-02-01T23:00:00Z')).toEqual(['start_date']);
  });

  it('lists a missing checklist and a past start together', () => {
    expect(approve(partnership('in_review'), '2026-12-31')).toEqual(['due_diligence', 'start_date']);
  });

  it('by default starts today, with a 3-year term, and waits for both signatures', () => {
    const p = act(inReviewChecked(), actors.mayor, { type: 'approve' });
    const term = { start: TODAY, end: '2030-01-31' };
    expect(p).toMatchObject({
      state: 'approved',
      decidedAt: NOW,
      decidedBy: actors.mayor.userId,
      term,
      terms: [term],
    });
  });

  it('with a start date of today, is not in force before it is signed', () => {
    expect(act(inReviewChecked(), actors.mayor, { type: 'approve', startDate: TODAY }).state).toBe(
      'approved',
    );
  });

  it('with a later start date, is approved until then', () => {
    const p = act(inReviewChecked(), actors.mayor, { type: 'approve', startDate: '2027-02-02' });
    expect(p.state).toBe('approved');
    expect(p.term).toEqual({ start: '2027-02-02', end: '2030-02-01' });
  });

  it('follows the city’s term length', () => {
    const p = act(
      inReviewChecked(),
      actors.mayor,
      { type: 'approve' },
      { city: { ...sfax, partnershipTermYears: 1 } },
    );
    expect(p.term).toEqual({ start: TODAY, end: '2028-01-31' });
  });

  it('a rejection records who decided, when and why', () => {
    const p = act(partnership('in_review'), actors.mayor, { type: 'reject', comment: 'Not registered.' });
    expect(p).toMatchObject({
      state: 'rejected',
      decidedAt: NOW,
      decidedBy: actors.mayor.userId,
      decisionComment: 'Not registered.',
    });
    expect(p.term).toBeUndefined();
  });
});

describe('the daily job: activation and expiry', () => {
  const ctxAt = (record: Partnership, now: string) => partnershipContext(record, actors.system, { now });

  it('activates an approved partnership on its start date (Sfax time), not the day before', () => {
    const p = partnership('approved');
    expect(() => check(partnershipTransitions, ctxAt(p, at('2027-02-28')), { type: 'activate' })).toThrow(
      EventNotAllowedError,
    );
    expect(check(partnershipTransitions, ctxAt(p, at('2027-03-01')), { type: 'activate' }).to).toBe('active');
  });

  it('does not activate an approved partnership without a term', () => {
    const p = partnership('approved', { term: undefined });
    expect(() => check(partnershipTransitions, ctxAt(p, at('2030-01-01')), { type: 'activate' })).toThrow(
      EventNotAllowedError,
    );
  });

  it('expires an active partnership the day after its term ends, not on its last day', () => {
    const p = partnership('active');
    expect(ACTIVE_TERM.end).toBe('2029-01-31');
    expect(() => check(partnershipTransitions, ctxAt(p, at('2029-01-31')), { type: 'expire' })).toThrow(
      EventNotAllowedError,
    );
    expect(check(partnershipTransitions, ctxAt(p, at('2029-02-01')), { type: 'expire' }).to).toBe('expired');
  });

  it('nobody but the daily job activates or expires, even when it is time', () => {
    const due = ROWS.activate.record;
    expect(() =>
      check(partnershipTransitions, partnershipContext(due, actors.mayor), { type: 'activate' }),
    ).toThrow(ForbiddenError);
  });

  it('neither event is ever offered, not even to the daily job', () => {
    for (const a of Object.values(actors)) {
      expect(allowed(ROWS.activate.record, a)).not.toContain('activate');
      expect(allowed(ROWS.expire.record, a)).not.toContain('expire');
    }
    expect(allowed(ROWS.activate.record, actors.system)).toEqual([]);
    expect(allowed(ROWS.expire.record, actors.system)).toEqual([]);
  });
});

// ---------------------------------------------------------------- effects

describe('resubmitting after changes', () => {
  it('clears the due diligence, which must be done again', () => {
    const p = act(partnership('changes_requested', { dueDiligence: passedDiligence() }), actors.cso, {
      type: 'submit',
    });
    expect(p).toMatchObject({ state: 'submitted', submittedAt: NOW, version: 2 });
    expect(p.dueDiligence).toBeUndefined();
  });
});

describe('renewal', () => {
  it('extends the term by the city’s term length and appends the new term', () => {
    const p = act(partnership('active'), actors.mayor, { type: 'renew' });
    const next = { start: '2029-02-01', end: '2032-01-31' };
    expect(p.term).toEqual({ start: ACTIVE_TERM.start, end: next.end });
    expect(p.terms).toEqual([ACTIVE_TERM, next]);
  });

  it('a second renewal appends a third term', () => {
    const twice = act(act(partnership('active'), actors.mayor, { type: 'renew' }), actors.mayor, {
      type: 'renew',
    });
    expect(twice.terms.map((t) => t.start)).toEqual(['2026-02-01', '2029-02-01', '2032-02-01']);
    expect(twice.term).toEqual({ start: '2026-02-01', end: '2035-01-31' });
  });

  it('leaves a partnership without a term unchanged but for its version', () => {
    const p = act(partnership('active', { term: undefined, terms: [] }), actors.mayor, { type: 'renew' });
    expect(p.term).toBeUndefined();
    expect(p.terms).toEqual([]);
    expect(p.version).toBe(2);
  });
});

describe('termFrom and annualReviews', () => {
  it('a 3-year term ends the day before the third anniversary', () => {
    expect(termFrom('2027-01-15', 3)).toEqual({ start: '2027-01-15', end: '2030-01-14' });
  });

  it('a 3-year term has 3 annual reviews, the last on the term’s end', () => {
    expect(annualReviews(termFrom('2027-01-15', 3))).toEqual(['2028-01-15', '2029-01-15', '2030-01-14']);
  });

  it('a 1-year term has one review, on its end', () => {
    expect(annualReviews(termFrom('2027-01-15', 1))).toEqual(['2028-01-14']);
  });

  it('a term starting on a leap day: anniversaries fall on 28 February, the term ends the day before', () => {
    const term = termFrom('2028-02-29', 3);
    expect(term).toEqual({ start: '2028-02-29', end: '2031-02-27' });
    expect(annualReviews(term)).toEqual(['2029-02-28', '2030-02-28', '2031-02-27']);
  });

  it('a term starting on 1 March of a leap year is not shifted', () => {
    expect(termFrom('2028-03-01', 3)).toEqual({ start: '2028-03-01', end: '2031-02-28' });
  });

  it('a renewed span gets one review per year of the whole span', () => {
    expect(annualReviews({ start: '2026-02-01', end: '2032-01-31' })).toHaveLength(6);
  });
});

// ---------------------------------------------------------------- allowedEvents

describe('allowedEvents: what each person is offered', () => {
  const cases: [PartnershipState, keyof typeof actors, PartnershipEventType[]][] = [
    ['draft', 'cso', ['submit', 'withdraw', 'edit']],
    ['draft', 'otherCso', []],
    ['submitted', 'cso', ['withdraw']],
    ['submitted', 'officer', ['start_review']],
    ['submitted', 'otherCityOfficer', []],
    ['in_review', 'cso', ['withdraw']],
    ['in_review', 'officer', ['request_changes', 'record_due_diligence']],
    ['in_review', 'mayor', ['approve', 'reject']],
    ['in_review', 'officerOfApplicant', []],
    ['in_review', 'mayorOfApplicant', []],
    ['in_review', 'otherCityMayor', []],
    ['changes_requested', 'cso', ['submit', 'withdraw', 'edit']],
    ['approved', 'mayor', ['terminate']],
    ['approved', 'cso', []],
    ['active', 'mayor', ['suspend', 'terminate', 'renew']],
    ['active', 'cso', []],
    ['active', 'officer', []],
    ['active', 'admin', []],
    ['suspended', 'mayor', ['reinstate', 'terminate']],
  ];

  it.each(cases)('a %s partnership offers the %s exactly %j', (state, who, expected) => {
    expect(allowed(partnership(state), actors[who])).toEqual(expected);
  });

  it.each(['rejected', 'withdrawn', 'terminated', 'expired'] as const)(
    'a %s partnership offers nothing',
    (state) => {
      for (const a of Object.values(actors)) expect(allowed(partnership(state), a)).toEqual([]);
    },
  );
});

// ---------------------------------------------------------------- separation of duties

describe('separation of duties on a partnership', () => {
  const refusedOrFailed = (record: Partnership, a: Actor, event: PartnershipEvent): string[] => {
    try {
      check(partnershipTransitions, partnershipContext(record, a), event);
    } catch (e) {
      if (e instanceof RuleViolationError) return e.failures.map((f) => f.rule);
      if (e instanceof ForbiddenError) return ['forbidden'];
      throw e;
    }
    return [];
  };
  const officerDeclared = { conflictDeclarations: [declaration(actors.officer, 'city_officer')] };

  it('the officer declares no conflict of interest before recording due diligence (422)', () => {
    // Prepare: an application in review, nobody has declared
    const p = partnership('in_review', { conflictDeclarations: [] });
    // Act / Assess
    expect(refusedOrFailed(p, actors.officer, { type: 'record_due_diligence', checks: checklist() })).toEqual(
      ['conflict_declaration'],
    );
    const declared = act(p, actors.officer, { type: 'declare_no_conflict' });
    expect(declared.state).toBe('in_review');
    expect(declared.conflictDeclarations).toEqual([{ userId: 'u-officer', role: 'city_officer', at: NOW }]);
    expect(
      act(declared, actors.officer, { type: 'record_due_diligence', checks: checklist() }).dueDiligence,
    ).toBeDefined();
  });

  it("the mayor's office declares before approving or rejecting (422); another person's declaration does not count", () => {
    // Prepare: due diligence done by a declared officer
    const p = inReviewChecked(officerDeclared);
    // Act / Assess
    expect(refusedOrFailed(p, actors.mayor, { type: 'approve' })).toEqual(['conflict_declaration']);
    expect(refusedOrFailed(p, actors.mayor, { type: 'reject', comment: 'No.' })).toEqual([
      'conflict_declaration',
    ]);
    const declared = act(p, actors.mayor, { type: 'declare_no_conflict' });
    expect(act(declared, actors.mayor, { type: 'approve' }).state).toBe('approved');
  });

  it('the person who recorded due diligence does not decide (403), even when they also hold the mayor’s role', () => {
    // Prepare: one person is officer and mayor's office, declared, and recorded the checklist
    const both: Actor = { userId: 'u-both', cityId: 'sfax', roles: ['city_officer', 'mayor_office'] };
    const p = inReviewChecked({
      dueDiligence: { ...passedDiligence(), by: both.userId },
      conflictDeclarations: [declaration(both, 'mayor_office')],
    });
    // Act / Assess
    expect(refusedOrFailed(p, both, { type: 'approve' })).toEqual(['forbidden']);
    expect(refusedOrFailed(p, both, { type: 'reject', comment: 'No.' })).toEqual(['forbidden']);
    expect(allowed(p, both)).not.toContain('approve');
  });

  it('nobody reviews or decides an application of their own organisation (403)', () => {
    const mine = {
      conflictDeclarations: [
        declaration(actors.officerOfApplicant, 'city_officer'),
        declaration(actors.mayorOfApplicant, 'mayor_office'),
      ],
    };
    const cases: [Actor, Partnership, PartnershipEvent][] = [
      [actors.officerOfApplicant, partnership('submitted'), { type: 'start_review' }],
      [
        actors.officerOfApplicant,
        partnership('in_review', { conflictDeclarations: [] }),
        { type: 'declare_no_conflict' },
      ],
      [
        actors.officerOfApplicant,
        partnership('in_review', mine),
        { type: 'record_due_diligence', checks: checklist() },
      ],
      [actors.officerOfApplicant, partnership('in_review'), { type: 'request_changes', comment: 'More.' }],
      [actors.mayorOfApplicant, inReviewChecked(mine), { type: 'approve' }],
      [actors.mayorOfApplicant, inReviewChecked(mine), { type: 'reject', comment: 'No.' }],
    ];
    for (const [a, p, e] of cases) expect(refusedOrFailed(p, a, e), e.type).toEqual(['forbidden']);
  });

  it('a resubmission clears the declarations, which are made again for the new review', () => {
    const p = partnership('changes_requested', officerDeclared);
    expect(act(p, actors.cso, { type: 'submit' }).conflictDeclarations).toEqual([]);
  });

  it('declaring twice is not offered (409)', () => {
    const p = partnership('in_review', officerDeclared);
    expect(() => act(p, actors.officer, { type: 'declare_no_conflict' })).toThrow(EventNotAllowedError);
  });
});

// ---------------------------------------------------------------- the agreement

describe('the agreement: drawn up at approval, signed by both sides', () => {
  const sign = (p: Partnership, a: Actor, name: string, now = NOW) =>
    act(p, a, { type: 'sign', name }, { now });

  it('approval freezes the agreement of the term: its template version, languages and hash', () => {
    // Act
    const p = awaitingSignatures();
    // Assess
    expect(p.state).toBe('approved');
    expect(p.agreement).toMatchObject({
      version: DEFAULT_AGREEMENT_TEMPLATE.version,
      languages: ['ar', 'fr', 'en'],
      drawnUpAt: NOW,
      signatures: [],
    });
    expect(p.agreement?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(p.term && agreementHash(drawUpFor(p)(p.term))).toBe(p.agreement?.hash);
  });

  it('each side signs once, with the hash; the second signature puts it in force on its start date', () => {
    // Prepare
    const p = awaitingSignatures();
    // Act
    const one = sign(p, actors.cso, 'Leila Ben Salah');
    const both = sign(one, actors.mayor, 'Karim Trabelsi', at('2027-02-02'));
    // Assess
    expect(one.state).toBe('approved');
    expect(allowed(one, actors.cso)).not.toContain('sign');
    expect(allowed(one, actors.mayor)).toContain('sign');
    expect(both.state).toBe('active');
    expect(both.agreement?.signatures).toEqual([
      { side: 'cso', userId: actors.cso.userId, name: 'Leila Ben Salah', at: NOW, hash: p.agreement?.hash },
      {
        side: 'city',
        userId: actors.mayor.userId,
        name: 'Karim Trabelsi',
        at: at('2027-02-02'),
        hash: p.agreement?.hash,
      },
    ]);
  });

  it('a second signature of the same side is refused (409)', () => {
    const one = sign(awaitingSignatures(), actors.mayor, 'Karim Trabelsi');
    expect(() => sign(one, actors.mayor, 'Karim Trabelsi')).toThrow(EventNotAllowedError);
  });

  it('nobody but a member of the organisation and the mayor’s office signs (403)', () => {
    const p = awaitingSignatures();
    for (const a of [actors.officer, actors.otherCso, actors.funder, actors.admin]) {
      expect(() => sign(p, a, 'Someone'), a.userId).toThrow(ForbiddenError);
    }
  });

  it('a signature with a signed scan records the scan’s document and hash', () => {
    // Prepare
    const p = awaitingSignatures();
    const ctx = {
      ...partnershipContext(p, actors.cso),
      signedScan: { documentId: 'd1', sha256: 'ab'.repeat(32) },
    };
    const e = { type: 'sign', name: 'Leila Ben Salah', signedScanUploadId: 'd1' } as const;
    // Act
    const { to } = check(partnershipTransitions, ctx, e);
    const signedP = applyPartnershipEvent(ctx, e, to);
    // Assess
    expect(signedP.agreement?.signatures).toEqual([
      expect.objectContaining({ side: 'cso', scan: { documentId: 'd1', sha256: 'ab'.repeat(32) } }),
    ]);
  });

  it('a renewal draws up a new agreement for the new term, to be signed again', () => {
    // Prepare: an active partnership with a signed agreement
    const p = sign(sign(awaitingSignatures(), actors.cso, 'Leila Ben Salah'), actors.mayor, 'Karim Trabelsi');
    expect(p.state).toBe('active');
    // Act
    const renewed = act(p, actors.mayor, { type: 'renew' }, { drawUp: drawUpFor(p) });
    // Assess
    expect(renewed.state).toBe('active');
    expect(renewed.agreement?.signatures).toEqual([]);
    expect(renewed.agreement?.hash).not.toBe(p.agreement?.hash);
    const newTerm = renewed.terms.at(-1);
    expect(newTerm && agreementHash(drawUpFor(p)(newTerm))).toBe(renewed.agreement?.hash);
    expect(allowed(renewed, actors.cso)).toContain('sign');
  });
});
