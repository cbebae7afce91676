/**
 * Who may call which route: the one table of authorisation rules. A role listed here lets a user
 * reach the route; which records they then see or change is decided by the relation of their
 * role to each record (functions/src/domain/access.ts): own organisation, own city, funded grants.
 */
import type { MiddlewareHandler } from 'hono';
import { ForbiddenError } from '#domain/errors';
import type { Actor, Role } from '#domain/types';

const WORKFLOW_READERS: readonly Role[] = ['cso', 'city_officer', 'mayor_office', 'funder'];
const EVERYONE: readonly Role[] = ['cso', 'city_officer', 'mayor_office', 'funder', 'admin'];

export const ROUTE_RULES = {
  'GET /v1/me': EVERYONE,
  'PATCH /v1/me': EVERYONE,
  'GET /v1/organisations/{id}': EVERYONE,
  'PATCH /v1/organisations/{id}': ['cso', 'funder', 'city_officer', 'admin'],
  'POST /v1/partnerships': ['cso'],
  'GET /v1/partnerships': ['cso', 'city_officer', 'mayor_office'],
  'GET /v1/partnerships/{id}': ['cso', 'city_officer', 'mayor_office'],
  'PATCH /v1/partnerships/{id}': ['cso'],
  'POST /v1/partnerships/{id}/events': ['cso', 'city_officer', 'mayor_office'],
  'POST /v1/grants': ['cso'],
  'GET /v1/grants': WORKFLOW_READERS,
  'GET /v1/grants/{id}': WORKFLOW_READERS,
  'PATCH /v1/grants/{id}': ['cso'],
  'GET /v1/grants/{id}/eligibility': ['cso', 'city_officer', 'mayor_office'],
  'POST /v1/grants/{id}/events': ['cso', 'city_officer', 'mayor_office'],
  'GET /v1/grants/{id}/milestones': WORKFLOW_READERS,
  'GET /v1/milestones': WORKFLOW_READERS,
  'GET /v1/milestones/{id}': WORKFLOW_READERS,
  'POST /v1/milestones/{id}/events': ['cso', 'city_officer', 'funder'],
  'GET /v1/queue': EVERYONE,
  'GET /v1/audit/{entityType}/{id}': EVERYONE,
  'GET /v1/exports/portfolio.csv': ['funder', 'city_officer', 'mayor_office'],
  'GET /v1/exports/portfolio.json': ['funder', 'city_officer', 'mayor_office'],
  'GET /v1/notifications': EVERYONE,
  'POST /v1/notifications/read': EVERYONE,
  'POST /v1/grants/{id}/tranches/{trancheId}/pay': ['city_officer'],
  // The conversation on a record. Funders pass this table but find no conversation (404): theirs is the
  // report review.
  'GET /v1/partnerships/{id}/messages': WORKFLOW_READERS,
  'POST /v1/partnerships/{id}/messages': WORKFLOW_READERS,
  'GET /v1/grants/{id}/messages': WORKFLOW_READERS,
  'POST /v1/grants/{id}/messages': WORKFLOW_READERS,
  'GET /v1/milestones/{id}/messages': WORKFLOW_READERS,
  'POST /v1/milestones/{id}/messages': WORKFLOW_READERS,
  'POST /v1/uploads': WORKFLOW_READERS,
  'GET /v1/documents/{id}': WORKFLOW_READERS,
  'GET /v1/documents/{id}/content': WORKFLOW_READERS,
  'GET /v1/partnerships/{id}/agreement': ['cso', 'city_officer', 'mayor_office'],
  'GET /v1/partnerships/{id}/agreement.pdf': ['cso', 'city_officer', 'mayor_office'],
  'GET /v1/grants/{id}/letter': WORKFLOW_READERS,
  'GET /v1/grants/{id}/letter.pdf': WORKFLOW_READERS,
  'GET /v1/city': EVERYONE,
  'PATCH /v1/city': ['admin'],
  'GET /v1/users': ['admin'],
  'POST /v1/users': ['admin'],
  'PATCH /v1/users/{id}': ['admin'],
  'GET /v1/organisations': ['city_officer', 'mayor_office', 'admin'],
  'POST /v1/organisations': ['admin'],
  'POST /v1/organisations/{id}/members': ['cso'],
  'GET /v1/registrations': ['city_officer', 'mayor_office', 'admin'],
  'GET /v1/registrations/{id}': ['city_officer', 'mayor_office', 'admin'],
  'POST /v1/registrations/{id}/events': ['city_officer'],
  'GET /v1/city/agreement-template': ['admin'],
  'PUT /v1/city/agreement-template': ['admin'],
  // Reporting and impact: the profile for its members and the city's staff; links by the members only.
  'GET /v1/organisations/{id}/impact': ['cso', 'city_officer', 'mayor_office'],
  'POST /v1/organisations/{id}/impact/links': ['cso'],
  'GET /v1/organisations/{id}/impact/links': ['cso'],
  'POST /v1/organisations/{id}/impact/links/{linkId}/revoke': ['cso'],
  'GET /v1/coordination': ['city_officer', 'mayor_office', 'cso', 'funder'],
  // The staff workspace: a CSO reads its own record (another organisation's is not found).
  'GET /v1/organisations/{id}/record': ['cso', 'city_officer', 'mayor_office'],
  'GET /v1/tranches': ['city_officer', 'mayor_office'],
  'GET /v1/insights/decisions': ['city_officer', 'mayor_office'],
} as const satisfies Record<string, readonly Role[]>;

export type RouteId = keyof typeof ROUTE_RULES;

export function mayCall(actor: Actor, route: RouteId): boolean {
  const allowed: readonly Role[] = ROUTE_RULES[route];
  return actor.roles.some((r) => allowed.includes(r));
}

export function allow(route: RouteId): MiddlewareHandler<{ Variables: { actor: Actor } }> {
  return async (c, next) => {
    if (!mayCall(c.get('actor'), route)) throw new ForbiddenError('Your role does not give access to this.');
    await next();
  };
}
