/**
 * Lambda entry of the large downloads — the 360Giving package and CSV of a city, and the portfolio exports —
 * with Lambda response streaming behind a function URL (CloudFront sends these paths there). An app of the
 * download routes alone (#http/mounts/downloads) with the API's middleware, sign-in and errors: rules,
 * errors and headers are the same, and its bundle carries no other route. The body goes out as it is
 * read: a city with 10,000 grants exports without the 6 MB cap of a buffered response and without
 * holding it in memory.
 * Configuration: TABLE_NAME, COGNITO_USER_POOL_ID, AWS_REGION, and the web client whose ID tokens it
 * accepts: COGNITO_CLIENT_ID, or COGNITO_CLIENT_ID_PARAMETER, an SSM parameter read once at cold start.
 * The stack uses the parameter because the client cannot be named in this function's environment: the web
 * client's callback needs the distribution, the distribution needs this function's URL.
 */
import { Hono } from 'hono';
import { streamHandle } from 'hono/aws-lambda';
import type { AuthConfig } from '#http/auth';
import { createDownloadsApp } from '#http/mounts/downloads';
import { ApiError, problemResponse } from '#http/problem';
import { exportsClientSchema, parseConfig } from '#runtime/config';
import { cognitoConfig } from './cognito-config.ts';
import { depsFromEnv } from './deps-from-env.ts';

/** The paths this function answers: what CloudFront routes here (STREAMED_PATHS of infra/constructs/web.ts). */
const STREAMED = [
  /^\/v1\/exports\/portfolio\.(csv|json)$/,
  /^\/v1\/public\/cities\/[^/]+\/grants\.360giving\.(csv|json)$/,
];

export type ParameterReader = (name: string) => Promise<string>;

/** Reads one SSM parameter (the SDK is loaded only here: the exports function needs it at cold start only). */
const readSsmParameter: ParameterReader = async (name) => {
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const ssm = new SSMClient({});
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
    if (!Parameter?.Value) throw new Error(`SSM parameter ${name} is empty`);
    return Parameter.Value;
  } finally {
    ssm.destroy();
  }
};

/** The Cognito settings of the downloads: the user pool, and the web client its tokens must be for. */
export async function exportsAuth(
  env: NodeJS.ProcessEnv,
  read: ParameterReader = readSsmParameter,
): Promise<ReturnType<typeof cognitoConfig>> {
  const config = parseConfig('exports', exportsClientSchema, env);
  if (config.COGNITO_CLIENT_ID) return cognitoConfig(env);
  return cognitoConfig({
    ...env,
    COGNITO_CLIENT_ID: await read(config.COGNITO_CLIENT_ID_PARAMETER as string),
  });
}

/** The downloads app; without `auth`, the web client's id must be in COGNITO_CLIENT_ID (see exportsAuth). */
export function createExportsApp(env: NodeJS.ProcessEnv, auth: AuthConfig = cognitoConfig(env)) {
  const app = createDownloadsApp({ deps: depsFromEnv('exports', env, false), auth });
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

let cached: Promise<ReturnType<typeof streamHandle>> | undefined;

export const handler = async (...args: Parameters<ReturnType<typeof streamHandle>>) => {
  cached ??= exportsAuth(process.env).then((auth) => streamHandle(createExportsApp(process.env, auth)));
  cached.catch(() => {
    cached = undefined; // the next invocation tries again
  });
  return (await cached)(...args);
};
