/**
 * What clients send: request bodies and query strings of the v1 API. The server validates with these
 * schemas, the web validates its forms with them, and the domain's input types are their output types.
 * Bodies are strict: an unknown field is a 400.
 */
import { z } from 'zod';
import { DOCUMENT_KINDS, type DocumentKind } from '#domain/partnership';
import { Attachments } from './documents.ts';
import {
  Count,
  FIRST_DATE,
  FOCUS_AREAS,
  Id,
  LAST_DATE,
  Line,
  LocalDate,
  Money,
  PATTERNS,
  Text,
} from './fields.ts';

// ------------------------------------------------------------------ partnerships

export const ActionPlanItem = z.strictObject({
  activity: Line(500),
  quarter: z
    .string()
    .regex(PATTERNS.quarter, 'Use the form 2027-Q1.')
    .refine((q) => q >= FIRST_DATE.slice(0, 4) && q.slice(0, 4) <= LAST_DATE.slice(0, 4), {
      message: 'Give a quarter between 2000 and 2100.',
      params: { code: 'quarter_range', minimum: FIRST_DATE.slice(0, 4), maximum: LAST_DATE.slice(0, 4) },
    }),
  lead: z.enum(['cso', 'city', 'joint']),
  indicator: Line(200),
  target: Count,
});

export const DocumentKindSchema = z.enum(DOCUMENT_KINDS as [DocumentKind, ...DocumentKind[]]);

export const DocumentRef = z
  .strictObject({
    kind: DocumentKindSchema,
    uploadId: Id.optional().meta({ description: 'The uploaded file of this document (POST /v1/uploads)' }),
    reference: Line(300).optional(),
    date: LocalDate,
  })
  .refine((d) => d.reference !== undefined || d.uploadId !== undefined, {
    message: 'Give the document’s reference or attach its file.',
    path: ['reference'],
    params: { code: 'reference_or_file' },
  });

export const PartnershipApplication = z
  .strictObject({
    motivation: Text(5000),
    focusAreas: z.array(z.enum(FOCUS_AREAS)).min(1, 'Choose at least one focus area.').max(10),
    actionPlan: z.array(ActionPlanItem).max(50),
    documents: z.array(DocumentRef).max(20),
    // Optional, also on a new application: v1 clients keep their bodies, and a partnership is a standing
    // relation across the CSO's focus areas, often open to everyone in them; left out, the coordination
    // map shows it serving every group of its focus areas rather than inventing one.
    targetGroups: z.array(Line(100)).max(20).optional().meta({
      description:
        'Whom the partnership serves, as the grants name them (left out: everyone in its focus areas)',
    }),
  })
  .meta({ id: 'PartnershipApplication', description: 'What a CSO writes to apply for partnership status' });

export const PartnershipPatch = PartnershipApplication.partial().meta({
  id: 'PartnershipPatch',
  description: 'The fields of the application to change',
});

// ------------------------------------------------------------------ grants

export const Track = z.enum(['fast', 'standard']);

export const BudgetLine = z.strictObject({ label: Line(200), amount: Money });
export const Indicator = z.strictObject({
  name: Line(200),
  target: Count,
  categories: z.array(Line(100)).max(20).optional().meta({
    description: 'Groups the results are counted by (age bands, sexes …): counts only, never names',
  }),
});

