/** The smaller routes: the signed-in user, organisation profiles, the work queue, the audit trail. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Organisation } from '#domain/types';
import { auditTrail } from '#services/common';
import { editOrganisation, getOrganisation, organisationAuditTrail } from '#services/organisations';
import { queueFor } from '#services/queue';
import { bearer, etag, router } from '../env.ts';
import { idParams, json, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import {
  AuditEntryRecord,
  Id,
  ListQuery,
  OrganisationPatch,
  OrganisationRecord,
  pageOf,
} from '../schemas.ts';

const Me = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    cityId: z.string(),
    organisationId: z.string().optional(),
    roles: z.array(z.string()),
    language: z.string(),
    city: z.looseObject({ id: z.string(), name: z.string(), currency: z.string() }),
  })
  .openapi('Me');

export const miscRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/me',
      tags: ['me'],
      summary: 'The signed-in user: id, name, e-mail, city, organisation, roles',
      security: bearer,
      middleware: [allow('GET /v1/me')] as const,
      responses: { 200: json(Me, 'The signed-in user'), ...problems },
    }),
    async (c) => {
      const { deps, actor } = c.var;
      const [user, city] = await Promise.all([
        deps.store.getUser(actor.userId),
        deps.cities.get(actor.cityId),
      ]);
      return c.json(
        {
          id: actor.userId,
          name: user?.name ?? actor.userId,
          email: user?.email ?? '',
          cityId: actor.cityId,
          ...(actor.organisationId ? { organisationId: actor.organisationId } : {}),
          roles: [...actor.roles],
          language: user?.language ?? 'en',
          city: {
            id: city.id,
            name: city.name,
            currency: city.currency,
            timeZone: city.calendar.timeZone,
            fastTrackCeiling: city.fastTrackCeiling,
            maxOpenFastGrants: city.maxOpenFastGrants,
          },
        } as never,
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organisations/{id}',
      tags: ['organisations'],
      summary: 'A CSO or funder profile',
      security: bearer,
      middleware: [allow('GET /v1/organisations/{id}')] as const,
      request: { params: idParams },
      responses: { 200: json(OrganisationRecord, 'The profile'), ...problems },
    }),
    async (c) => {
      const org = await getOrganisation(c.var.deps, c.var.actor, c.req.valid('param').id);
      c.header('ETag', etag(org.version));
      return c.json(org as never, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/v1/organisations/{id}',
      tags: ['organisations'],
      summary: 'Edit a profile',
      security: bearer,
      middleware: [allow('PATCH /v1/organisations/{id}')] as const,
      request: {
        params: idParams,
        body: { content: { 'application/json': { schema: OrganisationPatch } }, required: true },
      },
      responses: {
        200: json(OrganisationRecord, 'The edited profile'),
        ...problems,
        412: problem('Stale If-Match'),
      },
    }),
    async (c) => {
      const org = await editOrganisation(
        c.var.deps,
        c.var.actor,
        c.req.valid('param').id,
        c.req.valid('json') as Partial<Organisation>,
        c.req.header('If-Match'),
      );
      c.header('ETag', etag(org.version));
      return c.json(org as never, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/queue',
      tags: ['queue'],
      summary: 'What waits for the signed-in user, most urgent first',
      security: bearer,
      middleware: [allow('GET /v1/queue')] as const,
      request: { query: ListQuery.pick({ cursor: true, limit: true }) },
      responses: {
        200: json(
          z
            .object({
              items: z.array(z.looseObject({ kind: z.string(), reason: z.string() })),
              nextCursor: z.string().nullable(),
            })
            .openapi('Queue'),
          'The queue',
        ),
        ...problems,
      },
    }),
    async (c) => c.json((await queueFor(c.var.deps, c.var.actor, c.req.valid('query'))) as never, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit/{entityType}/{id}',
      tags: ['audit'],
      summary: 'The audit trail of one record, in order',
      security: bearer,
      middleware: [allow('GET /v1/audit/{entityType}/{id}')] as const,
      request: {
        params: z.object({
          entityType: z
            .enum(['partnership', 'grant', 'milestone', 'organisation'])
            .openapi({ param: { name: 'entityType', in: 'path' } }),
          id: Id.openapi({ param: { name: 'id', in: 'path' } }),
        }),
      },
      responses: {
        200: json(pageOf(AuditEntryRecord, 'AuditTrail'), 'Every entry, oldest first'),
        ...problems,
      },
    }),
    async (c) => {
      const { entityType, id } = c.req.valid('param');
      const items =
        entityType === 'organisation'
          ? await organisationAuditTrail(c.var.deps, c.var.actor, id)
          : await auditTrail(c.var.deps, entityType, id, c.var.actor);
      return c.json({ items, nextCursor: null } as never, 200);
    },
  );
