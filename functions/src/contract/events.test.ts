import { describe, expect, it } from 'vitest';
import { REASON_REQUIRED } from './events.ts';
import { GrantEvent, MilestoneEvent, PartnershipEvent } from './requests.ts';

describe('events that need a reason', () => {
  it('are exactly those whose comment the event schemas require', () => {
    // Act
    const required = [GrantEvent, PartnershipEvent, MilestoneEvent].flatMap((schema) =>
      schema.options
        .filter((o) => !o.shape.comment.safeParse(undefined).success)
        .map((o) => o.shape.type.value as string),
    );
    // Assess
    expect([...REASON_REQUIRED].sort()).toEqual([...new Set(required)].sort());
  });
});
