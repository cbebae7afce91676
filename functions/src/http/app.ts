/**
 * The Passerelle HTTP API: one Hono app, run locally (functions/src/local/main.ts) and read for the web's
 * typed client and the OpenAPI document. Handlers are thin: parse, authorise, call a service, return.
 * The middleware are in middleware/, one module each, chained by compose.ts; the public routes are mounted
 * before the auth middleware, so that only what comes after it needs a sign-in. Deployed, the routes are
 * served by three functions, each of which mounts only its own groups (mounts/): api, admin, downloads.
 */

import { type AppOptions, appWith } from './compose.ts';
import { exportRoutes } from './exports/routes.ts';
import { adminOpenRoutes, adminSignedInRoutes } from './mounts/admin.ts';
import { apiOpenRoutes, apiSignedInRoutes } from './mounts/api.ts';
import { giving360Routes } from './public/giving360.ts';

export type { AppOptions } from './compose.ts';
export { MAX_BODY_BYTES, MAX_JSON_DEPTH } from './middleware/json-body.ts';

/** Every route of the API, as one app: what the three functions serve between them. */
export function createApp(options: AppOptions) {
  return appWith(options, {
    open: (app) =>
      app
        .route('/', apiOpenRoutes(app, options.auth))
        .route('/', giving360Routes)
        .route('/', adminOpenRoutes),
    signedIn: (opened) =>
      opened.route('/', apiSignedInRoutes).route('/', exportRoutes).route('/', adminSignedInRoutes),
  });
}

export type App = ReturnType<typeof createApp>;
/** The whole API's routes and their types, for the web's one typed client (`hc<AppType>`). */
export type AppType = App;
