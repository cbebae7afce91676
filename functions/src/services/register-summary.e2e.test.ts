import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '#test/support/harness';
import { getItem } from '#test/support/raw-table';

describe('the register’s summary, kept for ten minutes', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    sys.setNow(undefined);
    await sys.close();
  });

  const summaryAt = async (instant: string, query = '') => {
    sys.setNow(instant);
    const res = await fetch(`${sys.url}/v1/public/cities/sfax/register${query}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { summary: { asOf: string; grants: number | null } }).summary;
  };

  it('serves the figures it computed until they are ten minutes old, then computes them again', async () => {
    // Act
    const first = await summaryAt('2027-03-01T09:00:00.000Z');
    const soon = await summaryAt('2027-03-01T09:05:00.000Z');
    const later = await summaryAt('2027-03-01T09:11:00.000Z');
    // Assess
    expect(first.asOf).toBe('2027-03-01T09:00:00.000Z');
    expect(soon).toEqual(first);
    expect(later.asOf).toBe('2027-03-01T09:11:00.000Z');
    expect(later.grants).toBe(first.grants);
  });

  it('keeps nothing for a funder that does not exist', async () => {
    // Act
    const summary = await summaryAt('2027-03-01T10:00:00.000Z', '?funder=no-such-funder');
    // Assess
    expect(summary.grants).toBeNull();
    expect(await getItem(sys.deps.store, 'CITY#sfax', 'REGISTER###no-such-funder')).toBeUndefined();
    expect(await getItem(sys.deps.store, 'CITY#sfax', 'REGISTER###')).toBeDefined();
  });
});
