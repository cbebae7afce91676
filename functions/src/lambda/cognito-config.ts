/**
 * The Cognito settings every HTTP entry (api.ts, admin.ts, exports.ts) reads from its environment. A module
 * of its own so that the exports function, which streams its answers through Hono's adapter, does not carry
 * the api and admin functions' (adapter.ts) in its bundle.
 */
import type { AuthConfig } from '#http/auth';
import { parseConfig, webClientSchema } from '#runtime/config';

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
