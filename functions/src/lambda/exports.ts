/**
 * Lambda entry of the large downloads — the 360Giving package and CSV of a city, and the portfolio exports —
 * with Lambda response streaming behind a function URL (CloudFront sends these paths there). The same Hono
 * app as the API, so rules, errors and headers are the same, but the body goes out as it is read: a city
 * with 10,000 grants exports without the 6 MB cap of a buffered response and without holding it in memory.
 * Configuration: TABLE_NAME, COGNITO_USER_POOL_ID, AWS_REGION (see cognitoConfig: no client id here).
 */
import { Hono } from 'hono';
import { streamHandle } from 'hono/aws-lambda';
import { createApp } from '#http/app';
import type { AuthConfig } from '#http/auth';
import { ApiError, problemResponse } from '#http/problem';
import { cognitoConfig } from './api.ts';
import { depsFromEnv } from './deps-from-env.ts';

/** The paths this function answers: what CloudFront routes here (STREAMED_PATHS of infra/constructs/web.ts). */
const STREAMED = [
  /^\/v1\/exports\/portfolio\.(csv|json)$/,
  /^\/v1\/public\/cities\/[^/]+\/grants\.360giving\.(csv|json)$/,
];

export function createExportsApp(env: NodeJS.ProcessEnv = process.env, auth?: AuthConfig) {
  const app = createApp({
    deps: depsFromEnv(env),
    auth: auth ?? cognitoConfig(env, true),
  });
  // The function URL is reachable directly too: it answers only the downloads (read-only), like CloudFront.
  const downloads = new Hono();
  downloads.use('*', async (c, next) => {
    if (c.req.method !== 'GET' || !STREAMED.some((path) => path.test(c.req.path)))
      throw new ApiError(404, 'not-found', 'Not found.', 'There is nothing at this address.');
    await next();
  });
  downloads.get('*', (c) => app.fetch(c.req.raw, c.env));
  downloads.onError((err, c) => problemResponse(c, err));
  return downloads;
}

let cached: ReturnType<typeof streamHandle> | undefined;

export const handler: ReturnType<typeof streamHandle> = (...args) => {
  cached ??= streamHandle(createExportsApp());
  return cached(...args);
};
