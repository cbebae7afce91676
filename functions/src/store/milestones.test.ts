/**
 * A milestone's id names its parent record, so that an event reads the milestone and its grant in one
 * call; ids made before they did, and ids that would be too long, name none.
 */
import { describe, expect, it } from 'vitest';
import { Id } from '#contract/fields';
import { randomId } from '#services/deps';
import { milestoneIdUnder, parentOfMilestoneId } from './milestones.ts';

describe('milestone ids', () => {
  it('name the grant or partnership they belong to, and are valid ids', () => {
    // Prepare
    const grant = randomId('g');
    const partnership = randomId('p');
    // Act
    const report = milestoneIdUnder({ type: 'grant', id: grant }, randomId('m'));
    const review = milestoneIdUnder({ type: 'partnership', id: partnership }, randomId('m'));
    // Assess
    expect(parentOfMilestoneId(report)).toEqual({ type: 'grant', id: grant });
    expect(parentOfMilestoneId(review)).toEqual({ type: 'partnership', id: partnership });
    expect(Id.safeParse(report).success).toBe(true);
    expect(Id.safeParse(review).success).toBe(true);
    expect(report).not.toBe(milestoneIdUnder({ type: 'grant', id: grant }, randomId('m')));
  });

  it('keep a parent id that has underscores and dashes whole', () => {
    // Act
    const id = milestoneIdUnder({ type: 'grant', id: 'g-imported_2026_7' }, 'm_abc123');
    // Assess
    expect(id).toBe('mg_g-imported_2026_7_abc123');
    expect(parentOfMilestoneId(id)).toEqual({ type: 'grant', id: 'g-imported_2026_7' });
  });

  it('name no parent for ids made before they did, or where the parent would not fit in 64 characters', () => {
    // Prepare
    const long = `g_${'x'.repeat(60)}`;
    // Act
    const tooLong = milestoneIdUnder({ type: 'grant', id: long }, 'm_abc123');
    // Assess
    expect(tooLong).toBe('m_abc123');
    expect(parentOfMilestoneId(tooLong)).toBeUndefined();
    expect(parentOfMilestoneId(randomId('m'))).toBeUndefined();
    expect(parentOfMilestoneId('mg_')).toBeUndefined();
    expect(parentOfMilestoneId('mg__abc')).toBeUndefined();
    expect(parentOfMilestoneId('demo-milestone')).toBeUndefined();
  });
});
