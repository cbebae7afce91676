/** The impact profile a shared link opens: no sign-in, the profile and nothing beyond it. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { ImpactProfile } from '#contract/impact';
import { openImpactLink } from '#services/impact-links';
import { json, open, pathParam, problem } from '../openapi.ts';
import { ApiError } from '../problem.ts';
import { router } from '../router.ts';

const Token = z
  .string()
  .min(10)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'Not a link token.');

export const publicImpactRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/v1/public/impact/{token}',
    operationId: 'getSharedImpactProfile',
    security: open,
    tags: ['public'],
    summary: 'The impact profile a CSO shared, through its read-only link (no sign-in)',
    request: { params: z.object({ token: pathParam(Token, 'token') }) },
    responses: {
      200: json(ImpactProfile, 'The impact profile'),
      400: problem('Invalid request'),
      404: problem('No such link, or it expired or was revoked'),
    },
  }),
  async (c) => {
    const profile = await openImpactLink(c.var.deps, c.req.valid('param').token);
    if (!profile)
      throw new ApiError(404, 'not-found', 'Not found.', 'This link does not open a profile (any more).');
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.json(profile, 200);
  },
);
