/**
 * Pieces of the OpenAPI route definitions that every feature folder uses: response shapes, the `{id}`
 * path parameter and the bearer security requirement. Errors are always `application/problem+json`.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { Id } from '#contract/fields';
import { Problem } from '#contract/problem';

/** A problem+json response with its description. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** The errors any signed-in route can answer. */
export const problems = {
  400: problem('Invalid request'),
  401: problem('Not signed in'),
  403: problem('Not allowed for your role'),
  404: problem('Not found'),
};

/** A JSON response with its schema and description. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A path parameter of the route (`{name}` in its path). */
export const pathParam = <T extends z.ZodType>(schema: T, name: string, example?: string) =>
  schema.meta({ param: { name, in: 'path' }, ...(example ? { example } : {}) });

/** The `{id}` of a record in the path. */
export const idParams = z.object({ id: pathParam(Id, 'id') });

/** Signed-in routes: a bearer token (a JWT) in the Authorization header. */
export const bearer = [{ bearerAuth: [] }];
/** Public routes: no sign-in. */
export const open = [];

/**
 * Where an invitation's sign-in link points: the address the request came to. The web is served from
 * the same origin as the API (locally by the same server, deployed behind the same CloudFront).
 */
export const signInLink = (c: Context) => ({ baseUrl: new URL(c.req.url).origin });
