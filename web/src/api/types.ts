/**
 * The records as the API returns them: the output types of the contract's response schemas (type-only
 * imports: nothing of the server reaches the bundle). The typed client gives the same types per route;
 * these names are for the components that take a record as a prop.
 */

import type { z } from 'zod';
import type {
  AuditEntryView,
  AuthConfigRecord,
  DevUsers,
  EligibilityView,
  GrantView,
  MeView,
  MilestoneView,
  NotificationPageView,
  NotificationView,
  OrganisationView,
  PartnershipView,
  QueueItemView,
  RegisterGrantView,
  RegisterPartnershipView,
  RegisterView,
} from '../../../functions/src/contract/responses.ts';

export type Grant = GrantView;
export type Milestone = MilestoneView;
export type Partnership = PartnershipView;
export type AuditEntry = AuditEntryView;
export type EntityType = 'grant' | 'partnership' | 'milestone';
export type Money = Grant['amountRequested'];
export type Me = MeView;
export type DevUser = z.output<typeof DevUsers>['items'][number];
export type AuthConfig = z.output<typeof AuthConfigRecord>;
export type QueueItem = QueueItemView;
export type Eligibility = EligibilityView;
export type Organisation = OrganisationView;

export { FOCUS_AREAS, type FocusArea } from '../../../functions/src/contract/focus-areas.ts';

/** `GET /v1/public/cities/{cityId}/register`: a page of the public register. */
export type Register = RegisterView;
export type RegisterGrant = RegisterGrantView;
export type RegisterPartnership = RegisterPartnershipView;

/** `GET /v1/notifications`: the user's notifications, newest first, and how many are unread. */
export type Notification = NotificationView;
export type NotificationPage = NotificationPageView;
