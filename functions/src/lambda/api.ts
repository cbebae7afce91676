/**
 * Lambda entry of the HTTP API: the same Hono app as `npm start`, behind API Gateway (HTTP API, v2).
 * Configuration: TABLE_NAME, COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, AWS_REGION, WEB_ORIGIN (CORS).
 */
import { handle } from 'hono/aws-lambda';
import { createApp } from '#http/app';
import type { AuthConfig } from '#http/auth';
import { depsFromEnv } from './deps-from-env.ts';

type CognitoAuth = Extract<AuthConfig, { mode: 'cognito' }>;

/** Cognito settings from the environment; `anyClient` leaves out the app-client check (see AuthConfig). */
export function cognitoConfig(env: NodeJS.ProcessEnv, anyClient = false): CognitoAuth {
  const userPoolId = env.COGNITO_USER_POOL_ID;
  const clientId = anyClient ? null : env.COGNITO_CLIENT_ID;
  if (!userPoolId) throw new Error('COGNITO_USER_POOL_ID must be set');
  if (clientId === undefined) throw new Error('COGNITO_CLIENT_ID must be set');
  return {
    mode: 'cognito',
    region: env.AWS_REGION ?? userPoolId.split('_')[0] ?? 'eu-west-1',
    userPoolId,
    clientId,
    domain: env.COGNITO_DOMAIN,
  };
}

export function createHandler(env: NodeJS.ProcessEnv = process.env, auth: AuthConfig = cognitoConfig(env)) {
  return handle(createApp({ deps: depsFromEnv(env), auth, webOrigin: env.WEB_ORIGIN }));
}

let cached: ReturnType<typeof createHandler> | undefined;

export const handler: ReturnType<typeof createHandler> = (event, context) => {
  cached ??= createHandler();
  return cached(event, context);
};
