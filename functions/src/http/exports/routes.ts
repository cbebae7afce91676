/**
 * Portfolio exports (signed in): a funder's grants with its share, or an officer's whole city, as CSV and
 * as JSON, streamed as they are read.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { PortfolioExport } from '#contract/responses';
import { portfolioCsv, portfolioJson } from '#services/exports';
import { bearer, problem } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';
import { streamBody, streamJson } from '../stream.ts';

const problems = { 401: problem('Not signed in'), 403: problem('Not allowed for your role') };

const today = (d: Date) => d.toISOString().slice(0, 10);

export const exportRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/exports/portfolio.csv',
      operationId: 'exportPortfolioCsv',
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
      return streamBody(c, chunks, 'text/csv; charset=utf-8', name);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/exports/portfolio.json',
      operationId: 'exportPortfolioJson',
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
      return streamJson<z.output<typeof PortfolioExport>>(c, chunks, name);
    },
  );
