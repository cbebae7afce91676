import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  /** A local or custom endpoint (DynamoDB Local); unset in AWS. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  /**
   * Attempts per call (default 3). Between attempts the SDK waits with exponential backoff and full
   * jitter: a random wait between 0 and base × 2^retry, with a longer base (1 s) after throttling.
   * Network errors, timeouts, 5xx and throttling are retried; a failed condition is not. What still
   * fails becomes StoreUnavailableError (→ 503 with Retry-After), so that the client backs off rather
   * than the function holding the request. Mode `standard`, not `adaptive`: the adaptive mode's client-side
   * rate limiter held a throttled call for 16 s in test/e2e/reliability/throttling.test.ts, longer than an
   * API request should wait; that test proves the backoff, the jitter and the bound.
   */
  readonly maxAttempts?: number;
  /** Milliseconds to open a connection (default 2 s) and that a request may sit idle (default 8 s). */
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** An endpoint of AWS itself (e.g. https://dynamodb.eu-west-1.amazonaws.com) uses real credentials. */
const isAwsEndpoint = (endpoint: string) => /\.amazonaws\.com(\.cn)?(:\d+)?\/?$/i.test(endpoint);

export function createDocumentClient(options: ClientOptions = {}): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined && !isAwsEndpoint(options.endpoint);
  const client = new DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region ?? process.env.AWS_REGION ?? 'eu-west-1',
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: 'standard',
    // A store that hangs must not hang the request: time out, retry, then answer 503.
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 2_000,
      requestTimeout: options.requestTimeoutMs ?? 8_000,
    },
    // DynamoDB Local accepts any credentials; in AWS the Lambda role's are used.
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
