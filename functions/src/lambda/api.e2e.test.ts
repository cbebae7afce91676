import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, signLocalToken } from '#http/auth';
import { USERS } from '#seed/data';
import { startTestSystem, type TestSystem } from '../../../test/support/harness.ts';
import { lambdaEvent } from '../../../test/support/lambda-event.ts';
import { cognitoConfig, createHandler } from './api.ts';

type Handler = ReturnType<typeof createHandler>;
type Context = Parameters<Handler>[1];
const httpApiEvent = (...args: Parameters<typeof lambdaEvent>) =>
  lambdaEvent(...args) as unknown as Parameters<Handler>[0];

describe('the Lambda entry', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys.close();
  });

  it('serves the same app to an API Gateway v2 event: health, a signed-in read, and problem+json errors', async () => {
    // Prepare: the handler on the test's table, with the local key standing in for Cognito
    const env = {
      TABLE_NAME: sys.deps.store.tableName,
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      DOCUMENTS_BUCKET: 'passerelle-documents',
      S3_ENDPOINT: 'http://127.0.0.1:1',
    };
    const handler = createHandler(env as NodeJS.ProcessEnv, sys.auth);
    const user = USERS.find((u) => u.email === 'officer@sfax.demo');
    if (!user) throw new Error('demo user missing');
    const token = await signLocalToken(sys.auth, user, new Date());
    const ctx = {} as Context;

    // Act
    const health = await handler(httpApiEvent('GET', '/health'), ctx);
    const me = await handler(httpApiEvent('GET', '/v1/me', { authorization: `Bearer ${token}` }), ctx);
    const anonymous = await handler(httpApiEvent('GET', '/v1/grants'), ctx);
    const invalid = await handler(
      httpApiEvent(
        'POST',
        '/v1/grants',
        { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        '{}',
      ),
      ctx,
    );

    // Assess
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body ?? '')).toEqual({ status: 'ok' });
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body ?? '')).toMatchObject({
      id: 'u-officer-sfax',
      cityId: 'sfax',
      roles: ['city_officer'],
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers?.['content-type']).toContain('application/problem+json');
    expect(invalid.statusCode).toBe(403);
  });

  it('reads its Cognito settings from the environment and refuses to start without them', () => {
    expect(
      cognitoConfig({
        COGNITO_USER_POOL_ID: 'eu-west-1_abc',
        COGNITO_CLIENT_ID: 'client',
        AWS_REGION: 'eu-west-1',
      }),
    ).toEqual({
      mode: 'cognito',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_abc',
      clientId: 'client',
      domain: undefined,
    });
    expect(() => cognitoConfig({})).toThrow(/COGNITO_USER_POOL_ID/);
    expect(() => cognitoConfig({ COGNITO_USER_POOL_ID: 'eu-west-1_abc' })).toThrow(/COGNITO_CLIENT_ID/);
    expect([LOCAL_ISSUER, LOCAL_AUDIENCE]).toEqual(['passerelle-local', 'passerelle']);
  });
});
