/**
 * The staff workspace on the wire: an organisation's record as a reviewer sees it beside an application,
 * the payments to make, and the mayor's office's figures of how it decides.
 */
import { z } from 'zod';
import { Id, Instant, Line, LocalDate, Money } from './fields.ts';
import { Track } from './requests.ts';

const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const OrganisationRecordSummary = z
  .object({
    organisation: z.object({
      id: z.string(),
      name: z.string(),
      registrationNumber: z.string().optional(),
      description: z.string().optional(),
      website: z.string().optional(),
      focusAreas: list(z.string()),
    }),
    partnership: z
      .object({
        id: z.string(),
        state: z.string(),
        term: z.object({ start: LocalDate, end: LocalDate }).optional(),
      })
      .nullable()
      .meta({ description: 'The partnership in force, else the latest application; null when none' }),
    grants: list(
      z.object({
        id: z.string(),
        title: z.string(),
        state: z.string(),
        track: Track,
        amountRequested: Money,
        amountAwarded: Money.optional(),
        submittedAt: Instant.optional(),
        decidedAt: Instant.optional(),
      }),
    ).meta({ description: 'Its applications beyond draft, newest first' }),
    reports: z
      .object({
        onTime: z.number().int(),
        late: z.number().int(),
        overdue: z.number().int(),
      })
      .meta({ description: 'Reports submitted on time, submitted late, and due but not submitted' }),
    overdue: list(
      z.object({
        id: z.string(),
        title: z.string(),
        kind: z.enum(['interim_report', 'final_report', 'annual_review']),
        dueDate: LocalDate,
        parentType: z.enum(['grant', 'partnership']),
        parentId: z.string(),
      }),
    ).meta({ description: 'Its overdue reports, oldest first' }),
  })
  .meta({
    id: 'OrganisationRecordSummary',
    description: 'What a reviewer needs to know of the organisation behind an application',
  });

export const TrancheListQuery = z.object({
  state: z.enum(['due', 'held']).default('due').meta({
    description: '`due`: released and not yet paid (payments to make); `held`: held by an overdue report',
  }),
});

export const TrancheToPay = z.object({
  grantId: z.string(),
  grantTitle: z.string(),
  grantVersion: z.number().int().meta({ description: 'Send it in If-Match when recording the payment' }),
  organisationId: z.string(),
  organisationName: z.string(),
  tranche: z.object({
    id: z.string(),
    amount: Money,
    condition: z.enum(['award_accepted', 'final_report_accepted']),
    state: z.enum(['scheduled', 'released', 'held', 'paid']),
    releasedAt: Instant.optional(),
  }),
});

export const TranchePage = z
  .object({ items: list(TrancheToPay), nextCursor: z.string().nullable() })
  .meta({ id: 'TranchePage', description: 'Tranches of the city’s grants, oldest release first' });

export const InsightsQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .meta({ description: 'The calendar year of the decisions; this year when left out' }),
});

export const DecisionInsights = z
  .object({
    year: z.number().int(),
    decided: z.number().int().meta({ description: 'Grant applications approved or rejected in the year' }),
    decidedOnTime: z.number().int().meta({ description: 'Of those, decided by their deadline' }),
    medianWorkingDays: z
      .number()
      .nullable()
      .meta({ description: 'Median working days from submission to decision; null when none was decided' }),
    committed: Money.meta({ description: 'The sum of the amounts awarded in the year' }),
    byMonth: list(
      z.object({
        month: z.string().meta({ description: 'YYYY-MM' }),
        decided: z.number().int(),
        decidedOnTime: z.number().int(),
        committed: Money,
      }),
    ).meta({ description: 'Twelve months, January first' }),
  })
  .meta({ id: 'DecisionInsights', description: 'How the mayor’s office decided in one year' });

export const TranchePayment = z
  .strictObject({
    paidOn: LocalDate.optional().meta({
      description: 'The day the money left the city’s account: between the award and today',
    }),
    reference: Line(100).optional().meta({ description: 'The bank transfer’s or the order’s reference' }),
    proofUploadId: Id.optional().meta({ description: 'The uploaded proof of payment (POST /v1/uploads)' }),
  })
  .meta({
    id: 'TranchePayment',
    description: 'When and how a tranche was paid, with its proof if there is one',
  });

export type TranchePaymentInput = z.output<typeof TranchePayment>;
export type OrganisationRecordSummaryView = z.output<typeof OrganisationRecordSummary>;
export type TrancheListQueryInput = z.output<typeof TrancheListQuery>;
export type TranchePageView = z.output<typeof TranchePage>;
export type DecisionInsightsView = z.output<typeof DecisionInsights>;
