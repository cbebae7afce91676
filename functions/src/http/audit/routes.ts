/** The audit trail of one record, for whoever may read the record. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { Id } from '#contract/fields';
import { AuditTrail } from '#contract/responses';
import { auditTrail } from '#services/access';
import { cityAuditTrail } from '#services/city';
import { withActorNames } from '#services/names';
import { organisationAuditTrail } from '#services/organisations';
import { registrationAuditTrail } from '#services/registrations';
import { bearer, json, pathParam, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const auditRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/v1/audit/{entityType}/{id}',
    operationId: 'getAuditTrail',
    tags: ['audit'],
    summary: 'The audit trail of one record, in order',
    security: bearer,
    middleware: [allow('GET /v1/audit/{entityType}/{id}')] as const,
    request: {
      params: z.object({
        entityType: pathParam(
          z.enum(['partnership', 'grant', 'milestone', 'organisation', 'city', 'registration']),
          'entityType',
        ),
        id: pathParam(Id, 'id'),
      }),
    },
    responses: { 200: json(AuditTrail, 'Every entry, oldest first'), ...problems },
  }),
  async (c) => {
    const { entityType, id } = c.req.valid('param');
    const items =
      entityType === 'organisation'
        ? await organisationAuditTrail(c.var.deps, c.var.actor, id)
        : entityType === 'city'
          ? await cityAuditTrail(c.var.deps, c.var.actor, id)
          : entityType === 'registration'
            ? await registrationAuditTrail(c.var.deps, c.var.actor, id)
            : await auditTrail(c.var.deps, entityType, id, c.var.actor);
    return c.json({ items: await withActorNames(c.var.deps, c.var.actor, items), nextCursor: null }, 200);
  },
);
