/** The request and response headers of optimistic concurrency and safe retries. */
import { badRequest } from './problem.ts';

/** The Idempotency-Key header, if any (1–200 printable characters). */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw badRequest('The Idempotency-Key header must be 1 to 200 printable characters.', [
      { path: 'Idempotency-Key', message: 'Invalid.', code: 'invalid_format', format: 'idempotency_key' },
    ]);
  }
  return header;
}

/** The ETag of a record's version; If-Match sends it back. */
export const etag = (version: number) => `"${version}"`;
