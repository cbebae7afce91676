/**
 * Lambda entry of the HTTP API's daily routes (#http/mounts/api), behind API Gateway (HTTP API, v2); the
 * rarely used ones are the admin function's (admin.ts), the downloads the exports function's.
 * Configuration (validated at cold start, see #runtime/config): TABLE_NAME, COGNITO_USER_POOL_ID,
 * COGNITO_CLIENT_ID, AWS_REGION, WEB_ORIGIN (CORS), DOCUMENTS_BUCKET, LOG_LEVEL.
 */
import type { AuthConfig } from '#http/auth';
import { createApiApp } from '#http/mounts/api';
import { cognitoConfig } from './cognito-config.ts';
import { builtOnFirstEvent, httpHandler } from './http-entry.ts';

export { cognitoConfig } from './cognito-config.ts';

export function createHandler(env: NodeJS.ProcessEnv = process.env, auth: AuthConfig = cognitoConfig(env)) {
  return httpHandler('api', createApiApp, env, auth);
}

export const handler = builtOnFirstEvent(() => createHandler());
