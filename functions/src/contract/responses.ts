/**
 * What the API answers: the records with what the signed-in user may do with them now, pages, the
 * public register and the problem+json body. The services' views are these schemas' output types, so a
 * handler returns its view without a cast and the typed web client reads the same types.
 */
import { z } from 'zod';
import { GRANT_STATES, type GrantState } from '#domain/grant';
import { MILESTONE_STATES, type MilestoneState } from '#domain/milestone';
import { PARTNERSHIP_STATES, type PartnershipState } from '#domain/partnership';
import { ROLES, type Role } from '#domain/types';
import { AttachedDocument } from './documents.ts';
import { Instant, LocalDate, Money } from './fields.ts';
import {
  ActionPlanItem,
  DocumentKindSchema,
  DocumentRef,
  GrantApplication,
  Report,
  Track,
} from './requests.ts';

/** A list as the API returns it: read-only for whoever holds it. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const states = <S extends string>(all: readonly S[]) => z.enum(all as [S, ...S[]]);

const WorkflowBase = {
  id: z.string(),
  cityId: z.string(),
  organisationId: z.string(),
  version: z.number().int().meta({ description: 'Send it back in If-Match to change the record' }),
  createdAt: Instant,
  updatedAt: Instant,
  createdBy: z.string(),
  funderIds: list(z.string()).optional(),
  allowedEvents: list(z.string()).meta({
    description: 'The events the signed-in user may send now (`edit`: the application may be changed)',
  }),
  lastRequest: z
    .object({ by: z.string(), at: Instant, comment: z.string() })
    .optional()
    .meta({ description: 'Who last sent the record back (changes, a revision, a refusal), when, and why' }),
};

const ConflictDeclaration = z.object({ userId: z.string(), role: z.string(), at: Instant });
const Term = z.object({ start: LocalDate, end: LocalDate });

export const AgreementSignature = z
  .object({
    side: z.enum(['cso', 'city']),
    userId: z.string(),
    name: z.string().meta({ description: 'The full name as signed' }),
    at: Instant,
    hash: z.string().meta({ description: 'The hash of the agreement signed' }),
    scan: z
      .object({ documentId: z.string(), sha256: z.string() })
      .optional()
      .meta({ description: 'The signed scan attached instead of signing on line, and its SHA-256' }),
  })
  .meta({ id: 'AgreementSignature', description: 'One side’s signature of a partnership agreement' });

export const PartnershipAgreement = z
  .object({
    version: z
      .number()
      .int()
      .meta({ description: 'The version of the city’s template it was drawn up from' }),
    hash: z.string().meta({ description: 'SHA-256 (hex) of its canonical content, every language included' }),
    languages: list(z.enum(['ar', 'fr', 'en'])),
    drawnUpAt: Instant,
    signatures: list(AgreementSignature),
  })
  .meta({
    id: 'PartnershipAgreement',
    description:
      'The agreement drawn up when the partnership is approved or renewed, frozen, and its signatures',
  });

export const PartnershipRecord = z
  .object({
    ...WorkflowBase,
    state: states<PartnershipState>(PARTNERSHIP_STATES),
    motivation: z.string(),
    focusAreas: list(z.string()),
    actionPlan: list(ActionPlanItem),
    documents: list(DocumentRef),
    organisationName: z.string(),
    submittedAt: Instant.optional(),
    dueDiligence: z
      .object({
        checks: list(z.object({ item: DocumentKindSchema, ok: z.boolean(), note: z.string().optional() })),
        by: z.string(),
        at: Instant,
      })
      .optional(),
    conflictDeclarations: list(ConflictDeclaration).optional(),
    decidedAt: Instant.optional(),
    decidedBy: z.string().optional(),
    decisionComment: z.string().optional(),
    term: Term.optional(),
    terms: list(Term),
    agreement: PartnershipAgreement.optional(),
    files: list(AttachedDocument)
      .optional()
      .meta({ description: 'The files of its documents (each `documents[].uploadId` is one’s id)' }),
    targetGroups: list(z.string())
      .optional()
      .meta({ description: 'Whom it serves (absent on older applications: everyone in its focus areas)' }),
  })
  .meta({ id: 'Partnership', description: 'A partnership application or agreement' });

const Tranche = z.object({
  id: z.string(),
  amount: Money,
  condition: z.enum(['award_accepted', 'final_report_accepted']),
  state: z.enum(['scheduled', 'released', 'held', 'paid']),
  releasedAt: Instant.optional(),
  paidAt: Instant.optional(),
  paidOn: LocalDate.optional().meta({ description: 'The day of the payment' }),
  reference: z.string().optional().meta({ description: 'The payment’s reference' }),
  proofDocumentId: z
    .string()
    .optional()
    .meta({ description: 'The proof of payment, one of the grant’s files' }),
});

/** The award as read back: each funder with its name, so that nobody reads a raw id. */
const NamedAward = z.object({
  amount: Money,
  funders: list(
    z.object({
      funderId: z.string(),
      share: Money,
      name: z.string().optional().meta({ description: 'The funder’s name (on reads of the grant)' }),
    }),
  ),
});

