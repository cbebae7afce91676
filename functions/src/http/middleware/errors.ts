/** The end of every request that did not succeed: a 404 for an unknown address, problem+json for any error. */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { ApiError, type LogSink, problemResponse } from '../problem.ts';

export const notFoundError = () =>
  new ApiError(404, 'not-found', 'Not found.', 'There is nothing at this address.');

export const notFound: NotFoundHandler = () => {
  throw notFoundError();
};

export const onError =
  (log: LogSink): ErrorHandler =>
  (err: unknown, c: Context) =>
    problemResponse(c, err, log);
