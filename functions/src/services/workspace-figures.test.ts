/**
 * The pure parts of the staff workspace: the mayor's office's figures of a year, and the summary of an
 * organisation's records a reviewer reads beside an application.
 */
import { describe, expect, it } from 'vitest';
import { grant, milestone, partnership, sfax, tnd } from '#test/fixtures/domain';
import { insightsOf } from './insights.ts';
import { summarise } from './organisation-record.ts';

const decided = (
  id: string,
  submittedAt: string,
  decidedAt: string,
  over: Parameters<typeof grant>[1] = {},
) => grant('approved', { id, submittedAt, decidedAt, decisionLate: false, ...over });

describe('the decision figures of a year', () => {
  it('counts decisions in the city’s time zone, medians an even count, and sums what approvals committed', () => {
    // Prepare: 31 December 23:30 UTC is 1 January in Tunis; a rejection commits nothing
    const grants = [
      decided('a', '2027-01-04T09:00:00Z', '2027-01-06T09:00:00Z', {
        award: { amount: tnd(1_000), funders: [] },
      }),
      decided('b', '2027-01-04T09:00:00Z', '2027-01-12T09:00:00Z', {
        award: { amount: tnd(2_000), funders: [] },
        decisionLate: true,
      }),
      grant('rejected', {
        id: 'c',
        submittedAt: '2026-12-28T09:00:00Z',
        decidedAt: '2026-12-31T23:30:00Z',
        decisionLate: false,
      }),
      decided('d', '2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z', {
        award: { amount: tnd(9_000), funders: [] },
      }),
      grant('submitted', { id: 'e', submittedAt: '2027-01-04T09:00:00Z' }),
    ];

    // Act
    const f = insightsOf(grants, sfax, 2027);

    // Assess: a 2, b 6, c 3 working days (Friday 1 January is a holiday) → median of 2, 3, 6 is 3
    expect(f).toMatchObject({
      year: 2027,
      decided: 3,
      decidedOnTime: 2,
      medianWorkingDays: 3,
      committed: tnd(3_000),
    });
    expect(f.byMonth[0]).toEqual({ month: '2027-01', decided: 3, decidedOnTime: 2, committed: tnd(3_000) });
    expect(f.byMonth.slice(1).every((m) => m.decided === 0)).toBe(true);
    expect(insightsOf(grants.slice(0, 2), sfax, 2027).medianWorkingDays).toBe(4);
    expect(insightsOf([], sfax, 2027)).toMatchObject({
      decided: 0,
      medianWorkingDays: null,
      committed: tnd(0),
    });
  });
});

describe('an organisation’s record beside an application', () => {
  it('shows the partnership in force before a later application, and counts reports on time, late and overdue', () => {
    // Prepare
    const org = { id: 'amal-sfax', name: 'Amal Sfax', focusAreas: ['shelter'] };
    const records = {
      partnerships: [
        partnership('draft', { id: 'p-new', createdAt: '2027-01-20T08:00:00Z' }),
        partnership('active', { id: 'p-old', createdAt: '2026-01-20T08:00:00Z' }),
      ],
      grants: [
        grant('draft', { id: 'g-draft', createdAt: '2027-01-25T08:00:00Z' }),
        grant('active', { id: 'g-1', createdAt: '2026-05-01T08:00:00Z' }),
        grant('rejected', { id: 'g-2', createdAt: '2026-09-01T08:00:00Z' }),
      ],
      milestones: [
        milestone('accepted', { id: 'm-1', late: false }),
        milestone('submitted', { id: 'm-2', late: true }),
        milestone('overdue', { id: 'm-3', late: true, dueDate: '2027-01-15' }),
        milestone('overdue', { id: 'm-4', late: true, dueDate: '2026-12-15' }),
        milestone('scheduled', { id: 'm-5' }),
      ],
    };

    // Act
    const r = summarise(org, records);

    // Assess
    expect(r.partnership?.id).toBe('p-old');
    expect(r.grants.map((g) => g.id)).toEqual(['g-2', 'g-1']);
    expect(r.reports).toEqual({ onTime: 1, late: 1, overdue: 2 });
    expect(r.overdue.map((m) => m.id)).toEqual(['m-4', 'm-3']);
    expect(summarise(org, { partnerships: [], grants: [], milestones: [] }).partnership).toBeNull();
  });
});