export const GrantRecord = z
  .object({
    ...WorkflowBase,
    ...GrantApplication.shape,
    organisationName: z.string().meta({ description: 'The applying organisation’s name' }),
    targetGroups: list(z.string()),
    budget: list(z.object({ label: z.string(), amount: Money })),
    indicators: list(
      z.object({ name: z.string(), target: z.number().int(), categories: list(z.string()).optional() }),
    ),
    state: states<GrantState>(GRANT_STATES),
    submittedAt: Instant.optional(),
    decisionDueAt: LocalDate.optional().meta({ description: 'The decision deadline' }),
    rulesAtSubmission: z
      .object({ fastTrackCeiling: Money, decisionWorkingDays: z.number().int() })
      .optional()
      .meta({ description: 'The city’s rules in force when it was submitted; it is judged by them' }),
    firstDecisionDueAt: LocalDate.optional().meta({
      description: 'The deadline of the first submission; days sent back for changes do not count',
    }),
    decidedAt: Instant.optional(),
    decidedBy: z.string().optional(),
    decisionLate: z.boolean(),
    decisionComment: z.string().optional(),
    recommendation: z
      .object({ value: z.enum(['approve', 'reject']), comment: z.string(), by: z.string(), at: Instant })
      .optional(),
    conflictDeclarations: list(ConflictDeclaration),
    award: NamedAward.optional(),
    tranches: list(Tranche),
    awardAcceptedAt: Instant.optional(),
    workingDaysLeft: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Working days to the decision deadline, while a decision is pending' }),
    files: list(AttachedDocument).optional().meta({ description: 'Its budget quotes and proofs of payment' }),
  })
  .meta({ id: 'Grant', description: 'A grant application or grant' });

/** What a report is measured against, copied from the grant or the action plan when it is scheduled. */
const MilestoneReportParts = {
  targets: list(
    z.object({ name: z.string(), target: z.number().int(), categories: list(z.string()).optional() }),
  )
    .optional()
    .meta({ description: 'Each indicator with its target, to show beside the result' }),
  budget: list(z.object({ label: z.string(), amount: Money }))
    .optional()
    .meta({ description: 'The budget lines of the grant, for spending per line' }),
  awarded: Money.optional().meta({ description: 'The amount awarded to the grant' }),
  underspent: Money.optional().meta({ description: 'Awarded minus spent, when the report spent less' }),
  activities: list(ActionPlanItem)
    .optional()
    .meta({ description: 'An annual review: the action plan’s activities, both sides' }),
  reviewers: list(z.string())
    .optional()
    .meta({ description: 'The co-funders that asked at award to review the reports' }),
  reviews: list(
    z.object({
      side: z.enum(['city', 'funder']),
      funderId: z.string().optional(),
      userId: z.string(),
      decision: z.enum(['accepted', 'queried']),
      comment: z.string().optional(),
      at: Instant,
    }),
  )
    .optional()
    .meta({ description: 'The reviews of the report as last submitted' }),
};

