/**
 * Reads that return what they say: a page holds `limit` items unless it is the last, a cursor always
 * leads to more, walking the pages gives every matching record once; and a BatchGet that DynamoDB leaves
 * partly unprocessed after the retries is a 503, never a shorter answer.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Grant } from '#domain/grant';
import type { Actor } from '#domain/types';
import { listGrants } from '#services/grants';
import { createDocumentClient } from '#store/client';
import type { DynamoClient } from '#store/dynamo-client';
import { StoreUnavailableError } from '#store/errors';
import { fundsGrantSk } from '#store/funder-links';
import { RECORD_SK } from '#store/keys';
import { orgPk } from '#store/organisations';
import { recordIndexKeys, recordPk } from '#store/records';
import { type Page, Store } from '#store/store';
import { startTestSystem, type TestSystem } from '#test/support/harness';
import { putItem } from '#test/support/raw-table';

/** Every page of a list, from the first to the one without a cursor. */
async function walk<T>(read: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
    expect(pages.length).toBeLessThan(200);
  } while (cursor);
  return pages;
}

/** Each page but the last holds exactly `limit` items; the last holds at least one unless all are empty. */
function expectFullPages<T>(pages: T[][], limit: number) {
  for (const p of pages.slice(0, -1)) expect(p).toHaveLength(limit);
  const last = pages.at(-1) ?? [];
  expect(last.length).toBeLessThanOrEqual(limit);
  if (pages.length > 1) expect(last.length).toBeGreaterThan(0);
}

/** Leaves every key of every BatchGetItem unprocessed, as DynamoDB does under sustained pressure. */
function leaveKeysUnprocessed(db: DynamoClient, table: string) {
  let calls = 0;
  db.aroundCall(async (_call, next) => {
    const output: {
      Responses?: Record<string, Record<string, unknown>[]>;
      UnprocessedKeys?: Record<string, { Keys: Record<string, unknown>[] }>;
    } = await next();
    const got = output.Responses?.[table];
    if (got && got.length > 0) {
      calls++;
      output.Responses = { [table]: [] };
      output.UnprocessedKeys = { [table]: { Keys: got.map((i) => ({ PK: i.PK, SK: i.SK })) } };
    }
    return output;
  });
  return () => calls;
}

describe('reads that return what they say', () => {
  let sys: TestSystem;
  let store: Store;
  let template: Grant;
  beforeAll(async () => {
    sys = await startTestSystem();
    store = sys.deps.store;
    const sfax = await store.getCity('sfax');
    if (!sfax) throw new Error('no demo city');
    await store.putCity({ ...sfax, id: 'pagetown', name: 'Pagetown' });
    await store.putCity({ ...sfax, id: 'tracktown', name: 'Tracktown' });
    const any = await store.listByCity<Grant>('grant', 'sfax', { limit: 1 });
    template = any.items[0] as Grant;
  });
  afterAll(async () => {
    await sys?.close();
  });

  /** Writes a grant straight into the table with its index keys (as the store's commit does). */
  const putGrant = async (g: Partial<Grant> & { id: string }) => {
    const record = { ...template, cityId: 'pagetown', ...g } as Grant;
    await putItem(store, {
      ...record,
      PK: recordPk('grant', record.id),
      SK: RECORD_SK,
      entity: 'grant',
      auditHash: 'x',
      ...recordIndexKeys('grant', record as unknown as Grant & Record<string, unknown>),
    });
    return record;
  };

  it('an organisation’s grants in one state come in full pages though other states are interleaved', async () => {
    // Prepare: 23 grants of one organisation, only every third one submitted
    const expected: string[] = [];
    for (let i = 0; i < 23; i++) {
      const id = `g-org-${String(i).padStart(3, '0')}`;
      const state = i % 3 === 0 ? 'submitted' : 'draft';
      await putGrant({
        id,
        organisationId: 'org-pages',
        state,
        createdAt: `2027-01-01T00:00:${String(i).padStart(2, '0')}Z`,
      } as never);
      if (state === 'submitted') expected.push(id);
    }
    // Act
    const pages = await walk((cursor) =>
      store.listByOrganisation<Grant>('grant', 'org-pages', { state: 'submitted', limit: 3, cursor }),
    );
    // Assess
    expectFullPages(pages, 3);
    const ids = pages.flat().map((g) => g.id);
    expect(ids).toEqual(expected);
  });

  it('a funder’s grants in one state come in full pages, each grant once', async () => {
    // Prepare: 20 funded grants, every fourth one active
    const expected: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = `g-fund-${String(i).padStart(3, '0')}`;
      const createdAt = `2027-02-01T00:00:${String(i).padStart(2, '0')}Z`;
      const state = i % 4 === 1 ? 'active' : 'rejected';
      await putGrant({ id, organisationId: 'org-x', state, createdAt } as never);
      await putItem(store, {
        PK: orgPk('funder-pages'),
        SK: fundsGrantSk(createdAt, id),
        entity: 'funds',
        grantId: id,
      });
      if (state === 'active') expected.push(id);
    }
    // Act
    const pages = await walk((cursor) =>
      store.listFunderGrants<Grant>('funder-pages', { state: 'active', limit: 2, cursor }),
    );
    // Assess
    expectFullPages(pages, 2);
    expect(pages.flat().map((g) => g.id)).toEqual(expected);
  });

  it('the city’s grants of one track come in full pages, each grant once', async () => {
    // Prepare: 17 grants of the city, every third one fast-track
    const expected = new Set<string>();
    for (let i = 0; i < 17; i++) {
      const id = `g-track-${String(i).padStart(3, '0')}`;
      const track = i % 3 === 2 ? 'fast' : 'standard';
      await putGrant({
        id,
        cityId: 'tracktown',
        organisationId: 'org-y',
        state: 'submitted',
        track,
        createdAt: `2027-03-01T00:00:${String(i).padStart(2, '0')}Z`,
      } as never);
      if (track === 'fast') expected.add(id);
    }
    const officer: Actor = { userId: 'u-officer-tracktown', cityId: 'tracktown', roles: ['city_officer'] };
    // Act
    const pages = await walk((cursor) => listGrants(sys.deps, officer, { track: 'fast', limit: 2, cursor }));
    // Assess
    expectFullPages(pages, 2);
    const ids = pages.flat().map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(expected);
  });

  it('a BatchGet that stays partly unprocessed after the retries is “store unavailable”, not a short list', async () => {
    // Prepare: three grants, and a client on which DynamoDB processes only one key per BatchGetItem
    const ids = ['g-batch-1', 'g-batch-2', 'g-batch-3'];
    for (const id of ids) await putGrant({ id, organisationId: 'org-z', state: 'submitted' } as never);
    const db = createDocumentClient({ endpoint: inject('dynamoEndpoint') });
    const calls = leaveKeysUnprocessed(db, store.tableName);
    const faulty = new Store(db, store.tableName);
    // Act
    const read = faulty.getRecords<Grant>('grant', ids, 'strong');
    // Assess: the read fails as the store being unavailable (→ 503), after retrying
    await expect(read).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(calls()).toBeGreaterThan(1);
    db.destroy();
  });
});
