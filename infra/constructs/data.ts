import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { INDEXES, PRIMARY_KEY, TABLE_NAME_DEFAULT, TTL_ATTRIBUTE } from '../../functions/src/store/table.ts';
import type { StageConfig } from '../config.ts';

/** The item-level DynamoDB actions a function may be granted. Scan and DeleteItem are never granted. */
export type ItemAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'BatchGetItem' | 'ConditionCheckItem';

/**
 * The one DynamoDB table of Passerelle, defined from `functions/src/store/table.ts` so that the table in
 * AWS cannot drift from the code: on demand, point-in-time recovery, deletion protection, retained when
 * the stack is deleted, TTL on the idempotency records, encrypted with the AWS-managed KMS key.
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const attr = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

    this.table = new dynamodb.Table(this, 'Table', {
      tableName: `${TABLE_NAME_DEFAULT}-${props.config.stage}`,
      partitionKey: attr(PRIMARY_KEY.partitionKey),
      sortKey: attr(PRIMARY_KEY.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // New audit entries go to the anchors (Anchors) from here.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
    for (const index of INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attr(index.partitionKey),
        sortKey: attr(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /**
   * Least privilege for one function: the given item actions on the table, and Query on the table and
   * on each of its indexes by name (no wildcard). TransactWriteItems needs no action of its own: IAM
   * checks each of its parts (PutItem, UpdateItem, ConditionCheckItem).
   */
  grant(role: iam.IRole, itemActions: readonly ItemAction[]): void {
    const { tableArn } = this.table;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'TableItems',
        actions: itemActions.map((action) => `dynamodb:${action}`),
        resources: [tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'TableAndIndexQuery',
        actions: ['dynamodb:Query'],
        resources: [tableArn, ...INDEXES.map((index) => `${tableArn}/index/${index.name}`)],
      }),
    );
  }
}
