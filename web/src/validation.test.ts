/**
 * The web validates its forms with the API's own schemas, built with the browser's stand-in for
 * @hono/zod-openapi (src/zod-browser.ts, put in its place by the Vite alias): they must behave as on the
 * server.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('@hono/zod-openapi', () => import('./zod-browser.ts'));
const { validate } = await import('./validation.ts');
const { z } = await import('./zod-browser.ts');

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

  it("keeps the schemas' OpenAPI annotations out of the way: .openapi() returns the schema itself", () => {
    // Prepare
    const schema = z.string().min(2);

    // Act
    const annotated = (schema as unknown as { openapi: (o: unknown) => typeof schema }).openapi({
      example: 'ab',
    });

    // Assess
    expect(annotated).toBe(schema);
    expect(annotated.safeParse('a').success).toBe(false);
  });
});
