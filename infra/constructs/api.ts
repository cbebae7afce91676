import { Aws, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';

/** Routes anyone may call, without a token. Everything else under `/v1` needs a Cognito JWT. */
export const PUBLIC_ROUTES = [
  { method: apigw.HttpMethod.GET, path: '/health', why: 'the health check of monitors and deployments' },
  {
    method: apigw.HttpMethod.GET,
    path: '/openapi.json',
    why: 'the published OpenAPI description of the API',
  },
  { method: apigw.HttpMethod.GET, path: '/docs', why: 'the human documentation of the API' },
  {
    method: apigw.HttpMethod.GET,
    path: '/auth/config',
    why: 'the public Cognito settings (region, pool, client, domain) the web front end needs to sign in',
  },
  {
    method: apigw.HttpMethod.GET,
    path: '/v1/public/{proxy+}',
    why: 'the public transparency register and 360Giving data of each city (counts below 5 suppressed)',
  },
] as const;
export const PROTECTED_ROUTES = [{ method: apigw.HttpMethod.ANY, path: '/v1/{proxy+}' }] as const;

/**
 * The rarely used routes, answered by the admin function (functions/src/http/mounts/admin.ts): each more
 * specific than `/v1/{proxy+}` (or `/v1/public/{proxy+}`), so API Gateway sends it there rather than to
 * the api function. Behind the Cognito JWT authoriser but for those with a `why`: a CSO's registration,
 * before it has an account, and an impact page shared by its link.
 */
export const ADMIN_ROUTES: readonly { method: apigw.HttpMethod; path: string; why?: string }[] = [
  {
    method: apigw.HttpMethod.POST,
    path: '/v1/public/cities/{cityId}/registrations',
    why: 'a CSO asks to join a city before it has an account (rate-limited by the web ACL)',
  },
  {
    method: apigw.HttpMethod.GET,
    path: '/v1/public/impact/{token}',
    why: 'the impact page a CSO shared by its link (the token is the right to read it)',
  },
  { method: apigw.HttpMethod.ANY, path: '/v1/city' },
  { method: apigw.HttpMethod.ANY, path: '/v1/city/{proxy+}' },
  { method: apigw.HttpMethod.ANY, path: '/v1/users' },
  { method: apigw.HttpMethod.ANY, path: '/v1/users/{proxy+}' },
  { method: apigw.HttpMethod.POST, path: '/v1/organisations/{id}/members' },
  { method: apigw.HttpMethod.ANY, path: '/v1/registrations' },
  { method: apigw.HttpMethod.ANY, path: '/v1/registrations/{proxy+}' },
  { method: apigw.HttpMethod.ANY, path: '/v1/organisations/{id}/impact' },
  { method: apigw.HttpMethod.ANY, path: '/v1/organisations/{id}/impact/{proxy+}' },
  { method: apigw.HttpMethod.GET, path: '/v1/organisations/{id}/record' },
  { method: apigw.HttpMethod.GET, path: '/v1/coordination' },
  { method: apigw.HttpMethod.ANY, path: '/v1/insights/{proxy+}' },
];

/** One JSON line per request in the access log (HTTP API `$context` variables). */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  userId: '$context.authorizer.claims.sub',
};

/**
 * The HTTP API: the `$default` stage (auto-deployed, throttled, access-logged) and, once the functions
 * and the web client exist, the routes: the public ones without authoriser, `/v1/{proxy+}` behind the
 * Cognito JWT authoriser, and the admin function's more specific ones (ADMIN_ROUTES). Of `/auth/*`, only `GET /auth/config` is routed; the local sign-in
 * (`POST /auth/dev-login`) is not, and API Gateway answers 404 for every path without a route.
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly customDomain: apigw.DomainName | undefined;
  private readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;

    this.config = config;
    // With a custom domain, the default execute-api endpoint is off: the API is reached by that name only.
    this.customDomain = config.apiDomain
      ? new apigw.DomainName(this, 'Domain', {
          domainName: config.apiDomain.name,
          certificate: acm.Certificate.fromCertificateArn(
            this,
            'Certificate',
            config.apiDomain.certificateArn,
          ),
        })
      : undefined;
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${config.prefix}-api`,
      description: 'Passerelle v1 API (served to browsers through CloudFront at /v1)',
      createDefaultStage: false,
      disableExecuteApiEndpoint: this.customDomain !== undefined,
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/passerelle/${config.stage}/api-access`,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      ...(this.customDomain ? { domainMapping: { domainName: this.customDomain } } : {}),
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** Host name of the `$default` stage (the CloudFront origin): the custom domain when there is one. */
  get domainName(): string {
    if (this.config.apiDomain) return this.config.apiDomain.name;
    return `${this.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  }

  /** The routes of the api function and, more specific, those of the admin function (ADMIN_ROUTES). */
  addRoutes(
    functions: { readonly api: lambda.IFunction; readonly admin: lambda.IFunction },
    userPool: cognito.IUserPool,
    client: cognito.IUserPoolClient,
  ): void {
    const integrationOf = (id: string, handler: lambda.IFunction) =>
      new HttpLambdaIntegration(id, handler, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      });
    const integration = integrationOf('Lambda', functions.api);
    const admin = integrationOf('Admin', functions.admin);
    const authorizer = new HttpUserPoolAuthorizer('Cognito', userPool, {
      userPoolClients: [client],
      identitySource: ['$request.header.Authorization'],
    });
    const addPublic = (
      route: { method: apigw.HttpMethod; path: string; why?: string },
      to: apigw.HttpRouteIntegration,
      claim = 'It only reads data meant for anyone.',
    ) => {
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: to,
      });
      if (created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design: ${route.why}. ${claim}`,
        });
      }
    };

    for (const route of PUBLIC_ROUTES) addPublic(route, integration);
    for (const route of PROTECTED_ROUTES) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration, authorizer });
    }
    for (const route of ADMIN_ROUTES) {
      if (route.why && route.method === apigw.HttpMethod.POST)
        addPublic(route, admin, 'It takes a request anyone may make, checked and rate-limited.');
      else if (route.why) addPublic(route, admin);
      else
        this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration: admin, authorizer });
    }
  }
}
