/**
 * What every workflow-event route shares: `POST /v1/<records>/{id}/events` with the event as its body,
 * answered with the record after the event and its ETag. An Idempotency-Key makes a retry safe: it
 * answers what the first request did (`Idempotent-Replayed: true`) and writes and notifies nothing.
 */
import type { z } from 'zod';
import type { Created, IdempotencyInput } from '#services/idempotency';
import { etag, idempotencyKey } from './headers.ts';
import { json, problem, problems } from './openapi.ts';

/** The body of an event route: the event, as JSON. */
export const eventBody = <B extends z.ZodType>(schema: B) => ({
  content: { 'application/json': { schema } },
  required: true,
});

/** The answers of an event route: the record after the event, or a problem. */
export const eventResponses = <R extends z.ZodType>(record: R, description: string) => ({
  200: json(record, description),
  ...problems,
  409: problem('Not possible in the current state, or changed meanwhile'),
  412: problem('Stale If-Match'),
  422: problem('Rules not met, each listed'),
});

/** The retry key of a request and what it must match on a retry. */
export function retryOf(header: string | undefined, request: unknown): IdempotencyInput | undefined {
  const key = idempotencyKey(header);
  return key ? { key, request } : undefined;
}

/** The arguments of an event service after the actor: the id, the event, If-Match and the retry key. */
export function eventArgs<E>(id: string, event: E, header: (name: string) => string | undefined) {
  return [id, event, header('If-Match'), retryOf(header('Idempotency-Key'), { id, event })] as const;
}

/** The record of the answer, with its ETag, marked when it replays the first answer. */
export function answered<V extends { readonly version: number }>(
  c: { header(name: string, value: string): void },
  out: Created<V>,
): V {
  c.header('ETag', etag(out.body.version));
  if (out.replayed) c.header('Idempotent-Replayed', 'true');
  return out.body;
}
