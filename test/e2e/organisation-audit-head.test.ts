/**
 * A profile edit chains its audit entry after the last one, which the organisation's item keeps (its seq
 * and hash) instead of the edit reading the whole trail. Items written before the head was kept have none:
 * the edit reads the trail then. Either way the chain must recompute (firstBrokenLink, as audit:verify
 * checks a record's) and the answers show no storage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstBrokenLink } from '#store/audit';
import { orgKey } from '#store/organisations';
import { type Client, startTestSystem, type TestSystem } from '../support/harness.ts';
import { getItem } from '../support/raw-table.ts';

describe("an organisation's audit trail, chained from the head on its item", () => {
  let sys: TestSystem;
  let cso: Client;
  beforeAll(async () => {
    sys = await startTestSystem();
    cso = await sys.as('cso@sfax.demo');
  });
  afterAll(async () => {
    await sys.close();
  });

  const stored = async (id: string) => (await getItem(sys.deps.store, orgKey(id).PK, orgKey(id).SK)) ?? {};
  const trail = async (id: string) => (await cso.get(`/v1/audit/organisation/${id}`)).body.items;

  it('chains each edit after the last, keeps the head on the item, and the chain recomputes', async () => {
    // Prepare: the demo's organisation, as seeded (no head yet)
    const before = await trail('amal-sfax');
    // Act: three edits in a row
    for (const description of ['First change.', 'Second change.', 'Third change.']) {
      const res = await cso.patch('/v1/organisations/amal-sfax', { description });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('auditSeq');
      expect(res.body).not.toHaveProperty('auditHash');
    }
    // Assess: three more entries, chained; the item's head is the last one; nothing shows it
    const after = await trail('amal-sfax');
    expect(after).toHaveLength(before.length + 3);
    expect(after.map((e: { seq: number }) => e.seq)).toEqual(after.map((_: unknown, i: number) => i + 1));
    expect(firstBrokenLink(after)).toBeUndefined();
    const item = await stored('amal-sfax');
    expect(item.auditSeq).toBe(after.at(-1).seq);
    expect(item.auditHash).toBe(after.at(-1).hash);
    const shown = (await cso.get('/v1/organisations/amal-sfax')).body;
    expect(shown.description).toBe('Third change.');
    expect(shown).not.toHaveProperty('auditSeq');
    expect(shown).not.toHaveProperty('auditHash');
  });

  it('chains after an item written before the head was kept, from its trail, and keeps the head from then on', async () => {
    // Prepare: an edited organisation whose item loses its head, as items written before it did
    expect((await cso.patch('/v1/organisations/amal-sfax', { website: 'https://amal.example' })).status).toBe(
      200,
    );
    await sys.deps.store.db.send('UpdateItem', {
      TableName: sys.deps.store.tableName,
      Key: orgKey('amal-sfax'),
      UpdateExpression: 'REMOVE auditSeq, auditHash',
    });
    const before = await trail('amal-sfax');
    // Act
    const res = await cso.patch('/v1/organisations/amal-sfax', { description: 'After the old item.' });
    // Assess: the entry follows the last one of the trail; the head is back
    expect(res.status).toBe(200);
    const after = await trail('amal-sfax');
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1).seq).toBe(before.at(-1).seq + 1);
    expect(after.at(-1).prevHash).toBe(before.at(-1).hash);
    expect(firstBrokenLink(after)).toBeUndefined();
    expect((await stored('amal-sfax')).auditSeq).toBe(after.at(-1).seq);
  });

  it("chains an officer's change of the name the same way", async () => {
    // Prepare / Act
    const officer = await sys.as('officer@sfax.demo');
    const res = await officer.patch('/v1/organisations/amal-sfax', { name: 'Association Amal (renamed)' });
    // Assess
    expect(res.status).toBe(200);
    const after = await trail('amal-sfax');
    expect((await stored('amal-sfax')).auditHash).toBe(after.at(-1).hash);
    expect(after.at(-1).role).toBe('city_officer');
    expect(firstBrokenLink(after)).toBeUndefined();
  });
});
