/**
 * A CSO's impact profile, and the read-only links its members share it with (signed in); the public
 * route a link opens is in public-routes.ts, mounted before the auth middleware.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { Id } from '#contract/fields';
import { ImpactLink, ImpactLinkList, ImpactLinkRequest, ImpactProfile } from '#contract/impact';
import { getImpactProfile } from '#services/impact';
import {
  createImpactLink,
  listOrganisationImpactLinks,
  revokeOrganisationImpactLink,
} from '#services/impact-links';
import { bearer, idParams, json, pathParam, problems, signInLink } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

/** The web page that opens a shared link; the token follows. */
export const SHARED_IMPACT_PAGE = '/impact/shared/';

export const impactRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organisations/{id}/impact',
      operationId: 'getImpactProfile',
      tags: ['impact'],
      summary: 'A CSO’s impact profile: every grant and partnership across all funders (members, city staff)',
      security: bearer,
      middleware: [allow('GET /v1/organisations/{id}/impact')] as const,
      request: { params: idParams },
      responses: { 200: json(ImpactProfile, 'The impact profile'), ...problems },
    }),
    async (c) => {
      const profile = await getImpactProfile(c.var.deps, c.var.actor, c.req.valid('param').id);
      return c.json(profile, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/organisations/{id}/impact/links',
      operationId: 'createImpactLink',
      tags: ['impact'],
      summary: 'Make a read-only link to the impact profile that expires (members)',
      security: bearer,
      middleware: [allow('POST /v1/organisations/{id}/impact/links')] as const,
      request: {
        params: idParams,
        body: { content: { 'application/json': { schema: ImpactLinkRequest } }, required: true },
      },
      responses: { 201: json(ImpactLink, 'The link, with its address (shown this once)'), ...problems },
    }),
    async (c) => {
      const link = await createImpactLink(
        c.var.deps,
        c.var.actor,
        c.req.valid('param').id,
        c.req.valid('json'),
        `${signInLink(c).baseUrl}${SHARED_IMPACT_PAGE}`,
      );
      return c.json(link, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organisations/{id}/impact/links',
      operationId: 'listImpactLinks',
      tags: ['impact'],
      summary: 'The links the organisation made to its impact profile (members)',
      security: bearer,
      middleware: [allow('GET /v1/organisations/{id}/impact/links')] as const,
      request: { params: idParams },
      responses: { 200: json(ImpactLinkList, 'The links, newest first'), ...problems },
    }),
    async (c) => {
      const links = await listOrganisationImpactLinks(c.var.deps, c.var.actor, c.req.valid('param').id);
      return c.json(links, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/organisations/{id}/impact/links/{linkId}/revoke',
      operationId: 'revokeImpactLink',
      tags: ['impact'],
      summary: 'Revoke a link: it no longer opens the profile (members)',
      security: bearer,
      middleware: [allow('POST /v1/organisations/{id}/impact/links/{linkId}/revoke')] as const,
      request: { params: z.object({ id: pathParam(Id, 'id'), linkId: pathParam(Id, 'linkId') }) },
      responses: { 200: json(ImpactLink, 'The link, revoked'), ...problems },
    }),
    async (c) => {
      const { id, linkId } = c.req.valid('param');
      const link = await revokeOrganisationImpactLink(c.var.deps, c.var.actor, id, linkId);
      return c.json(link, 200);
    },
  );
