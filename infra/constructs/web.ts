import { DefaultStackSynthesizer, Duration, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CSP_FILE, inlineScripts } from '../../web/csp.ts';
import type { StageConfig } from '../config.ts';

/** Paths served by the API through the same distribution: the browser needs no CORS. */
export const API_PATHS = ['/v1/*', '/health', '/openapi.json', '/docs', '/auth/config'] as const;

/** The large downloads, streamed by their own function (Downloads); listed before `/v1/*`, which would match first. */
export const STREAMED_PATHS = ['/v1/exports/*', '/v1/public/cities/*/grants.360giving.*'] as const;

/**
 * Rewrites every extension-less path (a client-side route of the SPA) to `/index.html`. A CloudFront
 * Function on the web behaviour only, rather than distribution-wide error responses, so that a 403/404
 * of the API is never replaced by the HTML page.
 */
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) { request.uri = '/index.html'; }
  return request;
}`;

export interface WebProps {
  readonly config: StageConfig;
  /** Host name of the HTTP API `$default` stage. */
  readonly apiDomainName: string;
  /** Cognito hosted sign-in base URL (allowed in the CSP for the token endpoint of the code grant). */
  readonly signInUrl: string;
  /** The function URL of the streamed downloads (STREAMED_PATHS). */
  readonly downloadsUrl: lambda.IFunctionUrl;
  /** The CloudFront web ACL (rate limits per IP), from the `-edge` stack in us-east-1. */
  readonly webAclArn?: string | undefined;
}

/** The public register: cached by CloudFront for the max-age the API sends (listed before `/v1/*`). */
export const CACHED_PUBLIC_PATH = '/v1/public/*';

/**
 * The web front end: a private bucket behind CloudFront with Origin Access Control, the API under the same
 * distribution, security headers, and access logs of both into a log bucket.
 */
