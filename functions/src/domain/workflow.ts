/**
 * A workflow is a typed transition table: for each event, the states it leaves from, the state it goes
 * to, the roles that may send it, and the rules it must meet. This file is the small engine that reads
 * such a table; partnership.ts, grant.ts and milestone.ts hold the tables themselves.
 *
 * Order of checks, and the error each gives:
 *   1. the event is not possible in this state, or not now (`when`)         → EventNotAllowedError (409)
 *   2. the actor holds none of the roles, or a duty rule refuses them        → ForbiddenError (403)
 *   3. guards fail (every failure is listed)                                → RuleViolationError (422)
 */
import { EventNotAllowedError, ForbiddenError, type RuleFailure, RuleViolationError } from './errors.ts';
import type { Actor, Role } from './types.ts';

export type ActingRole = Role | 'system';

/** What the rules of a transition may look at before the event's own fields are known. */
export interface Subject<R> {
  readonly record: R;
  readonly actor: Actor;
  /** The roles the actor holds towards this record (see access.ts), or ['system'] for the daily job. */
  readonly roles: readonly ActingRole[];
  /** The instant of the request, UTC ISO 8601. */
  readonly now: string;
}

export interface Transition<S extends string, C, E> {
  readonly from: readonly S[];
  readonly to: S | ((c: C, e: E) => S);
  readonly by: readonly ActingRole[];
  /** False when the event makes no sense now although the state allows it (e.g. declaring twice). */
  readonly when?: (c: C) => boolean;
  /** Segregation of duties: a reason this actor may not, although their role may. */
  readonly refuse?: readonly ((c: C) => string | undefined)[];
  /** Rules the record and the event must meet. */
  readonly guards?: readonly ((c: C, e: E) => readonly RuleFailure[])[];
}

export type TransitionTable<S extends string, T extends string, C, E extends { type: T }> = {
  readonly [K in T]: Transition<S, C, Extract<E, { type: K }>>;
};

export interface Checked<S extends string> {
  readonly from: S;
  readonly to: S;
  /** The role in which the actor sends the event, written to the audit trail. */
  readonly role: ActingRole;
}

function actingRole<S extends string, C, E>(t: Transition<S, C, E>, roles: readonly ActingRole[]) {
  return roles.find((r) => t.by.includes(r));
}

/** Runs checks 1–3 and returns the target state; throws the matching domain error otherwise. */
export function check<
  S extends string,
  T extends string,
  R extends { state: S },
  C extends Subject<R>,
  E extends { type: T },
>(table: TransitionTable<S, T, C, E>, c: C, event: E): Checked<S> {
  const t = table[event.type] as Transition<S, C, E> | undefined;
  const state = c.record.state;
  if (!t?.from.includes(state) || (t.when && !t.when(c))) {
    throw new EventNotAllowedError(event.type, state);
  }
  const role = actingRole(t, c.roles);
  if (!role) {
    throw new ForbiddenError(`Your role does not allow "${event.type}" on this record.`);
  }
  for (const rule of t.refuse ?? []) {
    const reason = rule(c);
    if (reason) throw new ForbiddenError(reason);
  }
  const failures = (t.guards ?? []).flatMap((g) => g(c, event));
  if (failures.length > 0) throw new RuleViolationError(failures);
  const to = typeof t.to === 'function' ? t.to(c, event) : t.to;
  return { from: state, to, role };
}

/** The events this actor may send now: state, timing, role and duties pass. Guards are not run here. */
export function allowedEvents<
  S extends string,
  T extends string,
  R extends { state: S },
  C extends Subject<R>,
  E extends { type: T },
>(table: TransitionTable<S, T, C, E>, c: C): T[] {
  const events: T[] = [];
  for (const type of Object.keys(table) as T[]) {
    const t = table[type] as Transition<S, C, E>;
    if (!t.from.includes(c.record.state)) continue;
    if (t.when && !t.when(c)) continue;
    if (!actingRole(t, c.roles) || actingRole(t, c.roles) === 'system') continue;
    if ((t.refuse ?? []).some((rule) => rule(c))) continue;
    events.push(type);
  }
  return events;
}

/** A guard helper: one failure when `ok` is false. */
export function rule(ok: boolean, failure: RuleFailure): RuleFailure[] {
  return ok ? [] : [failure];
}
