/**
 * An HTTP request as Lambda receives it from API Gateway's HTTP API or a function URL (payload format 2.0).
 */
export function lambdaEvent(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
) {
  const [rawPath = path, rawQueryString = ''] = path.split('?');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'api.example.org', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '22/Nov/2026:09:00:00 +0000',
      timeEpoch: 1795338000000,
    },
    isBase64Encoded: false,
    body: body ?? null,
  };
}

/** The environment a deployed HTTP function reads (infra/stack.ts), on the test's table and local sign-in. */
export function deployedEnv(tableName: string, dynamoEndpoint: string) {
  return {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    COGNITO_USER_POOL_ID: 'eu-west-1_test',
    COGNITO_CLIENT_ID: 'web',
    AWS_REGION: 'eu-west-1',
    DOCUMENTS_BUCKET: 'passerelle-documents-test',
  };
}
