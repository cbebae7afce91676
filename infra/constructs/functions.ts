import { fileURLToPath } from 'node:url';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import type { Data, ItemAction } from './data.ts';

/** Node.js 22 or newer, as the issue asks: the newest Lambda runtime this CDK knows (cdk-nag AwsSolutions-L1). */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;
/** esbuild target: the oldest runtime the code must run on, so a switch between 22 and 24 needs no rebuild change. */
const ESBUILD_TARGET = 'node22';

const entry = (file: string) => fileURLToPath(new URL(`../../functions/src/lambda/${file}`, import.meta.url));
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Table actions of each function (never Scan, never DeleteItem). */
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
}

/**
 * The two Lambda functions, each with its own role (no managed policy), its own log group (JSON logs,
 * retention by stage) and only the table actions it uses:
 * - `api`: the Hono app behind the HTTP API;
 * - `tick`: the daily deadline job, which may also send the reminder e-mails through SES.
 */
export class Functions extends Construct {
  readonly api: NodejsFunction;
  readonly tick: NodejsFunction;

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
    this.tick = lambdaFunction(this, props, {
      name: 'tick',
      file: 'tick.ts',
      description:
        'Passerelle daily deadline job (overdue milestones, reminders), run by EventBridge Scheduler',
      memorySize: 512,
      timeout: Duration.minutes(5),
      tableActions: TICK_TABLE_ACTIONS,
    });
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
export function lambdaFunction(scope: Construct, props: FunctionsProps, spec: FunctionSpec): NodejsFunction {
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
  props.data.grant(role, spec.tableActions);

  return new NodejsFunction(scope, spec.name, {
    functionName: `${config.prefix}-${spec.name}`,
    description: spec.description,
    entry: entry(spec.file),
    handler: 'handler',
    projectRoot,
    depsLockFilePath: `${projectRoot}/package-lock.json`,
    runtime: RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    memorySize: spec.memorySize,
    timeout: spec.timeout,
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
    bundling: {
      format: OutputFormat.ESM,
      target: ESBUILD_TARGET,
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      // Bundle the AWS SDK v3 too: a pinned, tree-shaken SDK instead of whatever the runtime ships.
      bundleAwsSDK: true,
      externalModules: [],
      mainFields: ['module', 'main'],
      // Some CommonJS dependencies call require(); give the ESM bundle one.
      banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
}
