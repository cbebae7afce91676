/**
 * The web validates its forms with the API's own schemas, the same modules as the server's (plain zod,
 * nothing patched): they must behave as on the server.
 */
import { describe, expect, it } from 'vitest';
import { GrantApplication } from '../../functions/src/contract/requests.ts';
import { validate } from './validation.ts';

describe("form validation with the API's schemas, as the browser builds them", () => {
  it('accepts a complete event and lists each problem of an incomplete one, by path', () => {
    // Prepare
    const complete = { type: 'recommend', recommendation: 'approve', comment: 'Meets a real need.' };
    const incomplete = { type: 'recommend', comment: ' ' };

    // Act
    const none = validate('GrantEvent', complete);
    const errors = validate('GrantEvent', incomplete);

    // Assess
    expect(none).toEqual([]);
    expect(errors.map((e) => e.path).sort()).toEqual(['comment', 'recommendation']);
    expect(errors.find((e) => e.path === 'comment')?.message).toBe('Write something here.');
  });

  it('finds the same problems in a grant application as the API: budget lines, dates, money', () => {
    // Prepare
    const application = {
      track: 'fast',
      title: 'Winter clothes',
      summary: 'Warm clothes for arriving families.',
      need: 'Nights are cold.',
      targetGroups: ['families in transit'],
      amountRequested: { amount: 500.5, currency: 'TND' },
      budget: [],
      startDate: '2027-02-30',
      endDate: '2027-04-15',
      indicators: [{ name: 'families supported', target: 120 }],
    };

    // Act
    const errors = validate('GrantApplication', application);

    // Assess
    expect(errors.map((e) => e.path).sort()).toEqual(['amountRequested.amount', 'budget', 'startDate']);
  });

  it("reads the schemas' OpenAPI annotations from zod's own metadata, without patching zod", () => {
    // Act
    const meta = GrantApplication.meta();

    // Assess
    expect(meta?.id).toBe('GrantApplication');
    expect('openapi' in GrantApplication).toBe(false);
  });
});
