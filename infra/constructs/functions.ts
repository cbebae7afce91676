import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PAPER_FONTS_SUBDIR } from '../bundling.ts';
import type { StageConfig } from '../config.ts';
import type { Data, ItemAction } from './data.ts';

/** Node.js 22 or newer, as the issue asks: the newest Lambda runtime this CDK knows (cdk-nag AwsSolutions-L1). */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The function's code: functions/src/lambda/<file> bundled by infra/bundling.ts into one minified ESM file
 * with its source map and the AWS SDK inside. Bundled at synthesis with the local esbuild (no Docker), in a
 * child process because CDK bundles synchronously; the asset's hash is that of the bundle.
 */
function bundledCode(file: string): lambda.Code {
  const entry = join(projectRoot, 'functions/src/lambda', file);
  return lambda.Code.fromAsset(join(projectRoot, 'functions/src'), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
      // Also what tells the bundles apart in CDK's bundling cache, which keys on these options.
      command: ['npx', 'tsx', 'infra/bundle-cli.ts', `functions/src/lambda/${file}`, '/asset-output'],
      local: {
        tryBundle(outputDir) {
          execFileSync(
            process.execPath,
            ['--import', 'tsx', join(projectRoot, 'infra/bundle-cli.ts'), entry, outputDir],
            {
              cwd: projectRoot,
              stdio: ['ignore', 'inherit', 'inherit'],
            },
          );
          return true;
        },
      },
    },
  });
}

/** Table actions of each function (never Scan, never DeleteItem: the tick's sweep of unattached uploads alone deletes, Documents.grantSweep). */
export const API_TABLE_ACTIONS: readonly ItemAction[] = [
  'GetItem',
  'PutItem',
  'UpdateItem',
  'BatchGetItem',
  'ConditionCheckItem',
];
export const TICK_TABLE_ACTIONS: readonly ItemAction[] = [
  'GetItem',
  'PutItem',
  'UpdateItem',
  'BatchGetItem',
  'ConditionCheckItem',
];

/** What the user directory does in the pool (functions/src/users/cognito.ts): the admin function only. */
export const USER_DIRECTORY_ACTIONS: readonly string[] = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
];

export interface FunctionsProps {
  readonly config: StageConfig;
  readonly data: Data;
  /** Environment shared by both functions (table, Cognito, web origin, sender). */
  readonly environment: Record<string, string>;
}

export interface FunctionSpec {
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly tableActions: readonly ItemAction[];
  readonly reservedConcurrentExecutions?: number;
}

/**
 * The Lambda functions of the API and the job, each with its own role (no managed policy), its own log
 * group (JSON logs, retention by stage) and only the table actions it uses:
 * - `api`: the Hono app of the daily routes behind the HTTP API;
 * - `admin`: the rarely used routes behind the same HTTP API (ADMIN_ROUTES of api.ts), without documents;
 * - `tick`: the daily deadline job, which may also send the reminder e-mails through SES.
 */
export class Functions extends Construct {
  readonly api: lambda.Function;
  readonly admin: lambda.Function;
  readonly tick: lambda.Function;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const { config } = props;

    this.api = lambdaFunction(this, props, {
      name: 'api',
      file: 'api.ts',
      description: 'Passerelle HTTP API (Hono) behind API Gateway',
      memorySize: 1024,
      timeout: Duration.seconds(10),
      tableActions: API_TABLE_ACTIONS,
    });
    // None of its routes keeps a file: no documents bucket (nor its rights, Documents.grantApi).
    const { DOCUMENTS_BUCKET: _documents, ...withoutDocuments } = props.environment;
    this.admin = lambdaFunction(
      this,
      { ...props, environment: withoutDocuments },
      {
        name: 'admin',
        file: 'admin.ts',
        description: 'Passerelle HTTP API, its rarely used routes (city administration…) behind API Gateway',
        memorySize: 1024,
        timeout: Duration.seconds(10),
        tableActions: API_TABLE_ACTIONS,
      },
    );
    this.tick = lambdaFunction(this, props, {
      name: 'tick',
      file: 'tick.ts',
      description:
        'Passerelle daily deadline job (overdue milestones, reminders), run by EventBridge Scheduler',
      memorySize: 512,
      timeout: Duration.minutes(5),
      tableActions: TICK_TABLE_ACTIONS,
    });
    // The agreement and letter PDFs read their fonts from the copy the bundle carries (infra/bundling.ts).
    this.api.addEnvironment('PAPER_FONT_DIR', `/var/task/${PAPER_FONTS_SUBDIR}`);
    // The scheduler invokes asynchronously; a failed run is retried twice by Lambda and then raises the Errors alarm.
    this.tick.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6) });

    // SES: only SendEmail, only from the configured sender (its address or its domain identity).
    const stack = Stack.of(this);
    const senderDomain = config.mailFrom.split('@')[1] ?? config.mailFrom;
    this.tick.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SendReminders',
        actions: ['ses:SendEmail'],
        resources: [config.mailFrom, senderDomain].map((identity) =>
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
        ),
        conditions: { StringEquals: { 'ses:FromAddress': config.mailFrom } },
      }),
    );
  }
}

/**
 * One Passerelle function: its own role (no managed policy), its own log group (JSON logs, retention by
 * stage), only the table actions of its spec, arm64, the AWS SDK bundled.
 */
export function lambdaFunction(scope: Construct, props: FunctionsProps, spec: FunctionSpec): lambda.Function {
  const { config } = props;
  const logGroup = new logs.LogGroup(scope, `${spec.name}-logs`, {
    logGroupName: `/passerelle/${config.stage}/${spec.name}`,
    retention: config.logRetention,
    removalPolicy: config.removalPolicy,
  });
  const role = new iam.Role(scope, `${spec.name}-role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Passerelle ${config.stage} ${spec.name} function`,
  });
  // Instead of the managed AWSLambdaBasicExecutionRole: write to this function's log group only.
  logGroup.grantWrite(role);
  if (spec.tableActions.length > 0) props.data.grant(role, spec.tableActions);

  return new lambda.Function(scope, spec.name, {
    functionName: `${config.prefix}-${spec.name}`,
    description: spec.description,
    code: bundledCode(spec.file),
    handler: 'index.handler',
    runtime: RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    memorySize: spec.memorySize,
    timeout: spec.timeout,
    ...(spec.reservedConcurrentExecutions === undefined
      ? {}
      : { reservedConcurrentExecutions: spec.reservedConcurrentExecutions }),
    role,
    logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    applicationLogLevelV2:
      config.logLevel === 'DEBUG' ? lambda.ApplicationLogLevel.DEBUG : lambda.ApplicationLogLevel.INFO,
    systemLogLevelV2: lambda.SystemLogLevel.INFO,
    environment: {
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: `passerelle-${spec.name}`,
      LOG_LEVEL: config.logLevel,
      NODE_OPTIONS: '--enable-source-maps',
    },
  });
}
