import { createHash } from 'node:crypto';
import { canRead, rolesOn } from '#domain/access';
import { ForbiddenError, NotFoundError } from '#domain/errors';
import type { Actor, AuditEntry, EntityType, Organisation, Role } from '#domain/types';
import type { ActingRole } from '#domain/workflow';
import type { AuditDraft } from '#store/audit';
import { canonicalJson } from '#store/audit';
import { VersionConflictError } from '#store/errors';
import type { RecordType } from '#store/keys';
import { IdempotencyRaceError, type Stored } from '#store/store';
import type { Deps } from './deps.ts';

/** A stale If-Match: the client's copy is older than the record. → 412 */
export class PreconditionFailedError extends Error {
  constructor() {
    super('The record has changed since you loaded it. Reload it and try again.');
    this.name = 'PreconditionFailedError';
  }
}

/** An Idempotency-Key reused for a different request. → 422 */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('This Idempotency-Key was already used for a different request.');
    this.name = 'IdempotencyKeyReusedError';
  }
}

export interface Access<T> extends Stored<T> {
  readonly roles: ActingRole[];
}

type Readable = {
  cityId: string;
  organisationId: string;
  funderIds?: readonly string[] | undefined;
  version: number;
};

/** Loads a record the actor may see; a record of another city or organisation is a plain 404. */
export async function loadReadable<T extends Readable>(
  deps: Deps,
  type: RecordType,
  id: string,
  actor: Actor,
): Promise<Access<T>> {
  const stored = await deps.store.getRecord<T>(type, id);
  if (!stored || !canRead(actor, stored.record)) throw new NotFoundError(type, id);
  return { ...stored, roles: rolesOn(actor, stored.record).filter((r): r is Role => r !== 'admin') };
}

/**
 * The organisation a CSO member acts for. The token's claims are not enough: the organisation must exist
 * and be a CSO of the token's city, or a token naming a funder or an invented organisation could apply.
 */
export async function csoOfActor(deps: Deps, actor: Actor): Promise<Organisation> {
  const org =
    actor.roles.includes('cso') && actor.organisationId
      ? await deps.store.getOrganisation(actor.organisationId)
      : undefined;
  if (org?.kind !== 'cso' || org.cityId !== actor.cityId) {
    throw new ForbiddenError('Only a member of a civil-society organisation of this city can do this.');
  }
  return org;
}

/** A record's audit trail, oldest first, for whoever may read the record; one Query. */
export async function auditTrail(
  deps: Deps,
  type: RecordType,
  id: string,
  actor: Actor,
): Promise<AuditEntry[]> {
  const { record, entries } = await deps.store.recordWithAudit<Readable>(type, id);
  if (!record || !canRead(actor, record) || entries.length === 0) throw new NotFoundError(type, id);
  return entries;
}

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

export function auditDraft(
  entityType: EntityType,
  entityId: string,
  event: string,
  from: string | null,
  to: string,
  actor: Actor,
  role: ActingRole,
  at: string,
  extra: { comment?: string | undefined; conflictDeclared?: boolean; data?: Record<string, unknown> } = {},
): AuditDraft {
  return {
    entityType,
    entityId,
    event,
    from,
    to,
    actorId: actor.userId,
    role,
    at,
    ...(extra.comment ? { comment: extra.comment } : {}),
    ...(extra.conflictDeclared ? { conflictDeclared: true } : {}),
    ...(extra.data ? { data: extra.data } : {}),
  };
}

export interface IdempotencyInput {
  readonly key: string;
  readonly request: unknown;
}

export interface Created<V> {
  readonly status: number;
  readonly body: V;
  readonly replayed: boolean;
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * Creates once per Idempotency-Key: a retry returns the first response. The key's record is written in the
 * same transaction as the creation, so two retries at the same moment still create one record.
 */
export async function idempotentCreate<V>(
  deps: Deps,
  actor: Actor,
  idem: IdempotencyInput | undefined,
  create: (claim?: {
    userId: string;
    key: string;
    requestHash: string;
    status: number;
    expiresAt: number;
    claimedAt: number;
  }) => Promise<V>,
): Promise<Created<V>> {
  if (!idem) return { status: 201, body: await create(), replayed: false };
  const requestHash = createHash('sha256').update(canonicalJson(idem.request)).digest('hex');
  const claimedAt = Math.floor(deps.clock().getTime() / 1000);
  const replay = async (): Promise<Created<V> | undefined> => {
    const found = await deps.store.getIdempotency(actor.userId, idem.key);
    // DynamoDB's TTL deletes an expired record lazily (up to days late): past its expiry it is gone.
    if (!found || found.expiresAt <= claimedAt) return undefined;
    if (found.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    return { status: found.status, body: found.body as V, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  const expiresAt = claimedAt + IDEMPOTENCY_TTL_SECONDS;
  try {
    const body = await create({
      userId: actor.userId,
      key: idem.key,
      requestHash,
      status: 201,
      expiresAt,
      claimedAt,
    });
    return { status: 201, body, replayed: false };
  } catch (e) {
    if (!(e instanceof IdempotencyRaceError)) throw e;
    const winner = await replay();
    if (!winner) throw e;
    return winner;
  }
}

export type { AuditEntry };
