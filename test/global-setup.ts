/**
 * Starts one DynamoDB Local (in memory) for the whole end-to-end run and stops it afterwards,
 * so that no Java process outlives the tests. Each test file uses its own table.
 */
import type { TestProject } from 'vitest/node';
import { type LocalDynamo, startLocalDynamo } from '#store/local-dynamo';

let dynamo: LocalDynamo | undefined;

export default async function setup(project: TestProject) {
  const given = process.env.DYNAMODB_ENDPOINT;
  if (given) {
    project.provide('dynamoEndpoint', given);
    return;
  }
  dynamo = await startLocalDynamo();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo?.stop();
  };
}
