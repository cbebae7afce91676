import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { stageConfig } from './config.ts';
import { Documents } from './constructs/documents.ts';

// The documents construct on its own stack (it is wired into the main stack separately), with the
// cdk-nag AwsSolutions pack as a Validations plugin: synthesis throws on any unacknowledged finding.

const WEB = 'https://d111111abcdef8.cloudfront.net';
const out = mkdtempSync(join(tmpdir(), 'passerelle-documents-cdk-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Json = Record<string, any>;

/** What prod requires of its context (infra/config.ts); not used by this construct. */
const PROD_EDGE = {
  webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/passerelle-prod-web/abc',
  apiDomainName: 'api.passerelle.example.org',
  apiCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
};

/** dev with a fixed account and region, prod without (both ways cdk-nag can print the rule's ARN). */
function synth(stage: 'dev' | 'prod') {
  const context = stage === 'prod' ? { stage, ...PROD_EDGE } : { stage };
  const app = new App({ outdir: mkdtempSync(join(out, 'o-')), context });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const env = stage === 'dev' ? { account: '123456789012', region: 'eu-west-1' } : undefined;
  const stack = new Stack(app, 'Docs', { env });
  const config = stageConfig(app.node);
  const logBucket = new s3.Bucket(stack, 'Logs', {
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
  });
  Validations.of(logBucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'A stand-in for the stack’s access-log bucket, which does not log itself (a loop otherwise).',
  });
  const documents = new Documents(stack, 'Documents', { config, webOrigin: WEB, logBucket });
  const apiRole = new iam.Role(stack, 'ApiRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  documents.grantApi(apiRole);
  const template = Template.fromStack(stack);
  return { app, stack, template, documents };
}

const dev = synth('dev');
const prod = synth('prod');
const only = (t: Template, type: string): Json => {
  const found = Object.values(t.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as Json;
};

describe('documents bucket', () => {
  it('is private, TLS only, encrypted, versioned and logged', () => {
    // Prepare
    const bucket = dev.template.findResources('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    const [id, resource] = Object.entries(bucket)[0] as [string, Json];
    // Assess
    expect(Object.keys(bucket)).toHaveLength(1);
    expect(resource.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { LogFilePrefix: 's3-documents/' },
    });
    dev.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets only the web origin POST from a browser, and deletes unattached uploads after a day', () => {
    // Prepare
    const bucket = dev.template.findResources('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    const props = (Object.values(bucket)[0] as Json).Properties;
    // Assess
    expect(props.CorsConfiguration.CorsRules).toEqual([
      { AllowedOrigins: [WEB], AllowedMethods: ['POST'], AllowedHeaders: ['*'], MaxAge: 3600 },
    ]);
    expect(props.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'unattached-uploads',
        Prefix: 'uploads/',
        ExpirationInDays: 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        Status: 'Enabled',
      },
      {
        Id: 'old-versions',
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        ExpiredObjectDeleteMarker: true,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        Status: 'Enabled',
      },
    ]);
  });

  it('is scanned by GuardDuty under documents/, which tags each object with its verdict, and names its bucket', () => {
    // Prepare
    const plan = only(dev.template, 'AWS::GuardDuty::MalwareProtectionPlan');
    const roleId = plan.Properties.Role['Fn::GetAtt'][0];
    const role = dev.template.findResources('AWS::IAM::Role')[roleId] as Json;
    const statements = role.Properties.Policies[0].PolicyDocument.Statement as Json[];
    // Assess
    expect(plan.Properties.Actions).toEqual({ Tagging: { Status: 'ENABLED' } });
    expect(plan.Properties.ProtectedResource.S3Bucket.ObjectPrefixes).toEqual(['documents/']);
    expect(plan.DependsOn).toEqual(expect.arrayContaining([roleId]));
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: 'malware-protection-plan.guardduty.amazonaws.com',
    });
    expect(statements.map((s) => s.Sid)).toEqual([
      'ManagedRuleForS3Events',
      'WatchManagedRule',
      'BucketEventsToEventBridge',
      'ScanAndTagDocuments',
      'ValidationObject',
    ]);
    expect(JSON.stringify(statements)).not.toContain('s3:DeleteObject');
    expect(Object.values(dev.template.findOutputs('*')).map((o) => o.Description)).toContain(
      'The documents bucket (DOCUMENTS_BUCKET of the API)',
    );
  });

  it('gives the API role object access under uploads/ and documents/ only, and no bucket-wide write', () => {
    // Prepare
    const policies = Object.values(dev.template.findResources('AWS::IAM::Policy')) as Json[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
    const text = (s: Json) => JSON.stringify(s.Resource);
    // Assess
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['DocumentObjects', ['s3:PutObject', 's3:GetObject', 's3:DeleteObject']],
      ['DocumentScanVerdict', 's3:GetObjectTagging'],
      ['DocumentMissingIs404', 's3:ListBucket'],
    ]);
    expect(text(statements[0] as Json)).toMatch(/uploads\/\*.*documents\/\*/);
    expect(text(statements[1] as Json)).toContain('documents/*');
    expect(text(statements[1] as Json)).not.toContain('uploads/');
  });

  it.each([
    ['dev', dev],
    ['prod', prod],
  ])('%s: passes cdk-nag AwsSolutions with each acknowledgement needed', (_stage, synthesis) => {
    // Prepare
    const everything = new AwsSolutionsChecks();
    Object.defineProperty(everything, 'isAcknowledged', { value: () => false });
    // Act
    const report = new AwsSolutionsChecks().validateScope(synthesis.app);
    const raw = everything.validateScope(synthesis.app).violations.map((v) => v.ruleName);
    // Assess
    expect(report.violations).toEqual([]);
    expect(raw).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<DocumentsBucket\w+\.Arn>\/uploads\/\*\]$/),
        expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<DocumentsBucket\w+\.Arn>\/documents\/\*\]$/),
        expect.stringMatching(
          /^AwsSolutions-IAM5\[Resource::arn:.*DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3\*\]$/,
        ),
      ]),
    );
  });
});
