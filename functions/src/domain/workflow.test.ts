import { describe, expect, it } from 'vitest';
import { actors, NOW } from '#test/fixtures/domain';
import { EventNotAllowedError, ForbiddenError, RuleViolationError } from './errors.ts';
import { grantTransitions } from './grant.ts';
import { milestoneTransitions } from './milestone.ts';
import { partnershipTransitions } from './partnership.ts';
import { ROLES } from './types.ts';
import {
  type ActingRole,
  allowedEvents,
  check,
  rule,
  type Subject,
  type TransitionTable,
} from './workflow.ts';

// A small table that exercises every feature of the engine, independent of the real workflows.
type DocState = 'open' | 'closed' | 'archived';
interface Doc {
  readonly state: DocState;
  readonly owner: string;
  readonly pages: number;
  readonly locked: boolean;
}
type DocEvent =
  | { readonly type: 'close'; readonly reason: string }
  | { readonly type: 'reopen' }
  | { readonly type: 'archive' }
  | { readonly type: 'sweep' };
type DocContext = Subject<Doc>;

const closeGuards: ((c: DocContext, e: Extract<DocEvent, { type: 'close' }>) => ReturnType<typeof rule>)[] = [
  (c) => rule(c.record.pages > 0, { rule: 'has_pages', message: 'Write at least one page.' }),
  (_c, e) => rule(e.reason !== '', { rule: 'reason', message: 'Give a reason.', path: 'reason' }),
];

const docTable: TransitionTable<DocState, DocEvent['type'], DocContext, DocEvent> = {
  close: { from: ['open'], to: 'closed', by: ['city_officer', 'mayor_office'], guards: closeGuards },
  reopen: {
    from: ['closed'],
    to: 'open',
    by: ['mayor_office'],
    refuse: [(c) => (c.record.owner === c.actor.userId ? 'You cannot reopen your own document.' : undefined)],
  },
  archive: {
    from: ['open', 'closed'],
    to: (c) => (c.record.state === 'open' ? 'closed' : 'archived'),
    by: ['city_officer'],
    when: (c) => !c.record.locked,
  },
  sweep: { from: ['closed'], to: 'archived', by: ['system'] },
};

function ctx(record: Partial<Doc>, roles: readonly ActingRole[], actor = actors.officer): DocContext {
  return {
    record: { state: 'open', owner: 'u-someone', pages: 3, locked: false, ...record },
    actor,
    roles,
    now: NOW,
  };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('check(): the order of checks', () => {
  it('returns the state left, the state reached and the role the actor acts in', () => {
    const result = check(docTable, ctx({}, ['mayor_office']), { type: 'close', reason: 'done' });
    expect(result).toEqual({ from: 'open', to: 'closed', role: 'mayor_office' });
  });

  it('acts in the first of the actor’s roles that the transition allows', () => {
    const result = check(docTable, ctx({}, ['funder', 'city_officer', 'mayor_office']), {
      type: 'close',
      reason: 'done',
    });
    expect(result.role).toBe('city_officer');
  });

  it('an event not possible in the state is 409, even for an actor without the role and with failing guards', () => {
    const err = thrown(() =>
      check(docTable, ctx({ state: 'closed', pages: 0 }, []), { type: 'close', reason: '' }),
    );
    expect(err).toBeInstanceOf(EventNotAllowedError);
    expect(err).toMatchObject({ event: 'close', state: 'closed' });
  });

  it('an event whose `when` is false is 409, like a wrong state', () => {
    expect(() => check(docTable, ctx({ locked: true }, ['city_officer']), { type: 'archive' })).toThrow(
      EventNotAllowedError,
    );
  });

  it('an event type the table does not know is 409', () => {
    const unknown = { type: 'publish' } as unknown as DocEvent;
    expect(() => check(docTable, ctx({}, ['city_officer']), unknown)).toThrow(EventNotAllowedError);
  });

  it('an actor holding none of the roles is 403 before any guard runs', () => {
    const err = thrown(() =>
      check(docTable, ctx({ pages: 0 }, ['cso', 'funder']), { type: 'close', reason: '' }),
    );
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as Error).message).toContain('"close"');
  });

  it('an actor with no role at all on the record is 403', () => {
    expect(() => check(docTable, ctx({}, []), { type: 'close', reason: 'x' })).toThrow(ForbiddenError);
  });

  it('a duty rule that refuses the actor is 403 with its own reason', () => {
    const err = thrown(() =>
      check(docTable, ctx({ state: 'closed', owner: actors.mayor.userId }, ['mayor_office'], actors.mayor), {
        type: 'reopen',
      }),
    );
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as Error).message).toBe('You cannot reopen your own document.');
  });

  it('failed guards are 422 and list every failure, in table order, with their codes and paths', () => {
    const err = thrown(() =>
      check(docTable, ctx({ pages: 0 }, ['city_officer']), { type: 'close', reason: '' }),
    );
    expect(err).toBeInstanceOf(RuleViolationError);
    expect((err as RuleViolationError).failures).toEqual([
      { rule: 'has_pages', message: 'Write at least one page.' },
      { rule: 'reason', message: 'Give a reason.', path: 'reason' },
    ]);
    expect((err as Error).message).toBe('Write at least one page. Give a reason.');
  });

  it('a target given as a function is computed from the context and the event', () => {
    expect(check(docTable, ctx({ state: 'open' }, ['city_officer']), { type: 'archive' }).to).toBe('closed');
    expect(check(docTable, ctx({ state: 'closed' }, ['city_officer']), { type: 'archive' }).to).toBe(
      'archived',
    );
  });

  it('the daily job acts in the role "system"', () => {
    expect(check(docTable, ctx({ state: 'closed' }, ['system']), { type: 'sweep' })).toEqual({
      from: 'closed',
      to: 'archived',
      role: 'system',
    });
  });
});

