import { describe, expect, it } from 'vitest';
import { onDemand } from './on-demand.ts';

describe('a module loaded on demand', () => {
  it('is loaded by the first use only, however many uses come at once or after', async () => {
    // Prepare
    let loads = 0;
    const module = onDemand(async () => {
      loads++;
      return { answer: 42 };
    });
    // Act
    const first = await Promise.all([module(), module(), module()]);
    const later = await module();
    // Assess
    expect(loads).toBe(1);
    expect(first.map((m) => m.answer)).toEqual([42, 42, 42]);
    expect(later).toBe(first[0]);
  });

  it('is tried again after a load that failed, and the failure reaches the use that met it', async () => {
    // Prepare
    let loads = 0;
    const module = onDemand(async () => {
      loads++;
      if (loads === 1) throw new Error('chunk not found');
      return { answer: 42 };
    });
    // Act
    const failed = await module().catch((e: Error) => e.message);
    const retried = await module();
    // Assess
    expect(failed).toBe('chunk not found');
    expect(retried.answer).toBe(42);
    expect(loads).toBe(2);
  });
});
