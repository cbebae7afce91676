/**
 * The v1 contract's shapes, in zod: request bodies are validated with them, /openapi.json is generated
 * from them, and the web front end validates its forms with the same schemas.
 * Bodies are strict: an unknown field is a 400.
 */
import { z } from '@hono/zod-openapi';
import { DOCUMENT_KINDS } from '#domain/partnership';

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - and _ only.');
/** The dates the system works with: anything outside is a typing slip, and breaks the calendars later. */
export const FIRST_DATE = '2000-01-01';
export const LAST_DATE = '2100-12-31';
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD.')
  .refine(isRealDate, 'This is not a real calendar date.')
  .refine(
    (s) => !isRealDate(s) || (s >= FIRST_DATE && s <= LAST_DATE),
    `Give a date between ${FIRST_DATE} and ${LAST_DATE}.`,
  )
  .openapi({ example: '2027-01-15', format: 'date' });
export const Instant = z.string().openapi({ format: 'date-time', example: '2027-01-15T09:30:00.000Z' });
/** Whether the text holds a control character (C0, DEL, C1); `keepLines` lets LF, CR and tab through. */
const hasControl = (s: string, keepLines: boolean) =>
  [...s].some((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    const control = c <= 0x1f || (c >= 0x7f && c <= 0x9f);
    return control && !(keepLines && (c === 0x09 || c === 0x0a || c === 0x0d));
  });
/** Bidi embeddings, overrides and isolates (they reorder what follows), and the Unicode line separators. */
const BIDI_OR_LINE = /[\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
/** Text that shows nothing: spaces, zero-width characters, direction marks, format characters only. */
const INVISIBLE_ONLY = /^[\s\p{Cf}\u115F\u1160\u3164\uFFA0]*$/u;
const Visible = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Write something here.')
    .max(max, `Keep it under ${max} characters.`)
    // an empty text has its own message above
    .refine((s) => s === '' || !INVISIBLE_ONLY.test(s), 'Write something visible here.');
/** Multi-line text (a summary, a narrative, a comment): line breaks kept, other control characters refused. */
const Text = (max: number) =>
  Visible(max).refine((s) => !hasControl(s, true), 'Remove the control characters from this text.');
/**
 * One-line text (a title, a name, a label, a reference): no line break, control character or bidi
 * override, which could forge a cell or a line in what is exported, or disguise the text's end.
 */
const Line = (max: number) =>
  Visible(max).refine(
    (s) => !hasControl(s, false) && !BIDI_OR_LINE.test(s),
    'Keep this to one line, without control or text-direction characters.',
  );
const Count = z.number().int('Use a whole number.').min(0, 'Use zero or more.').max(10_000_000);

export const Money = z
  .strictObject({
    amount: z
      .number()
      .int('Give the amount in minor units (a whole number).')
      .min(0)
      .max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/, 'Use a three-letter ISO 4217 code such as TND or EUR.'),
  })
  .openapi('Money', { example: { amount: 1200000, currency: 'TND' } });

// ------------------------------------------------------------------ partnerships

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
] as const;

export const ActionPlanItem = z.strictObject({
  activity: Line(500),
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/, 'Use the form 2027-Q1.')
    .refine(
      (q) => q >= FIRST_DATE.slice(0, 4) && q.slice(0, 4) <= LAST_DATE.slice(0, 4),
      'Give a quarter between 2000 and 2100.',
    ),
  lead: z.enum(['cso', 'city', 'joint']),
  indicator: Line(200),
  target: Count,
});

export const DocumentRef = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS as unknown as [string, ...string[]]),
  reference: Line(300),
  date: LocalDate,
});

export const PartnershipApplication = z
  .strictObject({
    motivation: Text(5000),
    focusAreas: z.array(z.enum(FOCUS_AREAS)).min(1, 'Choose at least one focus area.').max(10),
    actionPlan: z.array(ActionPlanItem).max(50),
    documents: z.array(DocumentRef).max(20),
  })
  .openapi('PartnershipApplication');

export const PartnershipPatch = PartnershipApplication.partial().openapi('PartnershipPatch');

// ------------------------------------------------------------------ grants

export const GrantApplication = z
  .strictObject({
    track: z.enum(['fast', 'standard']),
    title: Line(200),
    summary: Text(2000),
    need: Text(2000),
    targetGroups: z.array(Line(100)).min(1, 'Name at least one target group.').max(20),
    amountRequested: Money,
    budget: z
      .array(z.strictObject({ label: Line(200), amount: Money }))
      .min(1, 'Add at least one budget line.')
      .max(50),
    startDate: LocalDate,
    endDate: LocalDate,
    indicators: z
      .array(z.strictObject({ name: Line(200), target: Count }))
      .min(1, 'Add at least one indicator.')
      .max(20),
  })
  .openapi('GrantApplication');

