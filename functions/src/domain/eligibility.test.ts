import { describe, expect, it } from 'vitest';
import { eligibleStanding, eur, sfax, tnd } from '#test/fixtures/domain';
import { type EligibilityCheck, failedRules, fastTrackEligibility, type Standing } from './eligibility.ts';

const RULES = ['active_partnership', 'within_ceiling', 'no_overdue_reports', 'open_fast_grants'];
const overdue = { id: 'm-9', title: 'Final report: Summer school', dueDate: '2027-01-10' };

const failing = (checks: readonly EligibilityCheck[]) => checks.filter((c) => !c.passed).map((c) => c.rule);

describe('fast-track eligibility: the four rules a CSO sees before submitting', () => {
  it('gives all four rules, in a fixed order, and all pass for an organisation in good standing', () => {
    const checks = fastTrackEligibility(tnd(12_000_000), sfax, eligibleStanding);
    expect(checks.map((c) => c.rule)).toEqual(RULES);
    expect(failing(checks)).toEqual([]);
    expect(failedRules(checks)).toEqual([]);
  });

  it.each<[string, Standing | undefined, number, string]>([
    [
      'without an active partnership',
      { ...eligibleStanding, hasActivePartnership: false },
      12_000_000,
      'active_partnership',
    ],
    ['above the ceiling', undefined, 15_000_001, 'within_ceiling'],
    [
      'with an overdue report',
      { ...eligibleStanding, overdueMilestones: [overdue] },
      12_000_000,
      'no_overdue_reports',
    ],
    [
      'with two open fast-track grants already',
      { ...eligibleStanding, openFastGrantIds: ['g-7', 'g-8'] },
      12_000_000,
      'open_fast_grants',
    ],
  ])('an organisation %s fails that rule alone', (_, standing, amount, failedRule) => {
    const checks = fastTrackEligibility(tnd(amount), sfax, standing ?? eligibleStanding);
    expect(failing(checks)).toEqual([failedRule]);
  });

  it('lists every failing rule at once, each with a plain message', () => {
    const standing: Standing = {
      hasActivePartnership: false,
      overdueMilestones: [overdue],
      openFastGrantIds: ['g-7', 'g-8'],
    };
    const failures = failedRules(fastTrackEligibility(tnd(20_000_000), sfax, standing));
    expect(failures.map((f) => f.rule)).toEqual(RULES);
    for (const f of failures) expect(f.message.length).toBeGreaterThan(20);
  });

  it('an amount exactly at the ceiling (15,000 TND) is within it; one millime more is not', () => {
    expect(failing(fastTrackEligibility(tnd(15_000_000), sfax, eligibleStanding))).toEqual([]);
    expect(failing(fastTrackEligibility(tnd(15_000_001), sfax, eligibleStanding))).toEqual([
      'within_ceiling',
    ]);
  });

  it('an amount in another currency is never within the ceiling (and does not throw)', () => {
    expect(failing(fastTrackEligibility(eur(100), sfax, eligibleStanding))).toEqual(['within_ceiling']);
  });

  it('one other open fast-track grant is fine; the limit is the city’s setting', () => {
    const one = { ...eligibleStanding, openFastGrantIds: ['g-7'] };
    expect(failing(fastTrackEligibility(tnd(1_000), sfax, one))).toEqual([]);
    expect(failing(fastTrackEligibility(tnd(1_000), { ...sfax, maxOpenFastGrants: 1 }, one))).toEqual([
      'open_fast_grants',
    ]);
  });

  it('the ceiling message gives the ceiling and the amount asked in TND with three decimals', () => {
    const check = fastTrackEligibility(tnd(20_000_000), sfax, eligibleStanding)[1];
    expect(check?.message).toBe(
      'The fast track is for amounts up to 15000.000 TND. You ask for 20000.000 TND.',
    );
    expect(check?.params).toEqual({ ceiling: '15000.000', currency: 'TND' });
  });

  it('the overdue message names each overdue report and its due date', () => {
    const check = fastTrackEligibility(tnd(1_000), sfax, {
      ...eligibleStanding,
      overdueMilestones: [overdue],
    })[2];
    expect(check?.message).toContain('"Final report: Summer school" (due 2027-01-10)');
    expect(check?.params).toEqual({ overdue: 'm-9' });
  });

  it('the partnership message tells the CSO to apply for partnership status first', () => {
    const check = fastTrackEligibility(tnd(1_000), sfax, {
      ...eligibleStanding,
      hasActivePartnership: false,
    })[0];
    expect(check?.message).toContain('Apply for partnership status first');
  });

  it('failedRules keeps only the code and the message of the failing checks', () => {
    const checks = fastTrackEligibility(tnd(1_000), sfax, {
      ...eligibleStanding,
      hasActivePartnership: false,
    });
    expect(failedRules(checks)).toEqual([{ rule: 'active_partnership', message: checks[0]?.message }]);
  });
});