export const MilestoneRecord = z
  .object({
    ...WorkflowBase,
    state: states<MilestoneState>(MILESTONE_STATES),
    parentType: z.enum(['grant', 'partnership']),
    parentId: z.string(),
    grantId: z.string().optional(),
    partnershipId: z.string().optional(),
    kind: z.enum(['interim_report', 'final_report', 'annual_review']),
    title: z.string(),
    dueDate: LocalDate,
    late: z.boolean(),
    indicators: list(z.string()),
    currency: z.string(),
    report: Report.optional(),
    submittedAt: Instant.optional(),
    reviewedAt: Instant.optional(),
    reviewedBy: z.string().optional(),
    reviewComment: z.string().optional(),
    overdueSince: z.string().optional(),
    documents: list(AttachedDocument).optional(),
    organisationName: z.string().optional().meta({ description: 'The organisation the report is of' }),
    ...MilestoneReportParts,
  })
  .meta({ id: 'Milestone', description: 'A reporting milestone of a grant or a partnership' });

export const OrganisationRecord = z
  .object({
    id: z.string(),
    kind: z.enum(['cso', 'funder']),
    cityId: z.string(),
    name: z.string(),
    registrationNumber: z.string().optional(),
    description: z.string().optional(),
    website: z.string().optional(),
    focusAreas: list(z.string()).optional(),
    languages: list(z.string()).optional(),
    version: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Organisation', description: 'A CSO or funder profile' });

export const AuditEntryRecord = z
  .object({
    seq: z.number().int(),
    event: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    actorId: z.string(),
    actorName: z.string().optional().meta({ description: 'The person’s name, shown to the city’s staff' }),
    role: z.union([z.enum(ROLES as [Role, ...Role[]]), z.literal('system')]),
    at: Instant,
    comment: z.string().optional(),
    hash: z.string(),
    prevHash: z.string(),
  })
  .meta({ id: 'AuditEntry', description: 'One step of a record’s hash-chained audit trail' });

export const EligibilityRecord = z
  .object({
    track: Track,
    eligible: z.boolean(),
    rules: list(
      z.object({
        rule: z.enum(['active_partnership', 'within_ceiling', 'no_overdue_reports', 'open_fast_grants']),
        passed: z.boolean(),
        message: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    ),
  })
  .meta({ id: 'Eligibility', description: 'The fast-track rules and whether each passes' });

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: list(item), nextCursor: z.string().nullable() }).meta({ id });

export const GrantPage = pageOf(GrantRecord, 'GrantPage');
export const PartnershipPage = pageOf(PartnershipRecord, 'PartnershipPage');
export const MilestonePage = pageOf(MilestoneRecord, 'MilestonePage');
export const MilestoneList = pageOf(MilestoneRecord, 'MilestoneList');
export const AuditTrail = pageOf(AuditEntryRecord, 'AuditTrail');

export const Me = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    cityId: z.string(),
    organisationId: z.string().optional(),
    roles: list(z.string()),
    language: z.string(),
    mailDigest: z
      .enum(['each', 'daily'])
      .meta({ description: 'Mail for every notice as it happens, or one daily digest of them' }),
    city: z.object({
      id: z.string(),
      name: z.string(),
      names: z
        .object({ ar: z.string().optional(), fr: z.string().optional(), en: z.string().optional() })
        .meta({ description: 'The city’s name in each language its admin gave' }),
      currency: z.string(),
      timeZone: z.string(),
      fastTrackCeiling: Money,
      maxOpenFastGrants: z.number().int(),
    }),
  })
  .meta({ id: 'Me', description: 'The signed-in user' });

const QueueItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('grant'),
    reason: z.string(),
    dueDate: LocalDate.optional(),
    workingDaysLeft: z.number().int().optional(),
    organisationName: z.string().optional().meta({ description: 'The organisation the record is of' }),
    record: GrantRecord,
  }),
  z.object({
    kind: z.literal('partnership'),
    reason: z.string(),
    dueDate: LocalDate.optional(),
    workingDaysLeft: z.number().int().optional(),
    organisationName: z.string().optional().meta({ description: 'The organisation the record is of' }),
    record: PartnershipRecord,
  }),
  z.object({
    kind: z.literal('milestone'),
    reason: z.string(),
    dueDate: LocalDate.optional(),
    workingDaysLeft: z.number().int().optional(),
    organisationName: z.string().optional().meta({ description: 'The organisation the record is of' }),
    record: MilestoneRecord,
  }),
  z.object({
    kind: z.literal('registration'),
    reason: z.string(),
    dueDate: LocalDate.optional(),
    workingDaysLeft: z.number().int().optional(),
    organisationName: z.string().meta({ description: 'The name the organisation registered under' }),
    record: z.object({
      id: z.string(),
      state: z.enum(['submitted', 'verified', 'declined']),
      submittedAt: Instant,
      registrationNumber: z.string(),
    }),
  }),
]);
export const Queue = z
  .object({ items: list(QueueItem), nextCursor: z.string().nullable() })
  .meta({ id: 'Queue', description: 'What waits for the signed-in user, most urgent first' });

export const NotificationRecord = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    language: z
      .enum(['ar', 'fr', 'en'])
      .optional()
      .meta({ description: 'The language its title and body are written in (the recipient’s when written)' }),
    link: z.string().optional(),
    createdAt: Instant,
    read: z.boolean(),
    readAt: Instant.optional(),
  })
  .meta({ id: 'Notification', description: 'An in-app notification, in its recipient’s language' });

export const NotificationPage = z
  .object({
    items: list(NotificationRecord),
    unread: z.number().int().meta({ description: 'How many of the user’s notifications are unread' }),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'NotificationPage', description: 'A page of notifications' });

export const NotificationsMarked = z
  .object({ marked: z.number().int(), unread: z.number().int() })
  .meta({ id: 'NotificationsMarked', description: 'How many were marked, and how many are left unread' });

export const MessageRecord = z
  .object({
    id: z.string(),
    body: z.string(),
    authorName: z.string(),
    authorRole: z.enum(['cso', 'city_officer', 'mayor_office']),
    createdAt: Instant,
    attachments: list(AttachedDocument).optional(),
  })
  .meta({ id: 'Message', description: 'A message of a record’s conversation, with its author and time' });
export const MessagePage = pageOf(MessageRecord, 'MessagePage');

// ------------------------------------------------------------------ public register, exports

const Suppressed = z.number().int().nullable().meta({ description: 'null when below 5 (suppressed)' });
const FunderShareNamed = z.object({ id: z.string(), name: z.string(), share: Money });

export const RegisterPartnership = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  focusAreas: list(z.string()),
  term: Term.nullable(),
  state: z.string(),
});

export const RegisterGrant = z.object({
  id: z.string(),
  identifier: z.string().meta({ description: 'The 360Giving identifier: 360G-passerelle-<city>-<grant>' }),
  title: z.string(),
  track: Track,
  state: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  focusAreas: list(z.string()),
  amountAwarded: Money,
  amountDisbursed: Money,
  funders: list(FunderShareNamed),
  awardedAt: LocalDate,
  startDate: LocalDate,
  endDate: LocalDate,
  reportsOnTime: z.boolean(),
});

