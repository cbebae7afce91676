/**
 * What the api and admin Lambda entries share: a handler of an app built from the function's own route
 * groups, behind API Gateway. It imports no route group, so that each entry's bundle carries only the groups
 * the entry imports.
 */
import type { AuthConfig } from '#http/auth';
import type { AppOptions, Router } from '#http/compose';
import { adminSchema, apiSchema, parseConfig } from '#runtime/config';
import { handleHttpApi } from './adapter.ts';
import { depsFromEnv } from './deps-from-env.ts';

/**
 * The API Gateway (HTTP API, v2) handler of `entry`'s app. Of the two, only the api's routes keep files:
 * it alone is given the documents bucket (DOCUMENTS_BUCKET).
 */
export function httpHandler(
  entry: 'api' | 'admin',
  createApp: (options: AppOptions) => Router,
  env: NodeJS.ProcessEnv,
  auth: AuthConfig,
) {
  const config = parseConfig(entry, entry === 'api' ? apiSchema : adminSchema, env);
  // The web's origin is also where a mail sent while handling a request (a new message's) links to.
  // The user directory manages the pool whose tokens the API accepts.
  const userPool = auth.mode === 'cognito' ? { userPoolId: auth.userPoolId, region: auth.region } : undefined;
  const deps = { ...depsFromEnv(entry, env, entry === 'api'), publicUrl: config.WEB_ORIGIN, userPool };
  return handleHttpApi(createApp({ deps, auth, webOrigin: config.WEB_ORIGIN }));
}

type HttpHandler = ReturnType<typeof httpHandler>;

/** The handler Lambda calls: the app is built at the first event (not at import), then kept. */
export function builtOnFirstEvent(create: () => HttpHandler): HttpHandler {
  let cached: HttpHandler | undefined;
  return (event, context) => {
    cached ??= create();
    return cached(event, context);
  };
}
