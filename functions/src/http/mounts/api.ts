/**
 * The routes of the api function (lambda/api.ts): the daily work of CSOs, funders and officers, the public
 * register and cities, the sign-in settings and the API's own routes. What a city's administration does
 * now and then is in admin.ts, the large downloads in downloads.ts: each its own function, so that this
 * one's bundle, which most requests cold-start, carries neither.
 */
import { auditRoutes } from '../audit/routes.ts';
import { authConfigRoutes, devAuthRoutes } from '../auth/routes.ts';
import type { AuthConfig } from '../auth.ts';
import { type AppOptions, appOf, type Router } from '../compose.ts';
import { documentRoutes } from '../documents/routes.ts';
import { grantRoutes } from '../grants/routes.ts';
import { meRoutes } from '../me/routes.ts';
import { messageRoutes } from '../messages/routes.ts';
import { milestoneRoutes } from '../milestones/routes.ts';
import { notificationRoutes } from '../notifications/routes.ts';
import { organisationDirectoryRoutes } from '../organisations/directory-routes.ts';
import { organisationRoutes } from '../organisations/routes.ts';
import { paperRoutes } from '../papers/routes.ts';
import { partnershipRoutes } from '../partnerships/routes.ts';
import { publicCityRoutes } from '../public/cities.ts';
import { publicRoutes } from '../public/routes.ts';
import { queueRoutes } from '../queue/routes.ts';
import { router } from '../router.ts';
import { systemRoutes } from '../system/routes.ts';
import { trancheRoutes } from '../tranches/routes.ts';

/**
 * Open to everyone. `documented`: the app the OpenAPI document describes (a Lambda bundle serves the whole
 * API's document instead, built at build time: infra/bundling.ts).
 */
export const apiOpenRoutes = (documented: Router, auth: AuthConfig) =>
  router()
    .route('/', systemRoutes(documented))
    .route('/', authConfigRoutes(auth))
    .route('/', devAuthRoutes(auth))
    .route('/', publicRoutes)
    .route('/', publicCityRoutes);

/**
 * Signed in. The organisation directory is read by every officer's list of grants (its filters), the audit
 * trail by every record's history and conversation, and the papers are a CSO's letters and agreements
 * (their PDF renderer is a chunk loaded on demand): they stay here, with the pages that read them.
 */
export const apiSignedInRoutes = router()
  .route('/', meRoutes)
  .route('/', organisationRoutes)
  .route('/', partnershipRoutes)
  .route('/', grantRoutes)
  .route('/', trancheRoutes)
  .route('/', milestoneRoutes)
  .route('/', queueRoutes)
  .route('/', auditRoutes)
  .route('/', notificationRoutes)
  .route('/', messageRoutes)
  .route('/', documentRoutes)
  .route('/', paperRoutes)
  .route('/', organisationDirectoryRoutes);

/** The app of the api function. */
export const createApiApp = (options: AppOptions) =>
  appOf(options, (app) => apiOpenRoutes(app, options.auth), apiSignedInRoutes);
