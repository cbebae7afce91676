/** Optimistic concurrency as the client sees it: If-Match against a record's version. */
import { VersionConflictError } from '#store/errors';
import { PreconditionFailedError } from './errors.ts';

/** `If-Match: "3"` (or W/"3", or *): the version the client last saw. */
export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const versions = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/"/g, ''));
  if (!versions.includes(String(version))) throw new PreconditionFailedError();
}

/** Maps a lost version race to 412 when the client sent If-Match, else to 409. */
export async function withVersionRace<T>(ifMatch: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof VersionConflictError && ifMatch !== undefined) throw new PreconditionFailedError();
    throw e;
  }
}
