/** The conversation on each partnership, grant and milestone: read a page of it, add a message. */
import { createRoute } from '@hono/zod-openapi';
import { MessagePost, PageQuery } from '#contract/requests';
import { MessagePage, MessageRecord } from '#contract/responses';
import { listMessages, postMessage } from '#services/messages';
import type { RecordType } from '#store/keys';
import { idempotencyKey } from '../headers.ts';
import { bearer, idParams, json, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

const NAMES = {
  partnerships: { type: 'partnership', name: 'Partnership' },
  grants: { type: 'grant', name: 'Grant' },
  milestones: { type: 'milestone', name: 'Milestone' },
} as const satisfies Record<string, { type: RecordType; name: string }>;

function thread<P extends keyof typeof NAMES>(plural: P) {
  const { type, name } = NAMES[plural];
  const path = `/v1/${plural}/{id}/messages` as const;
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path,
        operationId: `list${name}Messages`,
        tags: ['messages'],
        summary: `The conversation on a ${type}, oldest first, one page`,
        security: bearer,
        middleware: [allow(`GET ${path}`)] as const,
        request: { params: idParams, query: PageQuery },
        responses: { 200: json(MessagePage, 'A page of messages'), ...problems },
      }),
      async (c) =>
        c.json(
          await listMessages(c.var.deps, c.var.actor, type, c.req.valid('param').id, c.req.valid('query')),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path,
        operationId: `post${name}Message`,
        tags: ['messages'],
        summary: `Add a message to the conversation on a ${type} (the other side is notified)`,
        security: bearer,
        middleware: [allow(`POST ${path}`)] as const,
        request: {
          params: idParams,
          body: { content: { 'application/json': { schema: MessagePost } }, required: true },
        },
        responses: { 201: json(MessageRecord, 'The message as written'), ...problems },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const key = idempotencyKey(c.req.header('Idempotency-Key'));
        const out = await postMessage(
          c.var.deps,
          c.var.actor,
          type,
          c.req.valid('param').id,
          body,
          key ? { key, request: body } : undefined,
        );
        if (out.replayed) c.header('Idempotent-Replayed', 'true');
        return c.json(out.body, 201);
      },
    );
}

export const messageRoutes = router()
  .route('/', thread('partnerships'))
  .route('/', thread('grants'))
  .route('/', thread('milestones'));
