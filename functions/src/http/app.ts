/**
 * The Passerelle HTTP API: one Hono app, run by Lambda (functions/src/lambda/api.ts) and locally
 * (functions/src/local/main.ts). Handlers are thin: parse, authorise, call a service, return.
 */

import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Deps } from '#services/deps';
import { devAuthRoutes } from './auth/routes.ts';
import { type AuthConfig, authenticate, createVerifier } from './auth.ts';
import { docsPage } from './docs.ts';
import { router } from './env.ts';
import { exportRoutes } from './exports/routes.ts';
import { grantRoutes } from './grants/routes.ts';
import { milestoneRoutes } from './milestones/routes.ts';
import { miscRoutes } from './misc/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { partnershipRoutes } from './partnerships/routes.ts';
import { ApiError, problemResponse } from './problem.ts';
import { publicRoutes } from './public/routes.ts';

export interface AppOptions {
  readonly deps: Deps;
  readonly auth: AuthConfig;
  /** Extra routes mounted before the 404 (the local server's static web files). */
  readonly extra?: (app: ReturnType<typeof router>) => void;
}

export const MAX_BODY_BYTES = 256 * 1024;

export function createApp({ deps, auth, extra }: AppOptions) {
  const app = router();
  const verify = createVerifier(auth);

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
      strictTransportSecurity: 'max-age=63072000; includeSubDomains',
      referrerPolicy: 'strict-origin-when-cross-origin',
      xFrameOptions: 'DENY',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_BODY_BYTES) {
      // Read what was sent (up to a bound) so that the client is still listening when the 413 comes.
      if (declared <= 16 * MAX_BODY_BYTES) await c.req.raw.arrayBuffer().catch(() => undefined);
      throw new ApiError(
        413,
        'too-large',
        'The request is too large.',
        `Send at most ${MAX_BODY_BYTES / 1024} KB.`,
      );
    }
    await next();
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(
          413,
          'too-large',
          'The request is too large.',
          `Send at most ${MAX_BODY_BYTES / 1024} KB.`,
        );
      },
    }),
  );

  app.get('/health', async (c) => {
    await deps.store.getCity('__health__');
    return c.json({ status: 'ok' });
  });
  app.get('/auth/config', (c) =>
    c.json(
      auth.mode === 'local'
        ? { mode: 'local' }
        : {
            mode: 'cognito',
            region: auth.region,
            userPoolId: auth.userPoolId,
            clientId: auth.clientId,
            domain: auth.domain,
          },
    ),
  );
  if (auth.mode === 'local') app.route('/', devAuthRoutes(auth, deps));

  app.use('/v1/*', async (c, next) => {
    if (c.req.path.startsWith('/v1/public/')) return next();
    return authenticate(verify)(c as never, next);
  });

  app.route('/', partnershipRoutes);
  app.route('/', grantRoutes);
  app.route('/', milestoneRoutes);
  app.route('/', miscRoutes);
  app.route('/', publicRoutes);
  app.route('/', exportRoutes);
  app.route('/', notificationRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const document = () =>
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Passerelle API',
        version: '1.0.0',
        description:
          'Partnership agreements, fast-track grants and reporting milestones between a city and its civil-society organisations.',
      },
      servers: [{ url: '/' }],
    });
  let cached: ReturnType<typeof document> | undefined;
  const openapi = () => {
    cached ??= document();
    return cached;
  };
  app.get('/openapi.json', (c) => c.json(openapi()));
  app.get('/docs', (c) => c.html(docsPage(openapi())));

  extra?.(app);
  app.notFound(() => {
    throw new ApiError(404, 'not-found', 'Not found.', 'There is nothing at this address.');
  });
  app.onError((err, c) => problemResponse(c, err));
  return app;
}

export type App = ReturnType<typeof createApp>;
