/**
 * Records as the API returns them: the stored record plus what the signed-in user may do with it now.
 * Each view is the output type of its response schema (functions/src/contract/responses.ts).
 * The web front end shows exactly `allowedEvents`, so it never repeats the rules.
 */

import type { GrantView, MilestoneView, PartnershipView } from '#contract/responses';
import { localDate, workingDaysBetween } from '#domain/calendar';
import { type Grant, grantTransitions, isDecisionLate } from '#domain/grant';
import { type Milestone, milestoneTransitions, underspentOf } from '#domain/milestone';
import { type Partnership, partnershipTransitions } from '#domain/partnership';
import type { Actor, CitySettings } from '#domain/types';
import { type ActingRole, allowedEvents } from '#domain/workflow';

export interface ViewContext {
  readonly actor: Actor;
  readonly roles: readonly ActingRole[];
  readonly now: string;
  readonly city: CitySettings;
}

export type { GrantView, MilestoneView, PartnershipView };

export function grantView(grant: Grant, v: ViewContext): GrantView {
  const subject = { record: grant, actor: v.actor, roles: v.roles, now: v.now, city: v.city };
  const pending =
    grant.decisionDueAt !== undefined && grant.decidedAt === undefined && grant.state !== 'withdrawn';
  return {
    ...grant,
    decisionLate: isDecisionLate(grant, v.now, v.city),
    ...(pending && grant.decisionDueAt
      ? {
          workingDaysLeft: workingDaysBetween(
            localDate(v.now, v.city.calendar.timeZone),
            grant.decisionDueAt,
            v.city.calendar,
          ),
        }
      : {}),
    allowedEvents: allowedEvents(grantTransitions, subject),
  };
}

export function partnershipView(p: Partnership, v: ViewContext): PartnershipView {
  const subject = { record: p, actor: v.actor, roles: v.roles, now: v.now, city: v.city };
  return { ...p, allowedEvents: allowedEvents(partnershipTransitions, subject) };
}

export function milestoneView(m: Milestone, v: ViewContext): MilestoneView {
  const subject = { record: m, actor: v.actor, roles: v.roles, now: v.now, city: v.city };
  const underspent = underspentOf(m, m.report?.spent);
  return {
    ...m,
    ...(underspent ? { underspent } : {}),
    allowedEvents: allowedEvents(milestoneTransitions, subject),
  };
}
