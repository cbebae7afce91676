/**
 * The middleware chain, the sign-in and the error handling that every Passerelle app shares, around the
 * route groups it is given. Each Lambda entry mounts only its own groups (http/mounts/), so that its
 * bundle carries only their code: this module imports no route group (esbuild keeps every module an entry
 * imports, whether it is called or not, because a route group's module builds its router when loaded).
 */

import { logSink } from '#runtime/logger';
import type { Deps } from '#services/deps';
import { admitUser } from '#services/users';
import { type AuthConfig, cachedOrganisationCity, createVerifier } from './auth.ts';
import { authenticate } from './middleware/auth.ts';
import { compression } from './middleware/compress.ts';
import { notFound, onError } from './middleware/errors.ts';
import { jsonBody } from './middleware/json-body.ts';
import { requestLog } from './middleware/request-log.ts';
import { noStore, securityHeadersFor, webOriginCors } from './middleware/security.ts';
import { rememberVerified } from './middleware/verified-tokens.ts';
import type { LogSink } from './problem.ts';
import { router } from './router.ts';

export type Router = ReturnType<typeof router>;

export interface AppOptions {
  readonly deps: Deps;
  readonly auth: AuthConfig;
  /** Extra routes mounted before the 404 (the local server's static web files). */
  readonly extra?: (app: Router) => void;
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

/**
 * How an app mounts its route groups: `open` those anyone may call, on the bare app (before the auth
 * middleware), `signedIn` the others, after it. Each returns the chain it built, so that the app's type
 * carries every route it mounted (the web's typed client reads it).
 */
export interface Mount<Opened extends Router, Served> {
  readonly open: (app: Router) => Opened;
  readonly signedIn: (opened: Opened) => Served;
}

/** An app of the given route groups, with the middleware, sign-in and errors of every Passerelle app. */
export function appWith<Opened extends Router, Served>(
  { deps, auth, extra, webOrigin, log: logOption, filesOrigin, inlineScripts }: AppOptions,
  mount: Mount<Opened, Served>,
): Served {
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
  const opened = mount.open(app);
  // An unknown public address is a 404, not a request to sign in.
  opened.all('/v1/public/*', notFound);

  const verify = rememberVerified(createVerifier(auth));
  const organisationCity = cachedOrganisationCity((id) => deps.store.getOrganisation(id));
  opened.use(
    '/v1/*',
    authenticate(verify, organisationCity, (userId) => admitUser(deps, userId)),
  );
  const api = mount.signedIn(opened);

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

/**
 * An app of one function's groups: `open(app)` (given the app, which the OpenAPI routes document) and
 * `signedIn`. The app's type does not list its routes: only the whole API's (app.ts) is read for types.
 */
export function appOf(options: AppOptions, open: (app: Router) => Router, signedIn: Router): Router {
  return appWith(options, {
    open: (app) => app.route('/', open(app)),
    signedIn: (opened) => opened.route('/', signedIn),
  });
}
