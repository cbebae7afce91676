/**
 * Public routes, no sign-in (app.ts lets /v1/public/* through): the transparency register of a city and
 * its awarded grants as 360Giving data. The 360Giving outputs are streamed as they are read.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { giving360Csv, giving360Json } from '#services/giving360';
import { publicRegister } from '#services/register';
import { router } from '../env.ts';
import { problem } from '../openapi.ts';
import { ApiError, stderrSink } from '../problem.ts';
import { FOCUS_AREAS, Id, LocalDate, Money } from '../schemas.ts';

/**
 * Sends text chunks as they come: the stream pulls the next chunk only when the client has taken the
 * last one, so at most a page of output is held at a time.
 */
export function streamBody(
  c: Context,
  chunks: AsyncIterable<string>,
  contentType: string,
  filename?: string,
): Response {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (err) {
        // The status is already sent: log, and cut the response short so the client sees it is incomplete.
        stderrSink({
          level: 'error',
          msg: 'stream failed',
          requestId: c.get('requestId'),
          route: c.req.routePath,
          error: err instanceof Error ? err.name : typeof err,
        });
        controller.error(err);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  c.header('Content-Type', contentType);
  if (filename) c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(body, 200);
}

const problems = {
  400: problem('Invalid request'),
  404: problem('No such city, or (360Giving) no awarded grant yet'),
};
const params = z.object({ cityId: Id.openapi({ param: { name: 'cityId', in: 'path' }, example: 'sfax' }) });

const Count = z.number().int().nullable().openapi({ description: 'null when below 5 (suppressed)' });
const RegisterResponse = z
  .object({
    city: z.object({ id: z.string(), name: z.string(), country: z.string(), currency: z.string() }),
    filters: z.object({
      year: z.number().int().nullable(),
      focusArea: z.string().nullable(),
      funder: z.string().nullable(),
    }),
    partnerships: z.array(
      z.object({
        id: z.string(),
        organisationId: z.string(),
        organisationName: z.string(),
        focusAreas: z.array(z.string()),
        term: z.object({ start: LocalDate, end: LocalDate }).nullable(),
        state: z.string(),
      }),
    ),
    grants: z.array(
      z.object({
        id: z.string(),
        identifier: z
          .string()
          .openapi({ description: 'The 360Giving identifier: 360G-passerelle-<city>-<grant>' }),
        title: z.string(),
        track: z.enum(['fast', 'standard']),
        state: z.string(),
        organisationId: z.string(),
        organisationName: z.string(),
        focusAreas: z.array(z.string()),
        amountAwarded: Money,
        amountDisbursed: Money,
        funders: z.array(z.object({ id: z.string(), name: z.string(), share: Money })),
        awardedAt: LocalDate,
        startDate: LocalDate,
        endDate: LocalDate,
        reportsOnTime: z.boolean(),
      }),
    ),
    summary: z
      .object({
        grants: Count,
        partnerships: Count,
        grantsByFocusArea: z.array(z.object({ focusArea: z.string(), grants: Count })),
        grantsByState: z.array(z.object({ state: z.string(), grants: Count })),
        grantsByTrack: z.array(z.object({ track: z.string(), grants: Count })),
        indicatorTotals: z.array(z.object({ name: z.string(), total: Count })),
        note: z.string(),
        asOf: z.string().openapi({ description: 'When the figures were computed (kept up to 10 minutes)' }),
      })
      .nullable()
      .openapi({ description: 'On the first page only (no cursor)' }),
    nextCursor: z.string().nullable(),
  })
  .openapi('PublicRegister');

const RegisterQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  focusArea: z.enum(FOCUS_AREAS).optional(),
  funder: Id.optional().openapi({ description: 'A funder organisation id' }),
  cursor: z.string().max(3000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

const Giving360Package = z
  .looseObject({ version: z.string(), grants: z.array(z.looseObject({ id: z.string() })) })
  .openapi('Giving360Package', {
    description: 'A 360Giving data package (standards/360giving, schema 1.4), valid against its JSON Schemas',
  });

const noGrants = (cityId: string) =>
  new ApiError(
    404,
    'not-found',
    'Not found.',
    `The city "${cityId}" has no awarded grant yet; a 360Giving package holds at least one.`,
  );
const PUBLIC_CACHE = 'public, max-age=300';
const origin = (c: Context) => new URL(c.req.url).origin;

export const publicRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/public/cities/{cityId}/register',
      tags: ['public'],
      summary: 'The transparency register of a city: active partnerships and awarded grants (no sign-in)',
      request: { params, query: RegisterQuery },
      responses: {
        200: {
          description: 'A page of the register',
          content: { 'application/json': { schema: RegisterResponse } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const register = await publicRegister(c.var.deps, c.req.valid('param').cityId, c.req.valid('query'));
      c.header('Cache-Control', PUBLIC_CACHE);
      return c.json(register as never, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/public/cities/{cityId}/grants.360giving.json',
      tags: ['public'],
      summary: 'Every awarded grant of the city as a 360Giving data package (streamed)',
      request: { params },
      responses: {
        200: {
          description: 'The 360Giving data package',
          content: { 'application/json': { schema: Giving360Package } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const { cityId } = c.req.valid('param');
      const chunks = await giving360Json(c.var.deps, cityId, { baseUrl: origin(c) });
      if (!chunks) throw noGrants(cityId);
      c.header('Cache-Control', PUBLIC_CACHE);
      return streamBody(c, chunks, 'application/json; charset=utf-8') as never;
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/public/cities/{cityId}/grants.360giving.csv',
      tags: ['public'],
      summary: 'Every awarded grant of the city in the 360Giving flat CSV layout (streamed)',
      request: { params },
      responses: {
        200: {
          description:
            'CSV with a header row of 360Giving column titles (Identifier, Title, Amount Awarded, …)',
          content: { 'text/csv': { schema: z.string() } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const { cityId } = c.req.valid('param');
      const chunks = await giving360Csv(c.var.deps, cityId, { baseUrl: origin(c) });
      if (!chunks) throw noGrants(cityId);
      c.header('Cache-Control', PUBLIC_CACHE);
      return streamBody(c, chunks, 'text/csv; charset=utf-8', `${cityId}-grants.360giving.csv`) as never;
    },
  );
