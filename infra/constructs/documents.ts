import { CfnOutput, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import type { StageConfig } from '../config.ts';

/** Where browsers post files (functions/src/files/storage.ts UPLOAD_PREFIX): kept a day at most. */
export const UPLOAD_OBJECTS = 'uploads/';
/** Where attached documents live (DOCUMENT_PREFIX): the only prefix GuardDuty scans. */
export const DOCUMENT_OBJECTS = 'documents/';
/** A stack's region or account as cdk-nag prints it in a finding: the pseudo parameter when not fixed. */
const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);

/** The object GuardDuty writes once to check it may reach the bucket. */
export const VALIDATION_OBJECT = 'malware-protection-resource-validation-object';

export interface DocumentsProps {
  readonly config: StageConfig;
  /** The web client's origin (`https://…`): the only origin whose pages may post files to the bucket. */
  readonly webOrigin: string;
  readonly logBucket: s3.IBucket;
  /** Days an overwritten or deleted version of a document is kept. */
  readonly noncurrentDays?: number;
}

/**
 * The documents bucket: private, TLS only, encrypted, versioned, access-logged. Browsers post files under
 * uploads/ with a form the API signs (CORS allows the web origin to POST, nothing else); what is not
 * attached within a day is deleted by the lifecycle rule. Attached documents are copied under documents/,
 * where GuardDuty Malware Protection for S3 scans each new object and tags it with its verdict
 * (GuardDutyMalwareScanStatus), which the API reads before it serves a file.
 */
export class Documents extends Construct {
  readonly bucket: s3.Bucket;
  readonly scanRole: iam.Role;
  readonly plan: guardduty.CfnMalwareProtectionPlan;

  constructor(scope: Construct, id: string, props: DocumentsProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 's3-documents/',
      cors: [
        {
          allowedOrigins: [props.webOrigin],
          allowedMethods: [s3.HttpMethods.POST],
          allowedHeaders: ['*'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        {
          id: 'unattached-uploads',
          prefix: UPLOAD_OBJECTS,
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: 'old-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentDays ?? 30),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: config.removalPolicy,
    });

    // The role GuardDuty assumes to scan and tag: the policy AWS documents for Malware Protection for S3,
    // with object access narrowed to documents/ (the only prefix scanned).
    const ruleArn = stack.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*',
    });
    const managedBy = {
      StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' },
    };
    this.scanRole = new iam.Role(this, 'ScanRole', {
      assumedBy: new iam.ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'GuardDuty Malware Protection for S3: scans new documents and tags them with the verdict',
      inlinePolicies: {
        scan: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'ManagedRuleForS3Events',
              actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
              resources: [ruleArn],
              conditions: managedBy,
            }),
            new iam.PolicyStatement({
              sid: 'WatchManagedRule',
              actions: ['events:DescribeRule', 'events:ListTargetsByRule'],
              resources: [ruleArn],
            }),
            new iam.PolicyStatement({
              sid: 'BucketEventsToEventBridge',
              actions: ['s3:PutBucketNotification', 's3:GetBucketNotification', 's3:ListBucket'],
              resources: [this.bucket.bucketArn],
            }),
            new iam.PolicyStatement({
              sid: 'ScanAndTagDocuments',
              actions: [
                's3:GetObject',
                's3:GetObjectVersion',
                's3:GetObjectTagging',
                's3:GetObjectVersionTagging',
                's3:PutObjectTagging',
                's3:PutObjectVersionTagging',
              ],
              resources: [this.bucket.arnForObjects(`${DOCUMENT_OBJECTS}*`)],
            }),
            new iam.PolicyStatement({
              sid: 'ValidationObject',
              actions: ['s3:PutObject'],
              resources: [this.bucket.arnForObjects(VALIDATION_OBJECT)],
            }),
          ],
        }),
      },
    });

    this.plan = new guardduty.CfnMalwareProtectionPlan(this, 'MalwareProtection', {
      role: this.scanRole.roleArn,
      protectedResource: {
        s3Bucket: { bucketName: this.bucket.bucketName, objectPrefixes: [DOCUMENT_OBJECTS] },
      },
      actions: { tagging: { status: 'ENABLED' } },
    });
    // GuardDuty validates its role when the plan is created: the policy must exist first.
    this.plan.node.addDependency(this.scanRole);

    new CfnOutput(this, 'BucketName', {
      value: this.bucket.bucketName,
      description: 'The documents bucket (DOCUMENTS_BUCKET of the API)',
    });

    const bucketId = stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(this.scanRole).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::arn:${shown(stack.partition, 'AWS::Partition')}:events:${shown(stack.region, 'AWS::Region')}:${shown(stack.account, 'AWS::AccountId')}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]`,
        reason:
          'GuardDuty names the EventBridge rule it manages with this prefix and a suffix of its own; the actions are limited to rules it manages (events:ManagedBy).',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/documents/*]`,
        reason:
          'GuardDuty reads and tags every new document under documents/, whose keys are random document ids: no other prefix, no delete.',
      },
    );
  }

  /**
   * What the API's role needs, and nothing more: sign the upload form (PutObject on uploads/), copy an
   * attached upload to documents/ (GetObject there, PutObject here), inspect and hash it (GetObject), read
   * GuardDuty's verdict (GetObjectTagging), sign download links (GetObject), delete what is refused or
   * expired (DeleteObject). ListBucket only so that a missing object is a 404 and not a 403.
   */
  grantApi(role: iam.IRole & IConstruct): void {
    const uploads = this.bucket.arnForObjects(`${UPLOAD_OBJECTS}*`);
    const documents = this.bucket.arnForObjects(`${DOCUMENT_OBJECTS}*`);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DocumentObjects',
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: [uploads, documents],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DocumentScanVerdict',
        actions: ['s3:GetObjectTagging'],
        resources: [documents],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DocumentMissingIs404',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(role).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/uploads/*]`,
        reason:
          'Each upload is its own object under uploads/, named by a random id the API makes when it signs the form.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/documents/*]`,
        reason:
          'Each attached document is its own object under documents/, named by its random id: read, copy in, tag read and delete only.',
      },
    );
  }

  /**
   * What the daily job needs to sweep uploads never attached (files/service.ts sweepExpiredUploads): delete
   * their objects under uploads/ and documents/ (a copy an attach checked but could not commit), and delete
   * their items, which are the only items whose key begins with `DOC#` (DeleteItem is granted nowhere else,
   * and the sweep's delete is conditional on the item still being an unattached upload).
   */
  grantSweep(role: iam.IRole & IConstruct, table: { readonly tableArn: string }): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SweepUnattachedObjects',
        actions: ['s3:DeleteObject'],
        resources: [
          this.bucket.arnForObjects(`${UPLOAD_OBJECTS}*`),
          this.bucket.arnForObjects(`${DOCUMENT_OBJECTS}*`),
        ],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SweepUnattachedItems',
        actions: ['dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DOC#*'] } },
      }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(role).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/uploads/*]`,
        reason:
          'The sweep deletes uploads never attached, each its own object under uploads/ named by a random id.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/documents/*]`,
        reason:
          'The sweep deletes the copy under documents/ of an upload never attached, named by its random id.',
      },
    );
  }
}
