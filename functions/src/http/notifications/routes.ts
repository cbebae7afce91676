import { createRoute, z } from '@hono/zod-openapi';
import { listNotifications, markRead } from '#services/notifications';
import { payTranche } from '#services/tranches';
import { bearer, etag, router } from '../env.ts';
import { json, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { GrantRecord, Id, Instant } from '../schemas.ts';

const NotificationRecord = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().optional(),
    createdAt: Instant,
    read: z.boolean(),
    readAt: Instant.optional(),
  })
  .openapi('Notification');

const NotificationPage = z
  .object({
    items: z.array(NotificationRecord),
    unread: z.number().int().openapi({ description: 'How many of the user’s notifications are unread' }),
    nextCursor: z.string().nullable(),
  })
  .openapi('NotificationPage');

const ReadRequest = z
  .strictObject({ ids: z.array(z.string().min(1).max(64)).max(100).optional() })
  .openapi('NotificationsRead', {
    description: 'The notifications to mark read; all of them when `ids` is left out',
  });

/** In-app notifications of the signed-in user, and the payment of a released tranche. */
export const notificationRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/notifications',
      tags: ['notifications'],
      summary: 'The signed-in user’s notifications, newest first, with the unread count',
      security: bearer,
      middleware: [allow('GET /v1/notifications')] as const,
      request: {
        query: z.object({
          cursor: z.string().max(2000).optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
        }),
      },
      responses: { 200: json(NotificationPage, 'A page of notifications'), ...problems },
    }),
    async (c) =>
      c.json((await listNotifications(c.var.deps, c.var.actor, c.req.valid('query'))) as never, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/notifications/read',
      tags: ['notifications'],
      summary: 'Mark notifications read (the given ids, or all)',
      security: bearer,
      middleware: [allow('POST /v1/notifications/read')] as const,
      request: { body: { content: { 'application/json': { schema: ReadRequest } }, required: false } },
      responses: {
        200: json(z.object({ marked: z.number().int(), unread: z.number().int() }), 'What is left unread'),
        ...problems,
      },
    }),
    async (c) => {
      const body = (c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {}) as {
        ids?: string[];
      };
      return c.json(await markRead(c.var.deps, c.var.actor, body?.ids), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/grants/{id}/tranches/{trancheId}/pay',
      tags: ['grants'],
      summary: 'Record the payment of a released tranche (city officer)',
      security: bearer,
      middleware: [allow('POST /v1/grants/{id}/tranches/{trancheId}/pay')] as const,
      request: {
        params: z.object({
          id: Id.openapi({ param: { name: 'id', in: 'path' } }),
          trancheId: Id.openapi({ param: { name: 'trancheId', in: 'path' } }),
        }),
      },
      responses: {
        200: json(GrantRecord, 'The grant, with the tranche paid'),
        ...problems,
        404: problem('No such grant or tranche'),
        409: problem('The tranche is not released (scheduled, held or already paid)'),
        412: problem('Stale If-Match'),
      },
    }),
    async (c) => {
      const { id, trancheId } = c.req.valid('param');
      const grant = await payTranche(c.var.deps, c.var.actor, id, trancheId, c.req.header('If-Match'));
      c.header('ETag', etag(grant.version));
      return c.json(grant as never, 200);
    },
  );
