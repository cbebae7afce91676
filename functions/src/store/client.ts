import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  /** A local or custom endpoint (DynamoDB Local); unset in AWS. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  /** Attempts per call, with the SDK's exponential backoff and full jitter for throttling. */
  readonly maxAttempts?: number;
}

export function createDocumentClient(options: ClientOptions = {}): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined;
  const client = new DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region ?? process.env.AWS_REGION ?? 'eu-west-1',
    maxAttempts: options.maxAttempts ?? 4,
    retryMode: 'adaptive',
    // DynamoDB Local accepts any credentials; in AWS the Lambda role's are used.
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
