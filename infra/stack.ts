import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { StageConfig } from './config.ts';
import { Alarms } from './constructs/alarms.ts';
import { Anchors } from './constructs/anchors.ts';
import { Api } from './constructs/api.ts';
import { Auth } from './constructs/auth.ts';
import { Data } from './constructs/data.ts';
import { Documents } from './constructs/documents.ts';
import { Downloads } from './constructs/downloads.ts';
import { Functions, USER_DIRECTORY_ACTIONS } from './constructs/functions.ts';
import { Jobs } from './constructs/jobs.ts';
import { Web } from './constructs/web.ts';

export interface PasserelleStackProps extends StackProps {
  readonly config: StageConfig;
  /** A built web front end (a folder with `index.html`) to upload; none: the bucket is left as it is. */
  readonly webAssetPath?: string | undefined;
}

/**
 * Everything Passerelle needs in one AWS account and region, for one stage.
 *
 * Browser → CloudFront ─┬─ /*  → S3 (the web front end, Origin Access Control)
 *                       ├─ /v1/exports/…, /v1/public/cities/{id}/grants.360giving.… → function URL (streamed)
 *                       │                                                           → Lambda `exports` → DynamoDB
 *                       └─ /v1/*, /health, /openapi.json, /docs, /auth/config → HTTP API → Lambda `api` → DynamoDB
 *                                            (its rarely used routes, ADMIN_ROUTES) → HTTP API → Lambda `admin` → DynamoDB
 * EventBridge Scheduler (daily) → Lambda `tick` → DynamoDB, SES
 * Cognito user pool (hosted sign-in) → JWT authoriser of the HTTP API
 */
export class PasserelleStack extends Stack {
  readonly data: Data;
  readonly auth: Auth;
  readonly api: Api;
  readonly web: Web;
  readonly functions: Functions;
  readonly downloads: Downloads;
  readonly jobs: Jobs;
  readonly alarms: Alarms;
  readonly anchors: Anchors;
  readonly documents: Documents;

  constructor(scope: Construct, id: string, props: PasserelleStackProps) {
    super(scope, id, {
      description: `Passerelle (${props.config.stage}): partnerships, fast-track grants and reporting milestones`,
      ...props,
    });
    const { config } = props;
    Tags.of(this).add('project', 'passerelle');
    Tags.of(this).add('stage', config.stage);

    this.data = new Data(this, 'Data', { config });
    this.auth = new Auth(this, 'Auth', { config });
    this.api = new Api(this, 'Api', { config });
    // What every function reads: its table and the user pool whose tokens it checks.
    const common = {
      TABLE_NAME: this.data.table.tableName,
      COGNITO_USER_POOL_ID: this.auth.userPool.userPoolId,
    };
    // Before the web client exists: the distribution needs this URL, and the client needs the distribution.
    // It reads the web client's id from SSM at cold start: see Downloads.
    this.downloads = new Downloads(this, 'Downloads', {
      config,
      data: this.data,
      environment: common,
      clientIdParameter: { name: this.auth.clientIdParameterName, arn: this.auth.clientIdParameterArn },
    });
    this.web = new Web(this, 'Web', {
      config,
      apiDomainName: this.api.domainName,
      signInUrl: this.auth.signInUrl,
      downloadsUrl: this.downloads.url,
      webAclArn: config.webAclArn,
    });
    this.anchors = new Anchors(this, 'Anchors', { config, data: this.data, logBucket: this.web.logBucket });
    const webClient = this.auth.addWebClient(this.web.url);
    this.documents = new Documents(this, 'Documents', {
      config,
      webOrigin: this.web.url,
      logBucket: this.web.logBucket,
    });

    this.functions = new Functions(this, 'Functions', {
      config,
      data: this.data,
      environment: {
        ...common,
        COGNITO_CLIENT_ID: webClient.userPoolClientId,
        COGNITO_DOMAIN: this.auth.signInHost,
        WEB_ORIGIN: this.web.url,
        // The deadline job's name for the same origin (links in reminder e-mails).
        PUBLIC_URL: this.web.url,
        MAIL_FROM: config.mailFrom,
        DOCUMENTS_BUCKET: this.documents.bucket.bucketName,
      },
    });
    this.documents.grantApi(roleOf(this.functions.api));
    // The city's admin invites users and changes their roles in the app (the users routes, in admin): the user
    // directory makes the same change in the pool. No other function may.
    this.auth.userPool.grant(roleOf(this.functions.admin), ...USER_DIRECTORY_ACTIONS);
    this.documents.grantSweep(roleOf(this.functions.tick), this.data.table);
    // The browser posts files to the bucket and shows them from presigned links (virtual-hosted URLs). The
    // region's S3 rather than the bucket's own name: the bucket's CORS names the distribution already, and
    // naming the bucket in the distribution's headers would make the two depend on each other.
    this.web.allowFilesFrom(`https://*.s3.${this.region}.amazonaws.com`);
    this.api.addRoutes(
      { api: this.functions.api, admin: this.functions.admin },
      this.auth.userPool,
      webClient,
    );
    this.jobs = new Jobs(this, 'Jobs', { config, tick: this.functions.tick });
    this.alarms = new Alarms(this, 'Alarms', {
      config,
      httpApi: this.api.httpApi,
      functions: {
        api: this.functions.api,
        admin: this.functions.admin,
        tick: this.functions.tick,
        exports: this.downloads.function,
        anchor: this.anchors.function,
      },
      table: this.data.table,
    });
    if (props.webAssetPath) this.web.deploy(props.webAssetPath);

    new CfnOutput(this, 'WebUrl', {
      value: this.web.url,
      description: 'The web front end and, under /v1, the API',
    });
    new CfnOutput(this, 'ApiEndpoint', { value: `https://${this.api.domainName}` });
    new CfnOutput(this, 'SiteBucketName', { value: this.web.bucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: this.web.distribution.distributionId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: webClient.userPoolClientId });
    new CfnOutput(this, 'SignInUrl', { value: this.auth.signInUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'AnchorBucketName', {
      value: this.anchors.bucket.bucketName,
      description: 'ANCHOR_BUCKET of npm run audit:verify',
    });
  }
}

/** Every Passerelle function is made with its own role (constructs/functions.ts). */
function roleOf(fn: lambda.Function): iam.IRole {
  if (!fn.role) throw new Error(`${fn.node.path} has no role`);
  return fn.role;
}