export class Web extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** Where the pages post uploads and show files from (allowFilesFrom): the documents bucket. */
  private readonly filesOrigins: string[] = [];
  /** The hashes of the page's inline scripts (the boot script), from the build that `deploy` uploads. */
  private readonly inlineScripts: string[] = [];
  private readonly scriptSources = Lazy.string({
    produce: () => this.inlineScripts.map((h) => ` ${h}`).join(''),
  });
  /** The policy's sources for files, resolved at synthesis (the bucket is made after the web). */
  private readonly filesSources = Lazy.string({
    produce: () => this.filesOrigins.map((o) => ` ${o}`).join(''),
  });

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const { config } = props;
    const region = Stack.of(this).region;

    this.logBucket = new s3.Bucket(this, 'LogBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logging writes with an ACL grant to its log-delivery account.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
      removalPolicy: config.removalPolicy,
    });

    this.bucket = new s3.Bucket(this, 'SiteBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3-site/',
      removalPolicy: config.removalPolicy,
    });

    const cognitoApi = `https://cognito-idp.${region}.amazonaws.com`;
    const webHeaders = new cloudfront.ResponseHeadersPolicy(this, 'WebHeaders', {
      responseHeadersPolicyName: `${config.prefix}-web-headers`,
      comment: 'Security headers of the Passerelle web front end',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            `script-src 'self'${this.scriptSources}`,
            // Inline style attributes of UI components; of inline scripts, only the boot script's hash.
            "style-src 'self' 'unsafe-inline'",
            `img-src 'self' data:${this.filesSources}`,
            "font-src 'self'",
            `connect-src 'self' ${props.signInUrl} ${cognitoApi}${this.filesSources}`,
            `frame-src 'self'${this.filesSources}`,
            `form-action 'self' ${props.signInUrl}`,
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
            'upgrade-insecure-requests',
          ].join('; '),
          override: true,
        },
        ...commonSecurityHeaders(),
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });
    const apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      responseHeadersPolicyName: `${config.prefix}-api-headers`,
      comment: 'Security headers of the Passerelle API (the app sets its own CSP for /docs)',
      securityHeadersBehavior: commonSecurityHeaders(),
    });

    const spaRewrite = new cloudfront.Function(this, 'SpaRewrite', {
      functionName: `${config.prefix}-spa-rewrite`,
      comment: 'Serve index.html for client-side routes',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(SPA_REWRITE),
    });

    const apiOrigin = new origins.HttpOrigin(props.apiDomainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Forwards every viewer header (Authorization, If-Match, Idempotency-Key …) and the query string,
      // but not Host, which API Gateway needs to be its own.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
      compress: true,
    };

    // Honours the API's Cache-Control (no TTL of its own beyond a day); the query string (filters) and the
    // language are part of the key, and nothing that identifies a caller is.
    const publicCache = new cloudfront.CachePolicy(this, 'PublicCache', {
      cachePolicyName: `${config.prefix}-public-register`,
      comment: 'The public register, for the max-age the API sends',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Accept-Language'),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const publicBehavior: cloudfront.BehaviorOptions = {
      ...apiBehavior,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      cachePolicy: publicCache,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };

    const downloadsBehavior: cloudfront.BehaviorOptions = {
      ...apiBehavior,
      origin: new origins.FunctionUrlOrigin(props.downloadsUrl, {
        // A big export takes time to start and to finish: the longest CloudFront allows without a quota raise.
        readTimeout: Duration.seconds(60),
        keepaliveTimeout: Duration.seconds(60),
      }),
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Passerelle ${config.stage}`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: webHeaders,
        functionAssociations: [
          { function: spaRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
        compress: true,
      },
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      additionalBehaviors: Object.fromEntries([
        ...STREAMED_PATHS.map((path) => [path, downloadsBehavior]),
        [CACHED_PUBLIC_PATH, publicBehavior],
        ...API_PATHS.map((path) => [path, apiBehavior]),
      ]),
    });
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'A dev stage deployed without -c webAclArn has no web ACL; prod cannot be synthesised without one (infra/config.ts), and the -edge stack in us-east-1 defines it (docs/deploy.md).',
      });
    }
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geographic restriction: the cities, CSOs and funders of the network, and the public register, are reached from many countries.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the minimum viewer protocol; a custom domain with an ACM certificate and TLSv1.2_2021 is the documented next step (docs/deploy.md). Origins use TLS 1.2 only.',
      },
    );
  }

  /** `https://<distribution>.cloudfront.net`, the origin of the web front end and of the API for browsers. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Uploads a built web front end (`web/dist`): hashed assets first, then `index.html` (never cached by
   * browsers), then a CloudFront invalidation. Only added when a build exists (see infra/app.ts).
   */
  deploy(assetPath: string): void {
    this.inlineScripts.push(...inlineScripts(assetPath));
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [s3deploy.Source.asset(assetPath)],
      destinationBucket: this.bucket,
      // The build's .br/.gz copies are for `npm start`: CloudFront compresses (compress: true); the
      // inline scripts' hashes are in this distribution's security policy.
      exclude: ['index.html', 'sw.js', '*.br', '*.gz', CSP_FILE],
      prune: true,
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.days(7))],
      memoryLimit: 512,
    });
    const index = new s3deploy.BucketDeployment(this, 'DeployIndex', {
      sources: [s3deploy.Source.asset(assetPath)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      // The service worker too: a deploy must reach the browsers' update check at once.
      include: ['index.html', 'sw.js'],
      prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    index.node.addDependency(assets);
    this.acknowledgeDeploymentHandler();
  }

  /**
   * The BucketDeployment handler is a Lambda function that aws-cdk-lib defines (a singleton at stack level)
   * and that runs only during `cdk deploy`; its role and runtime are not ours to choose.
   */
  private acknowledgeDeploymentHandler(): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!handler) throw new Error('BucketDeployment handler not found');
    const reason = (what: string) =>
      `CDK BucketDeployment handler, run only during cdk deploy to copy web/dist into the site bucket: ${what}`;
    const placeholder = (value: string, name: string) =>
      Token.isUnresolved(value) ? `<AWS::${name}>` : value;
    const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
    const assetsBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${placeholder(stack.account, 'AccountId')}-${placeholder(stack.region, 'Region')}`;
    const siteBucket = stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(handler).acknowledge(
      {
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]`,
        reason: reason('aws-cdk-lib gives its role the basic execution managed policy (its own logs only).'),
      },
      {
        id: 'AwsSolutions-L1',
        reason: reason('aws-cdk-lib chooses and updates the Python runtime of its handler.'),
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: reason(
          `${action} is the grant aws-cdk-lib makes to read the staged asset and sync (prune) the site bucket.`,
        ),
      })),
      {
        id: `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::${assetsBucket}/*]`,
        reason: reason('reads the zipped web build from the CDK bootstrap assets bucket.'),
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${siteBucket}.Arn>/*]`,
        reason: reason(
          'writes and prunes the objects of the site bucket, which holds nothing but the web build.',
        ),
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: reason(
          'cloudfront:CreateInvalidation and GetInvalidation, which aws-cdk-lib grants on every distribution.',
        ),
      },
    );
  }

  /** Lets the pages post uploads to, and show images and PDFs from, this origin (the documents bucket). */
  allowFilesFrom(origin: string): void {
    this.filesOrigins.push(origin);
  }
}

/** Headers for every response: HSTS, no sniffing, no framing, a strict referrer. */
function commonSecurityHeaders(): cloudfront.ResponseSecurityHeadersBehavior {
  return {
    strictTransportSecurity: {
      accessControlMaxAge: Duration.days(730),
      includeSubdomains: true,
      override: true,
    },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
    referrerPolicy: {
      referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
      override: true,
    },
    xssProtection: { protection: false, override: true },
  };
}
