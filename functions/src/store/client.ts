/**
 * The one way to the table's client (dynamo-client.ts says why it is ours): the Lambdas, the local
 * server, the tools and the tests make theirs here.
 */
import { type ClientOptions, DynamoClient } from './dynamo-client.ts';

export type { ClientOptions };

export function createDocumentClient(options: ClientOptions = {}): DynamoClient {
  return new DynamoClient(options);
}
