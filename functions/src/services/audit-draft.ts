/** The audit entry a state change writes in the same transaction (the store chains and hashes it). */
import type { Actor, EntityType } from '#domain/types';
import type { ActingRole } from '#domain/workflow';
import type { AuditDraft } from '#store/audit';

export interface AuditDraftInput {
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly event: string;
  /** The state before the event; null when the event creates the record. */
  readonly from: string | null;
  readonly to: string;
  readonly actor: Actor;
  readonly role: ActingRole;
  readonly at: string;
  readonly comment?: string | undefined;
  /** The actor declared no conflict of interest with the record before acting. */
  readonly conflictDeclared?: boolean | undefined;
  readonly data?: Record<string, unknown> | undefined;
}

/** Named fields, because eight strings in a row are too easy to pass in the wrong order. */
export function auditDraft(input: AuditDraftInput): AuditDraft {
  const { entityType, entityId, event, from, to, actor, role, at, comment, conflictDeclared, data } = input;
  return {
    entityType,
    entityId,
    event,
    from,
    to,
    actorId: actor.userId,
    role,
    at,
    ...(comment ? { comment } : {}),
    ...(conflictDeclared ? { conflictDeclared: true } : {}),
    ...(data ? { data } : {}),
  };
}

/** The entry of a milestone scheduled with its grant or partnership; `parent` names which. */
export function scheduledMilestoneDraft(
  milestoneId: string,
  by: { actor: Actor; role: ActingRole; at: string },
  parent: { grantId: string } | { partnershipId: string },
): AuditDraft {
  return auditDraft({
    entityType: 'milestone',
    entityId: milestoneId,
    event: 'schedule',
    from: null,
    to: 'scheduled',
    ...by,
    data: parent,
  });
}
