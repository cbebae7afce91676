/**
 * Lambda entry of the HTTP API: the same Hono app as `npm start`, behind API Gateway (HTTP API, v2).
 * Configuration (validated at cold start, see #runtime/config): TABLE_NAME, COGNITO_USER_POOL_ID,
 * COGNITO_CLIENT_ID, AWS_REGION, WEB_ORIGIN (CORS), LOG_LEVEL.
 */
import { handle } from 'hono/aws-lambda';
import { createApp } from '#http/app';
import type { AuthConfig } from '#http/auth';
import { apiSchema, parseConfig, webClientSchema } from '#runtime/config';
import { depsFromEnv } from './deps-from-env.ts';

type CognitoAuth = Extract<AuthConfig, { mode: 'cognito' }>;

/** Cognito settings from the environment: the user pool, and the web client every token must be for. */
export function cognitoConfig(env: NodeJS.ProcessEnv): CognitoAuth {
  const pool = parseConfig('api', webClientSchema, env);
  return cognitoAuth(pool, pool.COGNITO_CLIENT_ID);
}

function cognitoAuth(
  pool: {
    COGNITO_USER_POOL_ID: string;
    AWS_REGION?: string | undefined;
    COGNITO_DOMAIN?: string | undefined;
  },
  clientId: string,
): CognitoAuth {
  return {
    mode: 'cognito',
    // A pool id starts with its region (`eu-west-1_Abc`).
    region: pool.AWS_REGION ?? (pool.COGNITO_USER_POOL_ID.split('_')[0] as string),
    userPoolId: pool.COGNITO_USER_POOL_ID,
    clientId,
    domain: pool.COGNITO_DOMAIN,
  };
}

export function createHandler(env: NodeJS.ProcessEnv = process.env, auth: AuthConfig = cognitoConfig(env)) {
  const config = parseConfig('api', apiSchema, env);
  // The web's origin is also where a mail sent while handling a request (a new message's) links to.
  // The user directory manages the pool whose tokens the API accepts.
  const userPool = auth.mode === 'cognito' ? { userPoolId: auth.userPoolId, region: auth.region } : undefined;
  const deps = { ...depsFromEnv('api', env), publicUrl: config.WEB_ORIGIN, userPool };
  return handle(createApp({ deps, auth, webOrigin: config.WEB_ORIGIN }));
}

let cached: ReturnType<typeof createHandler> | undefined;

export const handler: ReturnType<typeof createHandler> = (event, context) => {
  cached ??= createHandler();
  return cached(event, context);
};