export const Register = z
  .object({
    city: z.object({ id: z.string(), name: z.string(), country: z.string(), currency: z.string() }),
    filters: z.object({
      year: z.number().int().nullable(),
      focusArea: z.string().nullable(),
      funder: z.string().nullable(),
    }),
    partnerships: list(RegisterPartnership).meta({
      description:
        'A page of the active partnerships that match the filters, by the end of their term (soonest first): ' +
        'the first page when neither cursor is given, the next one with `partnershipsCursor`, none with `cursor` alone',
    }),
    grants: list(RegisterGrant).meta({
      description:
        'A page of awarded grants: the first page, or the next one with `cursor`; none with `partnershipsCursor` alone',
    }),
    summary: z
      .object({
        grants: Suppressed,
        partnerships: Suppressed,
        grantsByFocusArea: list(z.object({ focusArea: z.string(), grants: Suppressed })),
        grantsByState: list(z.object({ state: z.string(), grants: Suppressed })),
        grantsByTrack: list(z.object({ track: z.string(), grants: Suppressed })),
        indicatorTotals: list(z.object({ name: z.string(), total: Suppressed })),
        note: z.string(),
        asOf: z.string().meta({ description: 'When the figures were computed (kept up to 10 minutes)' }),
      })
      .nullable()
      .meta({ description: 'On the first page only (no cursor)' }),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'The next page of grants (`cursor`), null when none' }),
    partnershipsNextCursor: z
      .string()
      .nullable()
      .meta({ description: 'The next page of active partnerships (`partnershipsCursor`), null when none' }),
  })
  .meta({ id: 'PublicRegister', description: 'A page of a city’s transparency register' });

export const Giving360Package = z
  .looseObject({ version: z.string(), grants: z.array(z.looseObject({ id: z.string() })) })
  .meta({
    id: 'Giving360Package',
    description: 'A 360Giving data package (standards/360giving, schema 1.4), valid against its JSON Schemas',
  });

export const PortfolioExport = z
  .object({
    scope: z.union([
      z.object({ kind: z.literal('funder'), funderId: z.string() }),
      z.object({ kind: z.literal('city'), cityId: z.string() }),
    ]),
    generatedAt: z.string(),
    grants: z.array(
      z.looseObject({
        id: z.string(),
        identifier: z.string(),
        title: z.string(),
        state: z.string(),
        amountAwarded: Money,
        share: Money.nullable(),
        funders: z.array(FunderShareNamed),
        amountDisbursed: Money,
        reportsOnTime: z.boolean(),
        milestones: z.array(
          z.object({
            id: z.string(),
            kind: z.string(),
            state: z.string(),
            dueDate: z.string(),
            submittedAt: z.string().nullable(),
            acceptedAt: z.string().nullable(),
            late: z.boolean(),
            indicatorResults: z.array(z.object({ name: z.string(), value: z.number() })),
            spent: Money.nullable(),
            spentByLine: z.array(z.object({ label: z.string(), amount: Money })),
            underspend: z.string().nullable(),
          }),
        ),
        indicatorTotals: z.array(z.object({ name: z.string(), total: z.number() })),
        focusAreas: z.array(z.string()),
        targetGroups: z.array(z.string()),
      }),
    ),
    totals: z.object({
      grants: z.number().int(),
      amountAwarded: z.array(Money),
      share: z.array(Money),
      amountDisbursed: z.array(Money),
      milestones: z.number().int(),
      lateMilestones: z.number().int(),
      indicatorTotals: z.array(z.object({ name: z.string(), total: z.number() })),
    }),
  })
  .meta({ id: 'PortfolioExport', description: 'A funder’s or a city’s portfolio' });

export const AuthConfigRecord = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('local') }),
    z.object({
      mode: z.literal('cognito'),
      region: z.string(),
      userPoolId: z.string(),
      clientId: z.string().nullable(),
      domain: z.string().optional(),
    }),
  ])
  .meta({ description: 'How the web front end signs users in' });

export const DevToken = z
  .object({ token: z.string() })
  .meta({ id: 'DevToken', description: 'A local sign-in token' });