export const GrantApplication = z
  .strictObject({
    track: Track,
    title: Line(200),
    summary: Text(2000),
    need: Text(2000),
    targetGroups: z.array(Line(100)).min(1, 'Name at least one target group.').max(20),
    amountRequested: Money,
    budget: z.array(BudgetLine).min(1, 'Add at least one budget line.').max(50),
    startDate: LocalDate,
    endDate: LocalDate,
    indicators: z.array(Indicator).min(1, 'Add at least one indicator.').max(20),
    focusAreas: z
      .array(z.enum(FOCUS_AREAS))
      .max(10)
      .optional()
      .meta({ description: 'The grant’s own focus areas (left out: those of the partnership)' }),
    attachments: Attachments.optional().meta({ description: 'Upload ids of budget quotes' }),
  })
  .meta({
    id: 'GrantApplication',
    description: 'What a CSO writes to apply for a grant',
    example: {
      track: 'fast',
      title: 'Winter clothes',
      summary: 'Warm clothes for arriving families.',
      need: 'Nights are cold.',
      targetGroups: ['families in transit'],
      amountRequested: { amount: 500000, currency: 'TND' },
      budget: [{ label: 'Clothes', amount: { amount: 500000, currency: 'TND' } }],
      startDate: '2027-01-15',
      endDate: '2027-04-15',
      indicators: [{ name: 'families supported', target: 120 }],
    },
  });

export const GrantPatch = GrantApplication.partial().meta({
  id: 'GrantPatch',
  description: 'The fields of the application to change',
});

export const FunderShare = z.strictObject({
  funderId: Id,
  share: Money,
  reviewsReport: z.boolean().optional().meta({
    description: 'This funder reviews the reports: they are accepted once it has accepted them too',
  }),
});

export const Award = z
  .strictObject({ amount: Money, funders: z.array(FunderShare).min(1).max(10) })
  .meta({ id: 'Award', description: 'The amount awarded and what each funder pays of it' });

// ------------------------------------------------------------------ events

const comment = Text(2000).optional();
const reason = Text(2000);

/** The events of an application under review, the same for partnerships and grants. */
const applicationEvents = [
  z.strictObject({ type: z.literal('submit'), comment }),
  z.strictObject({ type: z.literal('withdraw'), comment }),
  z.strictObject({ type: z.literal('start_review'), comment }),
  z.strictObject({ type: z.literal('request_changes'), comment: reason }),
  z.strictObject({ type: z.literal('declare_no_conflict'), comment }),
] as const;

export const PartnershipEvent = z
  .discriminatedUnion('type', [
    ...applicationEvents,
    z.strictObject({
      type: z.literal('record_due_diligence'),
      checks: z
        .array(z.strictObject({ item: DocumentKindSchema, ok: z.boolean(), note: Text(500).optional() }))
        .min(1)
        .max(10),
      comment,
    }),
    z.strictObject({ type: z.literal('approve'), startDate: LocalDate.optional(), comment }),
    z.strictObject({ type: z.literal('reject'), comment: reason }),
    z.strictObject({ type: z.literal('suspend'), comment: reason }),
    z.strictObject({ type: z.literal('reinstate'), comment: reason }),
    z.strictObject({ type: z.literal('terminate'), comment: reason }),
    z.strictObject({ type: z.literal('renew'), comment }),
    z.strictObject({
      type: z.literal('sign'),
      name: Line(200).meta({ description: 'The full name as signed' }),
      signedScanUploadId: z.string().max(100).optional().meta({
        description:
          'A signed scan of the printed agreement (an upload of the signer), attached to the partnership',
      }),
      comment,
    }),
  ])
  .meta({ id: 'PartnershipEvent', description: 'A workflow event of a partnership' });

export const GrantEvent = z
  .discriminatedUnion('type', [
    ...applicationEvents,
    z.strictObject({
      type: z.literal('recommend'),
      recommendation: z.enum(['approve', 'reject']),
      comment: reason,
    }),
    z.strictObject({ type: z.literal('approve'), award: Award.optional(), comment }),
    z.strictObject({ type: z.literal('reject'), comment: reason }),
    z.strictObject({ type: z.literal('accept_award'), comment }),
    z.strictObject({ type: z.literal('complete'), comment }),
    z.strictObject({ type: z.literal('close'), comment }),
    z.strictObject({ type: z.literal('suspend'), comment: reason }),
    z.strictObject({ type: z.literal('reinstate'), comment: reason }),
    z.strictObject({ type: z.literal('terminate'), comment: reason }),
  ])
  .meta({ id: 'GrantEvent', description: 'A workflow event of a grant' });

