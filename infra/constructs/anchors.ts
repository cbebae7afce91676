import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import type { Data } from './data.ts';
import { lambdaFunction } from './functions.ts';

/** Where the anchor objects go (functions/src/anchor/s3-sink.ts ANCHOR_PREFIX). */
export const ANCHOR_OBJECTS = 'anchors/*';

export interface AnchorsProps {
  readonly config: StageConfig;
  readonly data: Data;
  readonly logBucket: s3.IBucket;
}

/**
 * The audit chains anchored outside the table: DynamoDB Streams → the `anchor` function → one object per new
 * audit entry in a bucket with Object Lock in compliance mode, which nobody (not even the account's root)
 * can shorten or delete before the retention ends. The anchor function may only put objects; no other
 * role of the stack may write there, and the bucket policy refuses writes from any other principal.
 */
export class Anchors extends Construct {
  readonly bucket: s3.Bucket;
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: AnchorsProps) {
    super(scope, id);
    const { config } = props;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(
        Duration.days(config.anchorRetentionDays),
      ),
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 's3-anchors/',
      // Locked objects outlive the stack whatever the stage: the bucket is never deleted with it.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.function = lambdaFunction(
      this,
      { config, data: props.data, environment: { ANCHOR_BUCKET: this.bucket.bucketName } },
      {
        name: 'anchor',
        file: 'anchor.ts',
        description:
          'Passerelle audit anchors: each new audit entry hash, from the table stream to the Object Lock bucket',
        memorySize: 256,
        timeout: Duration.seconds(30),
        tableActions: [],
      },
    );
    // Put only: no delete, no overwrite of retention, no read of anything else.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PutAnchors',
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(ANCHOR_OBJECTS)],
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheAnchorFunctionWrites',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject', 's3:PutObjectRetention', 's3:PutObjectLegalHold'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.function.role?.roleArn ?? '' } },
      }),
    );

    const table: dynamodb.ITable = props.data.table;
    this.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        // A stream keeps 24 h: retry for as long, so an S3 outage delays anchors but loses none.
        retryAttempts: -1,
        maxRecordAge: Duration.hours(24),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('audit') } } },
          }),
        ],
      }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(this.function.role ?? this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'dynamodb:ListStreams, which the DynamoDB event source needs, has no resource-level permission; the stream itself is named.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/anchors/*]`,
        reason:
          'One object per audit entry under anchors/, whose keys are made of record, seq and hash: PutObject only, no read, no delete.',
      },
    );
  }
}
