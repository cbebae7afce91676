import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * Everything that differs between the `dev` and `prod` deployments, read from CDK context
 * (`cdk.json`, or `-c key=value` on the command line). Nothing else in `infra/` reads context
 * (except `webDist`, in build.ts).
 */
export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export interface StageConfig {
  readonly stage: StageName;
  /** Prefix of every physical name: `passerelle-dev`, `passerelle-prod`. */
  readonly prefix: string;
  /** CloudFormation stack name. */
  readonly stackName: string;
  /** What happens to the user pool, the buckets and the log groups when the stack is deleted. The table is always retained. */
  readonly removalPolicy: RemovalPolicy;
  /** Retention of Lambda logs, API access logs and the CloudFront / S3 access-log bucket. */
  readonly logRetention: RetentionDays;
  readonly logRetentionDays: number;
  /** Application log level of the functions (Lambda JSON log filtering and `LOG_LEVEL`). */
  readonly logLevel: 'DEBUG' | 'INFO';
  /** Steady-state requests per second and burst of the HTTP API `$default` stage. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Sender address of the deadline reminders (a verified SES identity: the address or its domain). */
  readonly mailFrom: string;
  /** Optional e-mail address subscribed to the alarm topic. */
  readonly alarmEmail: string | undefined;
  /** Days each audit anchor is locked (S3 Object Lock, compliance mode): a day in dev, ten years in prod. */
  readonly anchorRetentionDays: number;
  /** Region of the SES identity Cognito sends the e-mail codes from, when the stack's region is not known at synthesis (context `sesRegion`, default eu-west-1). */
  readonly sesRegion: string;
  /** Reserved concurrency of the streaming exports function: a flood of downloads cannot take the account's. */
  readonly exportsConcurrency: number;
  /** Requests per IP per 5 minutes of the CloudFront web ACL: everything, and the public / sign-in paths. */
  readonly rateLimits: { readonly all: number; readonly sensitive: number };
  /** ARN of the web ACL (the `-edge` stack in us-east-1) on the distribution; required in prod. */
  readonly webAclArn: string | undefined;
  /** A custom domain of the HTTP API and its ACM certificate (same region); required in prod, where the default execute-api endpoint is then disabled. */
  readonly apiDomain: { readonly name: string; readonly certificateArn: string } | undefined;
}

const DEFAULT_MAIL_FROM = 'no-reply@passerelle.example.org';

function asString(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context "${key}" must be a string`);
  return value;
}

/**
 * A per-stage setting: `-c key=value` on the command line, else `stages.<stage>.<key>` in `cdk.json`
 * (so that each stage keeps its own sender and alarm address between deployments).
 */
function readSetting(node: Node, stage: string, key: string): string | undefined {
  const direct = asString(key, node.tryGetContext(key));
  if (direct !== undefined) return direct;
  const stages: unknown = node.tryGetContext('stages');
  const perStage =
    typeof stages === 'object' && stages !== null ? (stages as Record<string, unknown>)[stage] : undefined;
  const value =
    typeof perStage === 'object' && perStage !== null
      ? (perStage as Record<string, unknown>)[key]
      : undefined;
  return asString(`stages.${stage}.${key}`, value);
}

/** The configuration of the stage named by the context key `stage` (default `dev`). */
export function stageConfig(node: Node): StageConfig {
  const stage = asString('stage', node.tryGetContext('stage')) ?? 'dev';
  if (!(STAGES as readonly string[]).includes(stage)) {
    throw new Error(`context "stage" must be one of ${STAGES.join(', ')}; got "${stage}"`);
  }
  const mailFrom = readSetting(node, stage, 'mailFrom') ?? DEFAULT_MAIL_FROM;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mailFrom)) {
    throw new Error(`context "mailFrom" must be an e-mail address; got "${mailFrom}"`);
  }
  const prod = stage === 'prod';
  const webAclArn = readSetting(node, stage, 'webAclArn');
  const apiDomainName = readSetting(node, stage, 'apiDomainName');
  const apiCertificateArn = readSetting(node, stage, 'apiCertificateArn');
  if ((apiDomainName === undefined) !== (apiCertificateArn === undefined)) {
    throw new Error('context "apiDomainName" and "apiCertificateArn" go together');
  }
  if (prod && (!webAclArn || !apiDomainName)) {
    throw new Error(
      'stage prod needs the context "webAclArn" (deploy the Passerelle-prod-edge stack first) and "apiDomainName" with "apiCertificateArn" (docs/deploy.md)',
    );
  }
  return {
    stage: stage as StageName,
    prefix: `passerelle-${stage}`,
    stackName: `Passerelle-${stage}`,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: prod ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_WEEK,
    logRetentionDays: prod ? 90 : 7,
    logLevel: prod ? 'INFO' : 'DEBUG',
    throttle: prod ? { rateLimit: 100, burstLimit: 200 } : { rateLimit: 20, burstLimit: 40 },
    mailFrom,
    alarmEmail: readSetting(node, stage, 'alarmEmail'),
    anchorRetentionDays: prod ? 3650 : 1,
    sesRegion: readSetting(node, stage, 'sesRegion') ?? 'eu-west-1',
    exportsConcurrency: prod ? 10 : 2,
    rateLimits: { all: 2000, sensitive: 300 },
    webAclArn,
    apiDomain:
      apiDomainName && apiCertificateArn
        ? { name: apiDomainName, certificateArn: apiCertificateArn }
        : undefined,
  };
}