export const CategoryCount = z.strictObject({ category: Line(100), value: Count });
export const SpentLine = z.strictObject({ label: Line(200), amount: Money });
export const ActivityResult = z.strictObject({
  activity: Line(500),
  status: z.enum(['done', 'partly_done', 'not_done']),
  note: Text(2000).optional(),
});

export const Report = z
  .strictObject({
    narrative: Text(10_000),
    indicatorResults: z
      .array(
        z.strictObject({
          name: Line(200),
          value: Count,
          byCategory: z.array(CategoryCount).max(20).optional(),
        }),
      )
      .max(50),
    spent: Money.optional().meta({ description: 'Required on a grant report; an annual review asks none' }),
    spentByLine: z
      .array(SpentLine)
      .max(50)
      .optional()
      .meta({ description: 'Spending per budget line of the grant, summing to `spent`' }),
    underspend: z
      .enum(['kept_for_agreed_change', 'returned'])
      .optional()
      .meta({ description: 'What happens to the money not spent, on a final report that spent less' }),
    activityResults: z
      .array(ActivityResult)
      .max(50)
      .optional()
      .meta({ description: 'An annual review: each activity of the action plan, both sides' }),
    documents: z
      .array(z.strictObject({ reference: Line(300), date: LocalDate.optional() }))
      .max(20)
      .optional(),
    attachments: Attachments.optional().meta({
      description: 'Upload ids of receipts, attendance sheets, photos (no names of beneficiaries)',
    }),
  })
  .meta({ id: 'Report', description: 'A progress or final report on a milestone' });

export const MilestoneEvent = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('submit_report'), report: Report, comment }),
    z.strictObject({ type: z.literal('accept'), comment }),
    z.strictObject({ type: z.literal('request_revision'), comment: reason }),
    z.strictObject({ type: z.literal('query'), comment: reason }),
  ])
  .meta({ id: 'MilestoneEvent', description: 'A workflow event of a reporting milestone' });

type EventUnion =
  | z.output<typeof GrantEvent>
  | z.output<typeof PartnershipEvent>
  | z.output<typeof MilestoneEvent>;
/** The events whose `comment` is required: a reason must be given (events.ts lists them for the web). */
export type ReasonRequiredEvent = EventUnion extends infer E
  ? E extends { type: infer T; comment: string }
    ? undefined extends E['comment']
      ? never
      : T
    : never
  : never;

// ------------------------------------------------------------------ organisations

export const OrganisationPatch = z
  .strictObject({
    name: Line(200),
    registrationNumber: Line(100),
    description: Text(3000),
    website: z
      .url({ protocol: /^https?$/, hostname: /\./, error: 'Give the address of a web site (http or https).' })
      .max(300),
    focusAreas: z.array(z.enum(FOCUS_AREAS)).max(10),
    languages: z.array(z.enum(['ar', 'fr', 'en', 'es', 'nl', 'de', 'el'])).max(7),
  })
  .partial()
  .meta({ id: 'OrganisationPatch', description: 'The fields of the profile to change' });

// ------------------------------------------------------------------ notifications, sign-in

export const NotificationsRead = z
  .strictObject({ ids: z.array(z.string().min(1).max(64)).max(100).optional() })
  .meta({
    id: 'NotificationsRead',
    description: 'The notifications to mark read; all of them when `ids` is left out',
  });

/** The longest message of a conversation: a question or an answer, not a report. */
export const MESSAGE_MAX = 4000;
export const MessagePost = z
  .strictObject({
    body: Text(MESSAGE_MAX).meta({ example: 'Which budget line should the rent go on?' }),
    attachments: Attachments.optional().meta({ description: 'Upload ids of files sent with the message' }),
  })
  .meta({
    id: 'MessagePost',
    description: 'A message on the record’s conversation: line breaks kept, other control characters refused',
  });

export const DevLogin = z.strictObject({ email: z.email().max(200) });

