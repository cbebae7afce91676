/**
 * The local anchor writer: polls the table's stream on DynamoDB Local (the store's table-stream.ts) and
 * hands each new audit entry to the sink — the same path as deployed, where Lambda polls the stream.
 */
import { pollTableStream, type StreamPolling } from '#store/table-stream';
import { type AnchorSink, anchorsOf } from './anchor.ts';

export type StreamAnchoring = StreamPolling;

/** Starts anchoring; the sink skips what it already holds, so a restart anchors nothing twice. */
export async function startStreamAnchoring(opts: {
  endpoint: string;
  tableName: string;
  sink: AnchorSink;
  intervalMs?: number;
}): Promise<StreamAnchoring> {
  return pollTableStream({
    endpoint: opts.endpoint,
    tableName: opts.tableName,
    intervalMs: opts.intervalMs,
    onRecords: (records) => opts.sink.write(anchorsOf(records)),
  });
}
