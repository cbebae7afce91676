/**
 * What the Lambda entries of the HTTP routes (api.ts, admin.ts, exports.ts) share: the Cognito settings
 * read from the environment, and a handler of an app built from the function's own route groups. It
 * imports no route group, so that each entry's bundle carries only the groups the entry imports.
 */
import type { AuthConfig } from '#http/auth';
import type { AppOptions, Router } from '#http/compose';
import { adminSchema, apiSchema, parseConfig, webClientSchema } from '#runtime/config';
import { handleHttpApi } from './adapter.ts';
import { depsFromEnv } from './deps-from-env.ts';

type CognitoAuth = Extract<AuthConfig, { mode: 'cognito' }>;

/** Cognito settings from the environment: the user pool, and the web client every token must be for. */
export function cognitoConfig(env: NodeJS.ProcessEnv): CognitoAuth {
  const pool = parseConfig('api', webClientSchema, env);
  return {
    mode: 'cognito',
    // A pool id starts with its region (`eu-west-1_Abc`).
    region: pool.AWS_REGION ?? (pool.COGNITO_USER_POOL_ID.split('_')[0] as string),
    userPoolId: pool.COGNITO_USER_POOL_ID,
    clientId: pool.COGNITO_CLIENT_ID,
    domain: pool.COGNITO_DOMAIN,
  };
}

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
