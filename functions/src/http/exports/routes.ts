/**
 * Portfolio exports (signed in): a funder's grants with its share, or an officer's whole city, as CSV and
 * as JSON, streamed as they are read.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { portfolioCsv, portfolioJson } from '#services/exports';
import { bearer, router } from '../env.ts';
import { problem } from '../openapi.ts';
import { allow } from '../policy.ts';
import { streamBody } from '../public/routes.ts';
import { Money } from '../schemas.ts';

const problems = { 401: problem('Not signed in'), 403: problem('Not allowed for your role') };

const PortfolioExport = z
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
        funders: z.array(z.object({ id: z.string(), name: z.string(), share: Money })),
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
          }),
        ),
        indicatorTotals: z.array(z.object({ name: z.string(), total: z.number() })),
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
  .openapi('PortfolioExport');

const today = (d: Date) => d.toISOString().slice(0, 10);

export const exportRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/exports/portfolio.csv',
      tags: ['exports'],
      summary: 'The portfolio as CSV: a funder’s grants with its share, or every awarded grant of the city',
      description: 'One row per milestone of each grant (one row for a grant without milestones). Streamed.',
      security: bearer,
      middleware: [allow('GET /v1/exports/portfolio.csv')] as const,
      responses: {
        200: {
          description: 'CSV (RFC 4180) with a header row',
          content: { 'text/csv': { schema: z.string() } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const chunks = portfolioCsv(c.var.deps, c.var.actor);
      c.header('Cache-Control', 'private, no-store');
      const name = `portfolio-${today(c.var.deps.clock())}.csv`;
      return streamBody(c, chunks, 'text/csv; charset=utf-8', name) as never;
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/exports/portfolio.json',
      tags: ['exports'],
      summary: 'The portfolio as JSON: grants, share, milestones, late flags and totals of indicator results',
      security: bearer,
      middleware: [allow('GET /v1/exports/portfolio.json')] as const,
      responses: {
        200: {
          description: 'The portfolio, streamed',
          content: { 'application/json': { schema: PortfolioExport } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const chunks = portfolioJson(c.var.deps, c.var.actor);
      c.header('Cache-Control', 'private, no-store');
      const name = `portfolio-${today(c.var.deps.clock())}.json`;
      return streamBody(c, chunks, 'application/json; charset=utf-8', name) as never;
    },
  );
