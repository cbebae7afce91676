import { OpenAPIHono } from '@hono/zod-openapi';
import { fieldErrors } from '#contract/problem';
import type { Actor } from '#domain/types';
import type { Deps } from '#services/deps';
import { badRequest } from './problem.ts';

export interface Env {
  /** `requestId`: one id per request, in the X-Request-Id header and in every log line about it. */
  Variables: { actor: Actor; deps: Deps; requestId: string };
}

/** Every router shares this validation hook: zod issues become a 400 problem with structured field errors. */
export function router(): OpenAPIHono<Env> {
  return new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success)
        throw badRequest('Some fields are missing or not valid.', fieldErrors(result.error.issues));
    },
  });
}
