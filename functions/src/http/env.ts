import { OpenAPIHono } from '@hono/zod-openapi';
import type { Actor } from '#domain/types';
import type { Deps } from '#services/deps';
import { badRequest } from './problem.ts';

export interface Env {
  /** `requestId`: one id per request, in the X-Request-Id header and in every log line about it. */
  Variables: { actor: Actor; deps: Deps; requestId: string };
}

/** Every router shares this validation hook: zod issues become a 400 problem with field paths. */
export function router(): OpenAPIHono<Env> {
  return new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = result.error.issues.map((i) => ({
          path: i.path.map(String).join('.'),
          message:
            i.code === 'unrecognized_keys'
              ? `Unknown field(s): ${(i as { keys?: string[] }).keys?.join(', ')}.`
              : i.message,
        }));
        throw badRequest('Some fields are missing or not valid.', errors);
      }
    },
  });
}

export const bearer = [{ bearerAuth: [] }];

/** The Idempotency-Key header, if any (1–200 printable characters). */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw badRequest('The Idempotency-Key header must be 1 to 200 printable characters.', [
      { path: 'Idempotency-Key', message: 'Invalid.' },
    ]);
  }
  return header;
}

export const etag = (version: number) => `"${version}"`;
