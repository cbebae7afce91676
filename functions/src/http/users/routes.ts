/**
 * The people of a city (its admin invites, lists and changes them) and the members of an organisation
 * (a CSO member invites colleagues), through the user directory: Cognito deployed, the table locally.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { MemberInvitation, UserInvitation, UserListQuery, UserPatch } from '#contract/requests';
import { UserPage, UserRecord } from '#contract/responses';
import { changeUser, inviteMember, inviteUser, listUsers } from '#services/users';
import { bearer, idParams, json, problem, problems, signInLink } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

const invitationProblems = {
  ...problems,
  409: problem('The e-mail address is already in use'),
  422: problem('Roles and organisation do not match'),
};

export const userRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/users',
      operationId: 'listUsers',
      tags: ['users'],
      summary: 'The users of the admin’s city',
      security: bearer,
      middleware: [allow('GET /v1/users')] as const,
      request: { query: UserListQuery },
      responses: { 200: json(UserPage, 'A page of users'), ...problems },
    }),
    async (c) => c.json(await listUsers(c.var.deps, c.var.actor, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/users',
      operationId: 'inviteUser',
      tags: ['users'],
      summary: 'Invite a person into the city',
      security: bearer,
      middleware: [allow('POST /v1/users')] as const,
      request: { body: { content: { 'application/json': { schema: UserInvitation } }, required: true } },
      responses: { 201: json(UserRecord, 'The invited user'), ...invitationProblems },
    }),
    async (c) => c.json(await inviteUser(c.var.deps, c.var.actor, c.req.valid('json'), signInLink(c)), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/v1/users/{id}',
      operationId: 'changeUser',
      tags: ['users'],
      summary: 'Change a user’s roles, or disable or enable them',
      security: bearer,
      middleware: [allow('PATCH /v1/users/{id}')] as const,
      request: {
        params: idParams,
        body: { content: { 'application/json': { schema: UserPatch } }, required: true },
      },
      responses: {
        200: json(UserRecord, 'The user as they are now'),
        ...problems,
        409: problem('The last active admin cannot lock themselves out'),
        422: problem('Roles and organisation do not match'),
      },
    }),
    async (c) =>
      c.json(await changeUser(c.var.deps, c.var.actor, c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/organisations/{id}/members',
      operationId: 'inviteMember',
      tags: ['organisations'],
      summary: 'Invite a colleague into your own organisation',
      security: bearer,
      middleware: [allow('POST /v1/organisations/{id}/members')] as const,
      request: {
        params: z.object({ id: idParams.shape.id }),
        body: { content: { 'application/json': { schema: MemberInvitation } }, required: true },
      },
      responses: { 201: json(UserRecord, 'The invited colleague'), ...invitationProblems },
    }),
    async (c) =>
      c.json(
        await inviteMember(
          c.var.deps,
          c.var.actor,
          c.req.valid('param').id,
          c.req.valid('json'),
          signInLink(c),
        ),
        201,
      ),
  );
