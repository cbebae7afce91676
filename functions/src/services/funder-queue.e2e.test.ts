import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '#test/support/harness';
import { putItem } from '#test/support/raw-table';

describe('a funder’s queue of reports', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys.close();
  });

  const reportsToCheck = async () => {
    const funder = await sys.as('funder@sfax.demo');
    const queue = await funder.get('/v1/queue');
    expect(queue.status).toBe(200);
    return queue.body.items
      .filter((i: { reason: string }) => i.reason === 'review_report')
      .map((i: { record: { id: string } }) => i.record.id)
      .sort();
  };

  it('keeps every submitted report in view however long the funder’s history', async () => {
    // Prepare: the reports waiting now, then years of older milestones behind the funder
    const before = await reportsToCheck();
    expect(before.length).toBeGreaterThan(0);
    for (let i = 0; i < 250; i++) {
      await putItem(sys.deps.store, {
        PK: 'ORG#fondation-sud',
        SK: `FUNDS#MS#2001-01-${String((i % 28) + 1).padStart(2, '0')}#old-${i}`,
        entity: 'funds',
        milestoneId: `old-${i}`,
        state: 'accepted',
      });
    }
    // Act
    const after = await reportsToCheck();
    // Assess
    expect(after).toEqual(before);
  });

  it('takes a report off the queue once the funder has accepted it', async () => {
    // Prepare
    const [first] = await reportsToCheck();
    const funder = await sys.as('funder@sfax.demo');
    // Act
    const accepted = await funder.event(`/v1/milestones/${first}`, { type: 'accept' });
    // Assess
    expect(accepted.status).toBe(200);
    expect(await reportsToCheck()).not.toContain(first);
    const listed = await funder.get('/v1/milestones?state=accepted&limit=100');
    expect(listed.body.items.map((m: { id: string }) => m.id)).toContain(first);
  });
});
