/**
 * Pieces of the OpenAPI route definitions that every feature folder uses: response shapes and the `{id}`
 * path parameter. Errors are always `application/problem+json` (problem.ts).
 */
import { z } from '@hono/zod-openapi';
import { Id, Problem } from './schemas.ts';

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

/** The `{id}` of a record in the path. */
export const idParams = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });
