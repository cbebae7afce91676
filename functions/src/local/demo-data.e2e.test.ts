import { describe, expect, inject, it } from 'vitest';
import { demoWanted } from './demo-data.ts';
import { startSystem } from './system.ts';

describe('DEMO_DATA', () => {
  it('is on unless set to off, and refuses a value it does not know', () => {
    expect(demoWanted(undefined)).toBe(true);
    expect(demoWanted('on')).toBe(true);
    expect(demoWanted('off')).toBe(false);
    expect(demoWanted('OFF')).toBe(false);
    expect(() => demoWanted('maybe')).toThrow(/DEMO_DATA is "maybe"/);
  });

  it('off: the system starts on an empty store and loads no demo', async () => {
    // Act
    const system = await startSystem({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `demo-off-${process.pid}-${Date.now()}`,
      seed: demoWanted('off'),
    });
    try {
      // Assess: it answers, and there is no city and no demo user
      expect((await fetch(`${system.url}/health`)).status).toBe(200);
      expect(await system.deps.store.listCities()).toEqual([]);
      expect(await system.deps.store.findUserByEmail('cso@sfax.demo')).toBeUndefined();
    } finally {
      await system.close();
    }
  });
});
