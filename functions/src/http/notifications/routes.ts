/** In-app notifications of the signed-in user. */
import { createRoute } from '@hono/zod-openapi';
import { NotificationsRead, PageQuery } from '#contract/requests';
import { NotificationPage, NotificationsMarked } from '#contract/responses';
import { listNotifications, markRead } from '#services/notifications';
import { bearer, json, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const notificationRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/notifications',
      operationId: 'listNotifications',
      tags: ['notifications'],
      summary: 'The signed-in user’s notifications, newest first, with the unread count',
      security: bearer,
      middleware: [allow('GET /v1/notifications')] as const,
      request: { query: PageQuery },
      responses: { 200: json(NotificationPage, 'A page of notifications'), ...problems },
    }),
    async (c) => c.json(await listNotifications(c.var.deps, c.var.actor, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/notifications/read',
      operationId: 'markNotificationsRead',
      tags: ['notifications'],
      summary: 'Mark notifications read (the given ids, or all)',
      security: bearer,
      middleware: [allow('POST /v1/notifications/read')] as const,
      request: {
        body: { content: { 'application/json': { schema: NotificationsRead } }, required: false },
      },
      responses: { 200: json(NotificationsMarked, 'What is left unread'), ...problems },
    }),
    async (c) => {
      // Without a JSON body (no Content-Type), every notification is marked read.
      const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
      return c.json(await markRead(c.var.deps, c.var.actor, body.ids), 200);
    },
  );