/** How the signed-in user reads their notices by mail: each as it happens, or one daily digest. */
export const MailDigest = z.enum(['each', 'daily']);
export const MePatch = z
  .strictObject({ mailDigest: MailDigest })
  .meta({ id: 'MePatch', description: 'The signed-in user’s own settings: how notices reach them by mail' });
export type MePatchInput = z.output<typeof MePatch>;

// ------------------------------------------------------------------ query strings

export const ListQuery = z.object({
  state: z.string().max(40).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const PageQuery = ListQuery.pick({ cursor: true, limit: true });
export const GrantListQuery = ListQuery.extend({
  track: Track.optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Words of the title or of the organisation’s name (any case)' }),
  organisationId: Id.optional().meta({ description: 'Only this organisation’s grants' }),
  funderId: Id.optional().meta({ description: 'Only the grants this funder (co-)funds' }),
  late: z.enum(['true', 'false']).optional().meta({
    description: '`true`: only grants whose decision is late (decided or still pending after the deadline)',
  }),
});
export const MilestoneListQuery = ListQuery.extend({ due_before: LocalDate.optional() });

export const RegisterQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  focusArea: z.enum(FOCUS_AREAS).optional(),
  funder: Id.optional().meta({ description: 'A funder organisation id' }),
  cursor: z.string().max(3000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  partnershipsCursor: z.string().max(3000).optional().meta({
    description:
      'The next page of active partnerships: `partnershipsNextCursor` of the page before, with the same filters',
  }),
  partnershipsLimit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Active partnerships per page (25 when not given)' }),
});

// ------------------------------------------------------------------ the domain's input types

export type PartnershipApplicationInput = z.output<typeof PartnershipApplication>;
export type PartnershipEventInput = z.output<typeof PartnershipEvent>;
export type GrantApplicationInput = z.output<typeof GrantApplication>;
export type GrantEventInput = z.output<typeof GrantEvent>;
export type AwardInput = z.output<typeof Award>;
export type ReportInput = z.output<typeof Report>;
export type MilestoneEventInput = z.output<typeof MilestoneEvent>;
export type OrganisationPatchInput = z.output<typeof OrganisationPatch>;
export type ActionPlanItemInput = z.output<typeof ActionPlanItem>;
export type DocumentRefInput = z.output<typeof DocumentRef>;
export type MessagePostInput = z.output<typeof MessagePost>;
export type GrantListQueryInput = z.output<typeof GrantListQuery>;

// ------------------------------------------------------------------ going live: city, users, organisations, registrations

const LanguageSchema = z.enum(['ar', 'fr', 'en']);
const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const CityName = Line(200);
const IsoWeekday = z.number().int('Use an ISO weekday, 1 (Monday) to 7 (Sunday).').min(1).max(7);
const WholeDays = (min: number, max: number) => z.number().int('Use a whole number.').min(min).max(max);
const OrganisationLanguages = z.array(z.enum(['ar', 'fr', 'en', 'es', 'nl', 'de', 'el'])).max(7);
const WebSite = z
  .url({ protocol: /^https?$/, hostname: /\./, error: 'Give the address of a web site (http or https).' })
  .max(300);

export const CityPatch = z
  .strictObject({
    names: z.strictObject({ ar: CityName, fr: CityName, en: CityName }).partial(),
    currency: z.string().regex(PATTERNS.currency, 'Use a three-letter ISO 4217 code such as TND or EUR.'),
    calendar: z
      .strictObject({
        timeZone: z
          .string()
          .max(60)
          .refine(isTimeZone, {
            message: 'Use an IANA time zone such as Africa/Tunis.',
            params: { code: 'time_zone' },
          }),
        holidays: z.array(LocalDate).max(100),
        weekend: z
          .array(IsoWeekday)
          .max(6, 'Keep at least one working day.')
          .refine((w) => new Set(w).size === w.length, {
            message: 'Name each weekday once.',
            params: { code: 'unique' },
          }),
      })
      .partial(),
    fastTrackCeiling: Money,
    decisionWorkingDays: WholeDays(1, 250),
    maxOpenFastGrants: WholeDays(1, 50),
    partnershipTermYears: WholeDays(1, 10),
    finalReportWeeks: WholeDays(1, 52),
    reminderOffsets: z
      .array(WholeDays(-365, 365))
      .max(10)
      .refine((o) => new Set(o).size === o.length, {
        message: 'Name each day once.',
        params: { code: 'unique' },
      }),
    focusAreas: z.array(z.enum(FOCUS_AREAS)).min(1, 'Choose at least one focus area.').max(10),
  })
  .partial()
  .meta({ id: 'CityPatch', description: 'The city settings to change; `calendar` may be sent in part' });

export const UserInvitation = z
  .strictObject({
    email: z.email('Give an e-mail address.').max(200),
    name: Line(200),
    roles: z
      .array(z.enum(['cso', 'city_officer', 'mayor_office', 'funder', 'admin']))
      .min(1)
      .max(5),
    organisationId: Id.optional(),
    language: LanguageSchema,
  })
  .meta({ id: 'UserInvitation', description: 'A person the admin invites into the city' });

export const UserPatch = z
  .strictObject({
    roles: z
      .array(z.enum(['cso', 'city_officer', 'mayor_office', 'funder', 'admin']))
      .min(1)
      .max(5),
    disabled: z.boolean(),
  })
  .partial()
  .meta({ id: 'UserPatch', description: 'New roles, or disabling or enabling a user' });

export const MemberInvitation = z
  .strictObject({
    email: z.email('Give an e-mail address.').max(200),
    name: Line(200),
    language: LanguageSchema,
  })
  .meta({ id: 'MemberInvitation', description: 'A colleague a CSO member invites into their organisation' });

export const FunderRegistration = z
  .strictObject({
    kind: z.literal('funder'),
    name: Line(200),
    registrationNumber: Line(100).optional(),
    description: Text(3000).optional(),
    website: WebSite.optional(),
    focusAreas: z.array(z.enum(FOCUS_AREAS)).max(10).optional(),
    languages: OrganisationLanguages.optional(),
  })
  .meta({ id: 'FunderRegistration', description: 'A funder the admin registers' });

export const CsoRegistration = z
  .strictObject({
    organisation: z.strictObject({
      name: Line(200),
      legalForm: Line(100),
      registrationNumber: Line(100),
      foundedYear: z.number().int().min(1800).max(2100).optional(),
      website: WebSite.optional(),
      description: Text(3000),
      focusAreas: z.array(z.enum(FOCUS_AREAS)).min(1, 'Choose at least one focus area.').max(10),
      languages: OrganisationLanguages.min(1, 'Choose at least one language.'),
    }),
    contact: z.strictObject({
      name: Line(200),
      email: z.email('Give an e-mail address.').max(200),
      language: LanguageSchema,
    }),
  })
  .meta({ id: 'CsoRegistration', description: 'A CSO asks to join the city (public, no sign-in)' });

export const RegistrationEvent = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('verify'), comment }),
    z.strictObject({ type: z.literal('decline'), comment: reason }),
  ])
  .meta({ id: 'RegistrationEvent', description: 'An officer verifies or declines a registration' });

export const UserListQuery = z.object({
  role: z.enum(['cso', 'city_officer', 'mayor_office', 'funder', 'admin']).optional(),
  q: z.string().max(200).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const OrganisationListQuery = z.object({
  kind: z.enum(['cso', 'funder']).optional(),
  q: z.string().max(200).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const RegistrationListQuery = z.object({
  state: z.enum(['submitted', 'verified', 'declined']).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export type CityPatchInput = z.output<typeof CityPatch>;
export type UserInvitationInput = z.output<typeof UserInvitation>;
export type UserPatchInput = z.output<typeof UserPatch>;
export type MemberInvitationInput = z.output<typeof MemberInvitation>;
export type FunderRegistrationInput = z.output<typeof FunderRegistration>;
export type CsoRegistrationInput = z.output<typeof CsoRegistration>;
export type RegistrationEventInput = z.output<typeof RegistrationEvent>;
