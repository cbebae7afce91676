import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import type { AuditDraft } from './audit.ts';
import { TransactionTooLargeError } from './errors.ts';
import { Store } from './store.ts';
import { buildTransaction, MAX_TRANSACTION_ITEMS, type Write } from './transaction.ts';

const audit = {
  entityType: 'milestone',
  entityId: 'm',
  event: 'create',
  from: null,
  to: 'planned',
  actorId: 'u',
  actorRoles: ['cso_member'],
  at: '2027-01-01T00:00:00.000Z',
} as unknown as AuditDraft;

/** A created milestone: its record and its first audit entry, two items. */
const created = (i: number): Write => ({
  kind: 'create',
  type: 'milestone',
  record: {
    id: `m${i}`,
    version: 1,
    cityId: 'sfax',
    organisationId: 'o',
    state: 'planned',
    createdAt: '2027-01-01T00:00:00.000Z',
    dueDate: '2027-06-01',
    parentType: 'grant',
    parentId: 'g',
  } as unknown as Extract<Write, { kind: 'create' }>['record'],
  audit: { ...audit, entityId: `m${i}` },
});

describe('a transaction of the store', () => {
  it('composes each write of its kind into one list of items', () => {
    // Act
    const built = buildTransaction('t', [
      created(1),
      {
        kind: 'fundsMilestone',
        funderId: 'f',
        milestone: { ...(created(2) as Extract<Write, { kind: 'create' }>).record, dueDate: '2027-06-01' },
      },
    ]);
    // Assess
    expect(built.parts.map((p) => p.owner)).toEqual([
      { type: 'milestone', id: 'm1' },
      { type: 'milestone', id: 'm1' },
      { type: 'funds', id: 'm2' },
    ]);
    expect(built.entries).toHaveLength(1);
  });

  it('refuses more than 100 items with a clear error of its own, and sends nothing', async () => {
    // Prepare: 50 milestones are 100 items; with the Idempotency-Key's claim, 101
    const send = vi.fn();
    const store = new Store({ send } as unknown as DynamoDBDocumentClient, 't');
    const writes = Array.from({ length: MAX_TRANSACTION_ITEMS / 2 }, (_, i) => created(i));
    const claim = {
      userId: 'u',
      key: 'k',
      requestHash: 'h',
      status: 201,
      body: {},
      expiresAt: 2,
      claimedAt: 1,
    };
    // Act
    const refused = store.commit(writes, claim);
    // Assess
    await expect(refused).rejects.toBeInstanceOf(TransactionTooLargeError);
    await expect(refused).rejects.toMatchObject({ items: 101, limit: 100 });
    expect(send).not.toHaveBeenCalled();
    expect(() => buildTransaction('t', writes)).not.toThrow();
  });
});