export const DevUsers = z
  .object({
    items: list(
      z.object({
        email: z.string(),
        name: z.string(),
        roles: list(z.string()),
        cityId: z.string(),
        organisationId: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'DevUsers', description: 'The users of the local store, to sign in as' });

/** `GET /v1/public/cities`: the cities of this deployment, for the first page's list of public registers. */
export const PublicCities = z
  .object({ items: list(z.object({ id: z.string(), name: z.string(), country: z.string() })) })
  .meta({ id: 'PublicCities', description: 'The cities on this deployment, each with a public register' });

// ------------------------------------------------------------------ the views

export type GrantView = z.output<typeof GrantRecord>;
export type PartnershipView = z.output<typeof PartnershipRecord>;
export type MilestoneView = z.output<typeof MilestoneRecord>;
export type OrganisationView = z.output<typeof OrganisationRecord>;
export type AuditEntryView = z.output<typeof AuditEntryRecord>;
export type EligibilityView = z.output<typeof EligibilityRecord>;
export type QueueView = z.output<typeof Queue>;
export type QueueItemView = z.output<typeof QueueItem>;
export type MeView = z.output<typeof Me>;
export type NotificationView = z.output<typeof NotificationRecord>;
export type NotificationPageView = z.output<typeof NotificationPage>;
export type RegisterView = z.output<typeof Register>;
export type RegisterGrantView = z.output<typeof RegisterGrant>;
export type RegisterPartnershipView = z.output<typeof RegisterPartnership>;
export type MessageView = z.output<typeof MessageRecord>;
export type MessagePageView = z.output<typeof MessagePage>;

// ------------------------------------------------------------------ going live: city, users, organisations, registrations

export const CityRecord = z
  .object({
    id: z.string(),
    name: z.string(),
    names: z.object({ ar: z.string().optional(), fr: z.string().optional(), en: z.string().optional() }),
    country: z.string(),
    currency: z.string(),
    calendar: z.object({
      timeZone: z.string(),
      weekend: list(z.number().int()).meta({ description: 'ISO weekdays (1 = Monday … 7 = Sunday)' }),
      holidays: list(LocalDate),
    }),
    fastTrackCeiling: Money,
    decisionWorkingDays: z.number().int(),
    standardDecisionWorkingDays: z.number().int(),
    maxOpenFastGrants: z.number().int(),
    partnershipTermYears: z.number().int(),
    finalReportWeeks: z.number().int(),
    reminderOffsets: list(z.number().int()),
    focusAreas: list(z.string()),
    version: z.number().int().meta({ description: 'Send it back in If-Match to change the settings' }),
  })
  .meta({ id: 'City', description: 'A city’s settings' });

export const UserRecord = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: list(z.enum(ROLES as [Role, ...Role[]])),
    organisationId: z.string().optional(),
    language: z.enum(['ar', 'fr', 'en']),
    state: z.enum(['invited', 'active', 'disabled']),
  })
  .meta({ id: 'User', description: 'A user of the city' });

export const UserPage = pageOf(UserRecord, 'UserPage');
export const OrganisationPage = pageOf(OrganisationRecord, 'OrganisationPage');

export const RegistrationAccepted = z
  .object({ id: z.string(), state: z.literal('submitted') })
  .meta({ id: 'RegistrationAccepted', description: 'The registration is waiting for an officer' });

export const RegistrationRecord = z
  .object({
    id: z.string(),
    cityId: z.string(),
    state: z.enum(['submitted', 'verified', 'declined']),
    organisation: z.object({
      name: z.string(),
      legalForm: z.string(),
      registrationNumber: z.string(),
      foundedYear: z.number().int().optional(),
      website: z.string().optional(),
      description: z.string(),
      focusAreas: list(z.string()),
      languages: list(z.string()),
    }),
    contact: z.object({ name: z.string(), email: z.string(), language: z.enum(['ar', 'fr', 'en']) }),
    submittedAt: Instant,
    decidedAt: Instant.optional(),
    decidedBy: z.string().optional(),
    decisionComment: z.string().optional(),
    organisationId: z.string().optional().meta({ description: 'The organisation created at verification' }),
    version: z.number().int(),
    allowedEvents: list(z.string()).meta({ description: 'The events the signed-in user may send now' }),
  })
  .meta({ id: 'Registration', description: 'A CSO’s request to join the city' });

export const RegistrationPage = pageOf(RegistrationRecord, 'RegistrationPage');

export type CityView = z.output<typeof CityRecord>;
export type UserView = z.output<typeof UserRecord>;
export type UserPageView = z.output<typeof UserPage>;
export type OrganisationPageView = z.output<typeof OrganisationPage>;
export type RegistrationView = z.output<typeof RegistrationRecord>;
export type RegistrationPageView = z.output<typeof RegistrationPage>;
