import { type DynamoClient, ResourceNotFoundException } from './dynamo-client.ts';
import { INDEXES, PRIMARY_KEY } from './table.ts';

/** Creates the table and its indexes when missing (local runs and tests; in AWS the CDK stack owns it). */
export async function ensureTable(db: DynamoClient, tableName: string): Promise<void> {
  try {
    await db.send('DescribeTable', { TableName: tableName });
    return;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  const attributes = new Set<string>([PRIMARY_KEY.partitionKey, PRIMARY_KEY.sortKey]);
  for (const i of INDEXES) {
    attributes.add(i.partitionKey);
    attributes.add(i.sortKey);
  }
  try {
    await db.send('CreateTable', {
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: PRIMARY_KEY.partitionKey, KeyType: 'HASH' },
        { AttributeName: PRIMARY_KEY.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: INDEXES.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  } catch (e) {
    // Another process created it meanwhile: that is what we wanted.
    if ((e as { name?: string }).name !== 'ResourceInUseException') throw e;
  }
}
