/**
 * The work queue is a list like any other: `{ items, nextCursor }`, most urgent first across the states it
 * reads, in full pages, losing nothing however much is waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '#domain/grant';
import type { Partnership } from '#domain/partnership';
import { RECORD_SK, type RecordType } from '#store/keys';
import { recordIndexKeys, recordPk } from '#store/records';
import { type Client, startTestSystem, type TestSystem } from '#test/support/harness';
import { putItem } from '#test/support/raw-table';

interface Item {
  kind: string;
  reason: string;
  dueDate?: string;
  record: { id: string };
}

async function walkQueue(client: Client, limit: number): Promise<Item[][]> {
  const pages: Item[][] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: Item[]; nextCursor: string | null } } = await client.get(
      `/v1/queue?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    pages.push(res.body.items);
    cursor = res.body.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor);
  return pages;
}

describe('the work queue in pages', () => {
  let sys: TestSystem;
  let grant: Grant;
  let partnership: Partnership;
  beforeAll(async () => {
    sys = await startTestSystem();
    const sfax = await sys.deps.store.getCity('sfax');
    if (!sfax) throw new Error('no demo city');
    await sys.deps.store.putCity({ ...sfax, id: 'queuetown', name: 'Queuetown' });
    grant = (await sys.deps.store.listByCity<Grant>('grant', 'sfax', { limit: 1 })).items[0] as Grant;
    partnership = (await sys.deps.store.listByCity<Partnership>('partnership', 'sfax', { limit: 1 }))
      .items[0] as Partnership;
  });
  afterAll(async () => {
    await sys?.close();
  });

  const put = async (type: RecordType, record: Record<string, unknown> & { id: string }) => {
    await putItem(sys.deps.store, {
      ...record,
      PK: recordPk(type, record.id),
      SK: RECORD_SK,
      entity: type,
      auditHash: 'x',
      ...recordIndexKeys(type, record as never),
    });
  };
  const day = (i: number) =>
    `2027-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;

  it('the mayor’s office sees every decision waiting, more than a hundred, by deadline, in full pages', async () => {
    // Prepare: 130 grants recommended for decision, and partnerships in review with and without diligence
    const grants = new Set<string>();
    for (let i = 0; i < 130; i++) {
      const id = `q-rec-${String(i).padStart(3, '0')}`;
      await put('grant', {
        ...grant,
        id,
        cityId: 'queuetown',
        state: 'recommended',
        decisionDueAt: day(i * 7),
      });
      grants.add(id);
    }
    const decided = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const id = `q-part-${i}`;
      const {
        dueDiligence: _,
        diligencePassed: __,
        ...bare
      } = partnership as Partnership & {
        dueDiligence?: unknown;
      };
      await put('partnership', {
        ...bare,
        id,
        cityId: 'queuetown',
        state: 'in_review',
        // Every other one has passed its due diligence: only those reach the mayor's office.
        ...(i % 2 === 0
          ? {
              dueDiligence: (partnership as { dueDiligence?: unknown }).dueDiligence ?? { done: true },
              diligencePassed: true,
            }
          : {}),
      });
      if (i % 2 === 0) decided.add(id);
    }
    const mayor = await sys.asUser({
      id: 'u-mayor-queuetown',
      email: 'mayor@queuetown.test',
      name: 'Mayor of Queuetown',
      cityId: 'queuetown',
      roles: ['mayor_office'],
      language: 'en',
    });
    // Act
    const pages = await walkQueue(mayor, 25);
    // Assess: full pages, everything once, dated decisions by deadline, then the partnerships
    for (const p of pages.slice(0, -1)) expect(p).toHaveLength(25);
    const items = pages.flat();
    const ids = items.map((i) => i.record.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set([...grants, ...decided]));
    const dates = items.filter((i) => i.kind === 'grant').map((i) => i.dueDate ?? '');
    expect(dates).toEqual([...dates].sort());
    expect(items.slice(-3).map((i) => i.kind)).toEqual(['partnership', 'partnership', 'partnership']);
  });

  it('an officer sees submitted and in-review grants merged by deadline across pages, each once', async () => {
    // Prepare: 210 grants (105 in each state), submitted and in review interleaved by deadline, in another city
    const sfax = await sys.deps.store.getCity('sfax');
    if (!sfax) throw new Error('no demo city');
    await sys.deps.store.putCity({ ...sfax, id: 'mergetown', name: 'Mergetown' });
    const expected = new Set<string>();
    for (let i = 0; i < 210; i++) {
      const id = `q-off-${String(i).padStart(3, '0')}`;
      const state = i % 2 === 0 ? 'submitted' : 'in_review';
      await put('grant', { ...grant, id, cityId: 'mergetown', state, decisionDueAt: day(i * 5) });
      expected.add(id);
    }
    const officer = await sys.asUser({
      id: 'u-officer-mergetown',
      email: 'officer@mergetown.test',
      name: 'Officer of Mergetown',
      cityId: 'mergetown',
      roles: ['city_officer'],
      language: 'en',
    });
    // Act
    const pages = await walkQueue(officer, 30);
    // Assess
    for (const p of pages.slice(0, -1)) expect(p).toHaveLength(30);
    const items = pages.flat();
    const ids = items.map((i) => i.record.id);
    expect(ids).toHaveLength(210);
    expect(new Set(ids)).toEqual(expected);
    const dates = items.map((i) => i.dueDate ?? '');
    expect(dates).toEqual([...dates].sort());
  });
});
