/**
 * Lambda entry of the HTTP API's rarely used routes (#http/mounts/admin: a city's administration, the
 * registrations and their review, impact pages, records, coordination, insights), behind the api's API
 * Gateway, which routes their paths here (infra/constructs/api.ts). A function of its own, so that the
 * api's bundle, cold-started by the daily work, does not carry them.
 * Configuration (validated at cold start, see #runtime/config): TABLE_NAME, COGNITO_USER_POOL_ID,
 * COGNITO_CLIENT_ID, AWS_REGION, WEB_ORIGIN (CORS, and the links of the mails it sends), LOG_LEVEL.
 */
import type { AuthConfig } from '#http/auth';
import { createAdminApp } from '#http/mounts/admin';
import { cognitoConfig } from './cognito-config.ts';
import { builtOnFirstEvent, httpHandler } from './http-entry.ts';

export function createHandler(env: NodeJS.ProcessEnv = process.env, auth: AuthConfig = cognitoConfig(env)) {
  return httpHandler('admin', createAdminApp, env, auth);
}

export const handler = builtOnFirstEvent(() => createHandler());