export const GrantPatch = GrantApplication.partial().openapi('GrantPatch');

export const Award = z
  .strictObject({
    amount: Money,
    funders: z
      .array(z.strictObject({ funderId: Id, share: Money }))
      .min(1)
      .max(10),
  })
  .openapi('Award');

// ------------------------------------------------------------------ events

const comment = Text(2000).optional();
const reason = Text(2000);

export const PartnershipEvent = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('submit'), comment }),
    z.strictObject({ type: z.literal('withdraw'), comment }),
    z.strictObject({ type: z.literal('start_review'), comment }),
    z.strictObject({ type: z.literal('request_changes'), comment: reason }),
    z.strictObject({ type: z.literal('declare_no_conflict'), comment }),
    z.strictObject({
      type: z.literal('record_due_diligence'),
      checks: z
        .array(z.strictObject({ item: DocumentRef.shape.kind, ok: z.boolean(), note: Text(500).optional() }))
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
  ])
  .openapi('PartnershipEvent');

export const GrantEvent = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('submit'), comment }),
    z.strictObject({ type: z.literal('withdraw'), comment }),
    z.strictObject({ type: z.literal('start_review'), comment }),
    z.strictObject({ type: z.literal('request_changes'), comment: reason }),
    z.strictObject({ type: z.literal('declare_no_conflict'), comment }),
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
  .openapi('GrantEvent');

export const Report = z
  .strictObject({
    narrative: Text(10_000),
    indicatorResults: z.array(z.strictObject({ name: Line(200), value: Count })).max(50),
    spent: Money,
    documents: z
      .array(z.strictObject({ reference: Line(300), date: LocalDate.optional() }))
      .max(20)
      .optional(),
  })
  .openapi('Report');

export const MilestoneEvent = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('submit_report'), report: Report, comment }),
    z.strictObject({ type: z.literal('accept'), comment }),
    z.strictObject({ type: z.literal('request_revision'), comment: reason }),
  ])
  .openapi('MilestoneEvent');

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
  .openapi('OrganisationPatch');

// ------------------------------------------------------------------ responses

const RecordBase = {
  id: z.string(),
  state: z.string(),
  version: z.number().int(),
  allowedEvents: z.array(z.string()),
  cityId: z.string(),
  organisationId: z.string(),
  createdAt: Instant,
  updatedAt: Instant,
};

export const PartnershipRecord = z
  .looseObject({
    ...RecordBase,
    organisationName: z.string(),
    term: z.object({ start: LocalDate, end: LocalDate }).optional(),
  })
  .openapi('Partnership');

export const GrantRecord = z
  .looseObject({
    ...RecordBase,
    track: z.enum(['fast', 'standard']),
    title: z.string(),
    amountRequested: Money,
    submittedAt: Instant.optional(),
    decisionDueAt: LocalDate.optional(),
    decisionLate: z.boolean(),
    award: Award.optional(),
  })
  .openapi('Grant');

export const MilestoneRecord = z
  .looseObject({
    ...RecordBase,
    grantId: z.string().optional(),
    partnershipId: z.string().optional(),
    kind: z.enum(['interim_report', 'final_report', 'annual_review']),
    dueDate: LocalDate,
    late: z.boolean(),
  })
  .openapi('Milestone');

export const OrganisationRecord = z
  .looseObject({
    id: z.string(),
    kind: z.enum(['cso', 'funder']),
    name: z.string(),
    cityId: z.string(),
    version: z.number().int(),
  })
  .openapi('Organisation');

export const AuditEntryRecord = z
  .looseObject({
    seq: z.number().int(),
    event: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    actorId: z.string(),
    role: z.string(),
    at: Instant,
    comment: z.string().optional(),
    hash: z.string(),
    prevHash: z.string(),
  })
  .openapi('AuditEntry');

export const EligibilityRecord = z
  .object({
    track: z.enum(['fast', 'standard']),
    eligible: z.boolean(),
    rules: z.array(z.object({ rule: z.string(), passed: z.boolean(), message: z.string() })),
  })
  .openapi('Eligibility');

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), rule: z.string().optional() }))
      .optional(),
  })
  .openapi('Problem');

export const ListQuery = z.object({
  state: z.string().max(40).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
