import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { stderrSink } from './problem.ts';

/**
 * Sends text chunks as they come: the stream pulls the next chunk only when the client has taken the
 * last one, so at most a page of output is held at a time.
 */
export function streamBody(
  c: Context,
  chunks: AsyncIterable<string>,
  contentType: string,
  filename?: string,
): Response {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (err) {
        // The status is already sent: log, and cut the response short so the client sees it is incomplete.
        stderrSink({
          level: 'error',
          msg: 'stream failed',
          requestId: c.get('requestId'),
          route: c.req.routePath,
          error: err instanceof Error ? err.name : typeof err,
        });
        controller.error(err);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  c.header('Content-Type', contentType);
  if (filename) c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(body, 200);
}

/**
 * Streams the JSON text of a `T` (the chunks, joined, are that JSON): typed as the route's JSON answer,
 * which the typed client then reads like any other.
 */
export function streamJson<T>(
  c: Context,
  chunks: AsyncIterable<string>,
  filename?: string,
): Response & TypedResponse<JSONParsed<T>, 200, 'json'> {
  return streamBody(c, chunks, 'application/json; charset=utf-8', filename) as Response &
    TypedResponse<JSONParsed<T>, 200, 'json'>;
}
