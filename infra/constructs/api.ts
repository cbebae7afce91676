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
 * The HTTP API: the `$default` stage (auto-deployed, throttled, access-logged) and, once the function
 * and the web client exist, the routes: the public ones without authoriser, `/v1/{proxy+}` behind the
 * Cognito JWT authoriser. Of `/auth/*`, only `GET /auth/config` is routed; the local sign-in
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

  addRoutes(handler: lambda.IFunction, userPool: cognito.IUserPool, client: cognito.IUserPoolClient): void {
    const integration = new HttpLambdaIntegration('Lambda', handler, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    const authorizer = new HttpUserPoolAuthorizer('Cognito', userPool, {
      userPoolClients: [client],
      identitySource: ['$request.header.Authorization'],
    });

    for (const route of PUBLIC_ROUTES) {
      const [created] = this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration });
      if (created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design: ${route.why}. It only reads data meant for anyone.`,
        });
      }
    }
    for (const route of PROTECTED_ROUTES) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration, authorizer });
    }
  }
}
