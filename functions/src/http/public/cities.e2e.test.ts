import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CITIES } from '#seed/data';
import { type RunningSystem, startSystem } from '../../local/system.ts';

describe('the cities on this deployment, for the first page', () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `public-cities-${Date.now()}`,
      seed: true,
    });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('lists every city by name to a visitor who is not signed in, cacheable', async () => {
    // Act
    const res = await fetch(`${sys.url}/v1/public/cities`);
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = (await res.json()) as { items: { id: string; name: string; country: string }[] };
    expect(body.items.map((c) => c.id).sort()).toEqual(CITIES.map((c) => c.id).sort());
    const names = body.items.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(body.items[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      country: expect.any(String),
    });
  });
});
