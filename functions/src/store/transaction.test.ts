import { describe, expect, it, vi } from 'vitest';
import type { AuditDraft } from './audit.ts';
import { DynamoClient } from './dynamo-client.ts';
import { TransactionTooLargeError } from './errors.ts';
import { Store } from './store.ts';
import { buildTransaction, MAX_TRANSACTION_ITEMS, TALLY_OWNER, type Write } from './transaction.ts';

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
    const send = vi.fn(async () => ({}));
    // a client that answers every call itself: nothing would reach a table
    const db = new DynamoClient({ endpoint: 'http://127.0.0.1:9' });
    db.aroundCall(send);
    const store = new Store(db, 't');
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

  it('writes a grant’s next version as an update that keeps its tally, with the members of its milestones', () => {
    // Prepare: a grant put on hold by its milestone's event, in one transaction
    const grant = {
      id: 'g',
      version: 3,
      cityId: 'sfax',
      organisationId: 'o',
      state: 'active',
      createdAt: '2027-01-01T00:00:00.000Z',
      recommendation: undefined,
    };
    const milestone = {
      id: 'm1',
      version: 2,
      cityId: 'sfax',
      organisationId: 'o',
      state: 'overdue',
      createdAt: '2027-01-01T00:00:00.000Z',
      grantId: 'g',
      dueDate: '2027-04-15',
      late: true,
      kind: 'interim_report',
    };
    const update = (record: typeof grant | typeof milestone): Write => ({
      kind: 'update',
      type: record === grant ? 'grant' : 'milestone',
      record,
      previous: record,
      expectedVersion: record.version - 1,
      prevHash: 'h',
      audit,
    });
    // Act
    const both = buildTransaction('t', [update(milestone), update(grant)]);
    const alone = buildTransaction('t', [update(milestone)]);
    // Assess: the grant is written once, an update on its version that sets the milestone's member
    const grantItem = both.parts.find((p) => p.owner.type === 'grant')?.item.Update;
    expect(both.parts.filter((p) => p.owner.type === 'grant')).toHaveLength(2); // the grant, its audit entry
    expect(grantItem?.ConditionExpression).toBe('#v = :v');
    expect(grantItem?.ExpressionAttributeValues?.[':v']).toBe(2);
    expect(grantItem?.UpdateExpression).toMatch(/ REMOVE #a\d+$/);
    expect(Object.values(grantItem?.ExpressionAttributeNames ?? {})).toEqual(
      expect.arrayContaining(['state', 'recommendation', 'MS#m1']),
    );
    expect(Object.values(grantItem?.ExpressionAttributeValues ?? {})).toContainEqual({
      state: 'overdue',
      dueDate: '2027-04-15',
      late: true,
      kind: 'interim_report',
    });
    // and without the grant's write, the member is an update of its own on the grant
    const own = alone.parts.at(-1);
    expect(own?.owner).toEqual({ type: TALLY_OWNER, id: 'g' });
    expect(own?.item.Update?.UpdateExpression).toBe('SET #t0 = :t0');
    expect(own?.item.Update?.ConditionExpression).toBe('attribute_exists(PK)');
  });

  it('removes from a grant what its version read had and the next one leaves out, as a Put would', () => {
    // Prepare: the version read carries a request for changes; the next one is built without it
    const read = {
      id: 'g',
      version: 3,
      cityId: 'sfax',
      organisationId: 'o',
      state: 'needs_changes',
      createdAt: '2027-01-01T00:00:00.000Z',
      lastRequest: { by: 'u', at: '2027-01-02T00:00:00.000Z', comment: 'Add a quote' },
    };
    const { lastRequest: _dropped, ...rest } = read;
    const next = { ...rest, version: 4, state: 'submitted' };
    // Act
    const built = buildTransaction('t', [
      {
        kind: 'update',
        type: 'grant',
        record: next,
        previous: read,
        expectedVersion: 3,
        prevHash: 'h',
        audit,
      },
    ]);
    // Assess
    const update = built.parts.find((p) => p.owner.type === 'grant')?.item.Update;
    const names = update?.ExpressionAttributeNames ?? {};
    const removed = /REMOVE (.+)$/.exec(update?.UpdateExpression ?? '')?.[1]?.split(', ') ?? [];
    expect(removed.map((n) => names[n])).toEqual(['lastRequest']);
    expect(Object.values(update?.ExpressionAttributeValues ?? {})).toContain('submitted');
  });
});
