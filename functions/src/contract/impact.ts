/**
 * A CSO's impact profile and the read-only links its members share it with: request and response
 * schemas (the domain and services derive their types from them).
 */
import { z } from 'zod';
import { Instant, LocalDate, Money } from './fields.ts';

const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const ImpactLinkRequest = z
  .strictObject({
    days: z
      .number()
      .int('Use a whole number of days.')
      .min(1)
      .max(90)
      .optional()
      .meta({ description: 'How long the link opens the profile, in days (default 30)' }),
  })
  .meta({ id: 'ImpactLinkRequest', description: 'A read-only link to the impact profile' });

export const ImpactLink = z
  .object({
    id: z.string(),
    url: z.string().optional().meta({ description: 'The address to share; given once, when it is made' }),
    createdAt: Instant,
    createdBy: z.string(),
    expiresAt: Instant,
    revokedAt: Instant.optional(),
    active: z.boolean().meta({ description: 'Neither expired nor revoked' }),
  })
  .meta({ id: 'ImpactLink', description: 'A read-only link to an organisation’s impact profile' });

export const ImpactLinkList = z
  .object({ items: list(ImpactLink) })
  .meta({ id: 'ImpactLinkList', description: 'The links an organisation made, newest first' });

const IndicatorSum = z.object({
  name: z.string(),
  target: z.number().int().meta({ description: 'The targets of every grant and action plan, summed' }),
  result: z.number().int().meta({ description: 'The results of the latest accepted reports, summed' }),
});

export const ImpactProfile = z
  .object({
    organisation: z.object({ id: z.string(), name: z.string(), cityId: z.string() }),
    currency: z.string(),
    grants: list(
      z.object({
        id: z.string(),
        title: z.string(),
        state: z.string(),
        track: z.enum(['fast', 'standard']),
        startDate: LocalDate,
        endDate: LocalDate,
        focusAreas: list(z.string()),
        funders: list(z.object({ id: z.string(), name: z.string(), share: Money })),
        awarded: Money,
        paid: Money,
        spent: Money,
      }),
    ),
    partnerships: list(
      z.object({
        id: z.string(),
        state: z.string(),
        focusAreas: list(z.string()),
        start: LocalDate,
        end: LocalDate,
      }),
    ),
    indicators: list(IndicatorSum),
    totals: z.object({ awarded: Money, paid: Money, spent: Money }),
    reports: z
      .object({
        submitted: z.number().int(),
        onTime: z.number().int(),
        late: z.number().int(),
        overdue: z.number().int(),
      })
      .meta({ description: 'Reports handed in (on time or late) and reports overdue now' }),
    milestones: list(
      z.object({
        id: z.string(),
        kind: z.enum(['interim_report', 'final_report', 'annual_review']),
        title: z.string(),
        dueDate: LocalDate,
        state: z.string(),
        late: z.boolean(),
      }),
    ).meta({ description: 'Every report of the portfolio, by due date: its timeline' }),
  })
  .meta({
    id: 'ImpactProfile',
    description: 'What an organisation did across every funder: report once, show everyone',
  });

export type ImpactProfileView = z.output<typeof ImpactProfile>;
export type ImpactLinkView = z.output<typeof ImpactLink>;
export type ImpactLinkInput = z.output<typeof ImpactLinkRequest>;
