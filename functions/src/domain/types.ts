import type { CityCalendar } from './calendar.ts';
import type { Money } from './money.ts';

export type Role = 'cso' | 'city_officer' | 'mayor_office' | 'funder' | 'admin';
export const ROLES: readonly Role[] = ['cso', 'city_officer', 'mayor_office', 'funder', 'admin'];

/** The signed-in user, as the auth middleware yields it. `system` is the daily job. */
export interface Actor {
  readonly userId: string;
  readonly cityId: string;
  readonly organisationId?: string | undefined;
  readonly roles: readonly Role[];
}

export const SYSTEM_ACTOR_ID = 'system';

export interface CitySettings {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly currency: string;
  readonly calendar: CityCalendar;
  readonly fastTrackCeiling: Money;
  /** Working days from submission to the fast-track decision deadline. */
  readonly decisionWorkingDays: number;
  /** Working days for a standard-track decision. */
  readonly standardDecisionWorkingDays: number;
  readonly maxOpenFastGrants: number;
  readonly partnershipTermYears: number;
  readonly finalReportWeeks: number;
  /** Days relative to a due date on which reminders go out (negative: before). */
  readonly reminderOffsets: readonly number[];
  /** The funder organisation that stands for the city's own budget: the default award funder. */
  readonly budgetFunderId: string;
  readonly programmes?: readonly string[];
}

export type OrganisationKind = 'cso' | 'funder';

export interface Organisation {
  readonly id: string;
  readonly kind: OrganisationKind;
  readonly cityId: string;
  readonly name: string;
  readonly registrationNumber?: string;
  readonly description?: string;
  readonly website?: string;
  readonly focusAreas?: readonly string[];
  readonly languages?: readonly string[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly cityId: string;
  readonly organisationId?: string;
  readonly roles: readonly Role[];
  readonly language: 'ar' | 'fr' | 'en';
  /** Mail for every notice as it happens (the default), or one daily digest of them. */
  readonly mailDigest?: 'each' | 'daily' | undefined;
}

/** Fields every workflow record has. */
export interface WorkflowRecord<S extends string> {
  readonly id: string;
  readonly cityId: string;
  readonly organisationId: string;
  readonly state: S;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
  /** Funders of the record (grants and their milestones), for funders' access. */
  readonly funderIds?: readonly string[];
  /** Who last sent the record back (changes, a revision, a refusal), when, and why. */
  readonly lastRequest?: { readonly by: string; readonly at: string; readonly comment: string };
}

/** What one transition writes to the audit trail, beside the state change. */
export interface AuditEntry {
  readonly seq: number;
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly event: string;
  readonly from: string | null;
  readonly to: string;
  readonly actorId: string;
  readonly role: Role | 'system';
  readonly at: string;
  readonly comment?: string;
  readonly conflictDeclared?: boolean;
  readonly data?: Record<string, unknown>;
  /** sha-256 over the previous entry's hash and this entry: the tamper-evident chain. */
  readonly prevHash: string;
  readonly hash: string;
}

export type EntityType = 'partnership' | 'grant' | 'milestone' | 'organisation' | 'city' | 'registration';
