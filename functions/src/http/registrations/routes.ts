/**
 * CSOs that ask to join a city: the public form (no sign-in; app.ts mounts it before the auth
 * middleware) and the officers' review of what was sent.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { Id } from '#contract/fields';
import { CsoRegistration, RegistrationEvent, RegistrationListQuery } from '#contract/requests';
import { RegistrationAccepted, RegistrationPage, RegistrationRecord } from '#contract/responses';
import {
  getRegistration,
  listRegistrations,
  registrationEvent,
  submitRegistration,
} from '#services/registrations';
import { bearer, idParams, json, open, pathParam, problem, problems, signInLink } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

/**
 * The address a registration is counted against. Deployed, CloudFront and API Gateway put the client
 * first in X-Forwarded-For and append each hop after it, so the first entry is the client's (a client
 * may forge it, but then only spreads its own attempts: the limit is a brake on floods, not an
 * authentication). Locally there is no proxy: the socket's address, which @hono/node-server puts in the
 * `incoming` binding.
 */
function clientAddress(c: Context): string {
  const forwarded = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
  const env: unknown = c.env;
  if (typeof env === 'object' && env !== null && 'incoming' in env) {
    const incoming: unknown = env.incoming;
    if (typeof incoming === 'object' && incoming !== null && 'socket' in incoming) {
      const socket: unknown = incoming.socket;
      if (typeof socket === 'object' && socket !== null && 'remoteAddress' in socket) {
        const address: unknown = socket.remoteAddress;
        if (typeof address === 'string') return address;
      }
    }
  }
  return 'unknown';
}

export const publicRegistrationRoutes = router().openapi(
  createRoute({
    method: 'post',
    path: '/v1/public/cities/{cityId}/registrations',
    operationId: 'registerOrganisation',
    security: open,
    tags: ['public'],
    summary: 'A CSO asks to join the city (no sign-in)',
    request: {
      params: z.object({ cityId: pathParam(Id, 'cityId', 'sfax') }),
      body: { content: { 'application/json': { schema: CsoRegistration } }, required: true },
    },
    responses: {
      202: json(RegistrationAccepted, 'The registration waits for a city officer'),
      400: problem('Invalid request'),
      404: problem('No such city'),
      429: problem('Too many registrations from this address: try again later (Retry-After)'),
    },
  }),
  async (c) => {
    const accepted = await submitRegistration(
      c.var.deps,
      c.req.valid('param').cityId,
      c.req.valid('json'),
      clientAddress(c),
    );
    return c.json(accepted, 202);
  },
);

export const registrationRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/registrations',
      operationId: 'listRegistrations',
      tags: ['registrations'],
      summary: 'The registrations of the city, the longest waiting first',
      security: bearer,
      middleware: [allow('GET /v1/registrations')] as const,
      request: { query: RegistrationListQuery },
      responses: { 200: json(RegistrationPage, 'A page of registrations'), ...problems },
    }),
    async (c) => c.json(await listRegistrations(c.var.deps, c.var.actor, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/registrations/{id}',
      operationId: 'getRegistration',
      tags: ['registrations'],
      summary: 'One registration',
      security: bearer,
      middleware: [allow('GET /v1/registrations/{id}')] as const,
      request: { params: idParams },
      responses: { 200: json(RegistrationRecord, 'The registration'), ...problems },
    }),
    async (c) => c.json(await getRegistration(c.var.deps, c.var.actor, c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/registrations/{id}/events',
      operationId: 'decideRegistration',
      tags: ['registrations'],
      summary: 'Verify a registration (creates the organisation, invites its contact) or decline it',
      security: bearer,
      middleware: [allow('POST /v1/registrations/{id}/events')] as const,
      request: {
        params: idParams,
        body: { content: { 'application/json': { schema: RegistrationEvent } }, required: true },
      },
      responses: {
        200: json(RegistrationRecord, 'The registration as it is now'),
        ...problems,
        409: problem('Already decided, or the registration number or e-mail is already registered'),
      },
    }),
    async (c) =>
      c.json(
        await registrationEvent(
          c.var.deps,
          c.var.actor,
          c.req.valid('param').id,
          c.req.valid('json'),
          signInLink(c),
        ),
        200,
      ),
  );
