/**
 * Lambda entry of the audit anchors: DynamoDB Streams (the table's new audit entries, filtered by the event
 * source) → one object per entry in the Object Lock bucket ANCHOR_BUCKET. A failed batch is retried by
 * Lambda (and split in two, see infra/constructs/anchors.ts); writing the same anchor twice is harmless.
 * Configuration (validated at cold start, see #runtime/config): ANCHOR_BUCKET, AWS_REGION, LOG_LEVEL.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { anchorSchema, parseConfig } from '#runtime/config';
import { anchorsOf } from '../anchor/anchor.ts';
import { S3AnchorSink, s3ClientFromEnv } from '../anchor/s3-sink.ts';

export function createAnchorHandler(env: NodeJS.ProcessEnv = process.env) {
  const config = parseConfig('anchor', anchorSchema, env);
  const sink = new S3AnchorSink(s3ClientFromEnv(env), config.ANCHOR_BUCKET);
  return async (event: DynamoDBStreamEvent): Promise<{ anchored: number }> => {
    const anchors = anchorsOf(event.Records);
    await sink.write(anchors);
    return { anchored: anchors.length };
  };
}

let cached: ReturnType<typeof createAnchorHandler> | undefined;

export const handler = (event: DynamoDBStreamEvent) => {
  cached ??= createAnchorHandler();
  return cached(event);
};
