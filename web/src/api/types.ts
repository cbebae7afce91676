/**
 * The records as the API returns them. The shapes come from the back end's own types (type-only
 * imports: nothing of the server reaches the bundle).
 */
import type { AuditEntry as DomainAuditEntry } from '../../../functions/src/domain/types.ts';
import type { FOCUS_AREAS as API_FOCUS_AREAS } from '../../../functions/src/http/schemas.ts';
import type { Notification as ApiNotification } from '../../../functions/src/services/notifications.ts';
import type {
  Register as ApiRegister,
  RegisterGrant as ApiRegisterGrant,
  RegisterPartnership as ApiRegisterPartnership,
} from '../../../functions/src/services/register.ts';
import type { GrantView, MilestoneView, PartnershipView } from '../../../functions/src/services/views.ts';

export type Grant = GrantView;
export type Milestone = MilestoneView & {
  report?: import('../../../functions/src/domain/milestone.ts').Report;
};
export type Partnership = PartnershipView & { organisationName?: string };
export type AuditEntry = Pick<
  DomainAuditEntry,
  'seq' | 'event' | 'from' | 'to' | 'actorId' | 'role' | 'at' | 'comment'
>;
export type EntityType = 'grant' | 'partnership' | 'milestone';

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export interface Me {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly cityId: string;
  readonly organisationId?: string;
  readonly roles: readonly string[];
  readonly language: string;
  readonly city: {
    readonly id: string;
    readonly name: string;
    readonly currency: string;
    readonly timeZone?: string;
    readonly fastTrackCeiling?: Money;
    readonly maxOpenFastGrants?: number;
  };
}

export interface DevUser {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly cityId: string;
  readonly organisationId?: string;
}

export type AuthConfig =
  | { readonly mode: 'local' }
  | {
      readonly mode: 'cognito';
      readonly domain?: string;
      readonly clientId: string;
      readonly region: string;
    };

export interface QueueItem {
  readonly kind: 'grant' | 'partnership' | 'milestone';
  readonly reason: string;
  readonly dueDate?: string;
  readonly workingDaysLeft?: number;
  readonly record: Grant | Partnership | Milestone;
}

export interface EligibilityRule {
  readonly rule: string;
  readonly passed: boolean;
  readonly message: string;
  readonly params?: Record<string, string | number>;
}
export interface Eligibility {
  readonly track: 'fast' | 'standard';
  readonly eligible: boolean;
  readonly rules: readonly EligibilityRule[];
}

export interface Organisation {
  readonly id: string;
  readonly kind: 'cso' | 'funder';
  readonly name: string;
  readonly cityId: string;
  readonly version: number;
  readonly registrationNumber?: string;
  readonly description?: string;
  readonly website?: string;
  readonly focusAreas?: readonly string[];
  readonly languages?: readonly string[];
}

/** The focus areas of the API, in its order (the compiler checks the copy against the API's list). */
export const FOCUS_AREAS = [
  'legal_counselling',
  'access_to_services',
  'housing',
  'health',
  'education',
  'employment',
  'language',
  'social_cohesion',
  'protection',
  'culture',
] as const satisfies typeof API_FOCUS_AREAS;
export type FocusArea = (typeof FOCUS_AREAS)[number];

/** `GET /v1/public/cities/{cityId}/register`: a page of the public register. */
export type Register = ApiRegister;
export type RegisterGrant = ApiRegisterGrant;
export type RegisterPartnership = ApiRegisterPartnership;

/** `GET /v1/notifications`: the user's notifications, newest first, and how many are unread. */
export type Notification = Omit<ApiNotification, 'userId'>;
export interface NotificationPage {
  readonly items: readonly Notification[];
  readonly unread: number;
  readonly nextCursor: string | null;
}
