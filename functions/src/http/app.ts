/**
 * The Passerelle HTTP API: one Hono app, run by Lambda (functions/src/lambda/api.ts) and locally
 * (functions/src/local/main.ts). Handlers are thin: parse, authorise, call a service, return.
 * The middleware are in middleware/, one module each; the public routes are mounted before the auth
 * middleware, so that only what comes after it needs a sign-in.
 */

import { logSink } from '#runtime/logger';
import type { Deps } from '#services/deps';
import { admitUser } from '#services/users';
import { auditRoutes } from './audit/routes.ts';
import { authConfigRoutes, devAuthRoutes } from './auth/routes.ts';
import { type AuthConfig, cachedOrganisationCity, createVerifier } from './auth.ts';
import { cityRoutes } from './city/routes.ts';
import { coordinationRoutes } from './coordination/routes.ts';
import { documentRoutes } from './documents/routes.ts';
import { exportRoutes } from './exports/routes.ts';
import { grantRoutes } from './grants/routes.ts';
import { publicImpactRoutes } from './impact/public-routes.ts';
import { impactRoutes } from './impact/routes.ts';
import { insightRoutes } from './insights/routes.ts';
import { meRoutes } from './me/routes.ts';
import { messageRoutes } from './messages/routes.ts';
import { authenticate } from './middleware/auth.ts';
import { compression } from './middleware/compress.ts';
import { notFound, onError } from './middleware/errors.ts';
import { jsonBody } from './middleware/json-body.ts';
import { requestLog } from './middleware/request-log.ts';
import { noStore, securityHeadersFor, webOriginCors } from './middleware/security.ts';
import { rememberVerified } from './middleware/verified-tokens.ts';
import { milestoneRoutes } from './milestones/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { organisationDirectoryRoutes } from './organisations/directory-routes.ts';
import { organisationRecordRoutes } from './organisations/record-routes.ts';
import { organisationRoutes } from './organisations/routes.ts';
import { paperRoutes } from './papers/routes.ts';
import { partnershipRoutes } from './partnerships/routes.ts';
import type { LogSink } from './problem.ts';
import { publicCityRoutes } from './public/cities.ts';
import { publicRoutes } from './public/routes.ts';
import { queueRoutes } from './queue/routes.ts';
import { publicRegistrationRoutes, registrationRoutes } from './registrations/routes.ts';
import { router } from './router.ts';
import { systemRoutes } from './system/routes.ts';
import { trancheRoutes } from './tranches/routes.ts';
import { userRoutes } from './users/routes.ts';

export { MAX_BODY_BYTES, MAX_JSON_DEPTH } from './middleware/json-body.ts';

export interface AppOptions {
  readonly deps: Deps;
  readonly auth: AuthConfig;
  /** Extra routes mounted before the 404 (the local server's static web files). */
  readonly extra?: (app: ReturnType<typeof router>) => void;
  /**
   * The web front end's origin (`https://…`): the one origin CORS lets call the API from a browser.
   * Default: the WEB_ORIGIN environment variable; unset, no CORS headers at all (same origin only).
   */
  readonly webOrigin?: string | undefined;
  /**
   * Where the structured log goes, one JSON object per line: one line per request (method, route
   * pattern, status, duration, request id) and one per unexpected error. Never a token, a header value,
   * a body or personal data. `false`: nowhere. Default: stdout, filtered by LOG_LEVEL (debug, info,
   * warn, error, silent; default info); under vitest only errors unless LOG_LEVEL is set.
   */
  readonly log?: LogSink | false;
  /** The store of files' origin when the web is served from here (the local S3), for its security policy. */
  readonly filesOrigin?: string | undefined;
  /** The hashes of the web page's inline scripts when the web is served from here (web/dist/csp.json). */
  readonly inlineScripts?: readonly string[] | undefined;
}

/** The routes that need a sign-in, as one group: the web's typed client reads their types. */
const signedInRoutes = router()
  .route('/', meRoutes)
  .route('/', organisationRoutes)
  .route('/', partnershipRoutes)
  .route('/', grantRoutes)
  .route('/', trancheRoutes)
  .route('/', milestoneRoutes)
  .route('/', queueRoutes)
  .route('/', auditRoutes)
  .route('/', exportRoutes)
  .route('/', notificationRoutes)
  .route('/', messageRoutes)
  .route('/', documentRoutes)
  .route('/', paperRoutes)
  .route('/', cityRoutes)
  .route('/', userRoutes)
  .route('/', organisationDirectoryRoutes)
  .route('/', registrationRoutes)
  .route('/', impactRoutes)
  .route('/', coordinationRoutes)
  .route('/', organisationRecordRoutes)
  .route('/', insightRoutes);

export function createApp({
  deps,
  auth,
  extra,
  webOrigin,
  log: logOption,
  filesOrigin,
  inlineScripts,
}: AppOptions) {
  const log: LogSink = logOption === false ? () => {} : (logOption ?? logSink() ?? (() => {}));
  const app = router();
  app.use(requestLog(log));
  app.use(compression);
  app.use(securityHeadersFor(filesOrigin, inlineScripts));
  const origin = webOrigin ?? process.env.WEB_ORIGIN;
  if (origin) {
    const policy = webOriginCors(origin);
    app.use('/v1/*', policy);
    app.use('/auth/*', policy);
  }
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(...jsonBody);
  app.use('/v1/*', noStore);
  app.use('/auth/*', noStore);

  // Open to everyone: mounted before the auth middleware.
  const opened = app
    .route('/', systemRoutes(app))
    .route('/', authConfigRoutes(auth))
    .route('/', devAuthRoutes(auth))
    .route('/', publicRoutes)
    .route('/', publicCityRoutes)
    .route('/', publicRegistrationRoutes)
    .route('/', publicImpactRoutes);
  // An unknown public address is a 404, not a request to sign in.
  opened.all('/v1/public/*', notFound);

  const verify = rememberVerified(createVerifier(auth));
  const organisationCity = cachedOrganisationCity((id) => deps.store.getOrganisation(id));
  const api = opened
    .use(
      '/v1/*',
      authenticate(verify, organisationCity, (userId) => admitUser(deps, userId)),
    )
    .route('/', signedInRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  extra?.(app);
  app.notFound(notFound);
  app.onError(onError(log));
  return api;
}

export type App = ReturnType<typeof createApp>;
/** The whole API's routes and their types, for the web's one typed client (`hc<AppType>`). */
export type AppType = App;