describe('allowedEvents(): what the front end offers', () => {
  it('lists the events whose state, timing, role and duties pass, in table order', () => {
    expect(allowedEvents(docTable, ctx({ state: 'open' }, ['city_officer']))).toEqual(['close', 'archive']);
    expect(allowedEvents(docTable, ctx({ state: 'closed' }, ['mayor_office'], actors.mayor))).toEqual([
      'reopen',
    ]);
  });

  it('leaves out an event whose `when` is false', () => {
    expect(allowedEvents(docTable, ctx({ state: 'open', locked: true }, ['city_officer']))).toEqual([
      'close',
    ]);
  });

  it('leaves out an event a duty rule refuses to this actor', () => {
    const c = ctx({ state: 'closed', owner: actors.mayor.userId }, ['mayor_office'], actors.mayor);
    expect(allowedEvents(docTable, c)).toEqual([]);
  });

  it('does not run guards: an event that would fail a rule is still offered', () => {
    expect(allowedEvents(docTable, ctx({ state: 'open', pages: 0 }, ['mayor_office']))).toEqual(['close']);
  });

  it('never offers the daily job’s events, not even to the daily job', () => {
    expect(allowedEvents(docTable, ctx({ state: 'closed' }, ['system']))).toEqual([]);
  });

  it('offers nothing to an actor with no role on the record', () => {
    expect(allowedEvents(docTable, ctx({ state: 'open' }, []))).toEqual([]);
  });
});

describe('rule()', () => {
  it('gives no failure when the rule holds and exactly the failure when it does not', () => {
    const failure = { rule: 'r', message: 'm' };
    expect(rule(true, failure)).toEqual([]);
    expect(rule(false, failure)).toEqual([failure]);
  });
});

describe('the three workflow tables', () => {
  const tables = {
    grant: grantTransitions,
    partnership: partnershipTransitions,
    milestone: milestoneTransitions,
  } as const;

  it.each(Object.entries(tables))(
    'every %s transition names at least one known role and one state',
    (_, table) => {
      for (const t of Object.values(table) as { from: readonly string[]; by: readonly string[] }[]) {
        expect(t.from.length).toBeGreaterThan(0);
        expect(t.by.length).toBeGreaterThan(0);
        for (const r of t.by) expect([...ROLES, 'system']).toContain(r);
      }
    },
  );

  it('no workflow event can be sent by a city admin', () => {
    for (const table of Object.values(tables)) {
      for (const t of Object.values(table) as { by: readonly string[] }[])
        expect(t.by).not.toContain('admin');
    }
  });
});
