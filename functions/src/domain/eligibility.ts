/**
 * Fast-track eligibility: the four rules of SPEC.md, each with a message a CSO understands.
 * Shown before submitting (GET /v1/grants/{id}/eligibility) and enforced at `submit`.
 */
import type { RuleFailure } from './errors.ts';
import { compare, type Money, toDecimalString } from './money.ts';
import type { CitySettings } from './types.ts';

/** What the city knows of an organisation when it applies: read from its records. */
export interface Standing {
  readonly hasActivePartnership: boolean;
  /** Its overdue milestones: the reports of its grants and the annual reviews of its partnership. */
  readonly overdueMilestones: readonly {
    readonly id: string;
    readonly title: string;
    readonly dueDate: string;
  }[];
  /** Its fast-track grants that are open (submitted and not yet finished), other than the one applying. */
  readonly openFastGrantIds: readonly string[];
}

export interface EligibilityCheck {
  readonly rule: 'active_partnership' | 'within_ceiling' | 'no_overdue_reports' | 'open_fast_grants';
  readonly passed: boolean;
  readonly message: string;
  readonly params?: Record<string, string | number>;
}

export function fastTrackEligibility(
  amountRequested: Money,
  city: CitySettings,
  standing: Standing,
): EligibilityCheck[] {
  const ceiling = city.fastTrackCeiling;
  const overdue = standing.overdueMilestones;
  const open = standing.openFastGrantIds.length;
  return [
    {
      rule: 'active_partnership',
      passed: standing.hasActivePartnership,
      message: standing.hasActivePartnership
        ? `Your organisation has an active partnership with ${city.name}.`
        : `Your organisation needs an active partnership with ${city.name} to use the fast track. Apply for partnership status first.`,
    },
    {
      rule: 'within_ceiling',
      passed: amountRequested.currency === ceiling.currency && compare(amountRequested, ceiling) <= 0,
      message: `The fast track is for amounts up to ${toDecimalString(ceiling)} ${ceiling.currency}. You ask for ${toDecimalString(amountRequested)} ${amountRequested.currency}.`,
      params: { ceiling: toDecimalString(ceiling), currency: ceiling.currency },
    },
    {
      rule: 'no_overdue_reports',
      passed: overdue.length === 0,
      message:
        overdue.length === 0
          ? 'None of your reports is overdue.'
          : `Submit your overdue report first: ${overdue.map((m) => `"${m.title}" (due ${m.dueDate})`).join(', ')}.`,
      params: { overdue: overdue.map((m) => m.id).join(',') },
    },
    {
      rule: 'open_fast_grants',
      passed: open < city.maxOpenFastGrants,
      message:
        open < city.maxOpenFastGrants
          ? `You have ${open} open fast-track grant(s); the limit is ${city.maxOpenFastGrants}.`
          : `You already have ${open} open fast-track grants, the most ${city.name} allows at once (${city.maxOpenFastGrants}). Finish one first.`,
      params: { open, max: city.maxOpenFastGrants },
    },
  ];
}

export function failedRules(checks: readonly EligibilityCheck[]): RuleFailure[] {
  return checks.filter((c) => !c.passed).map((c) => ({ rule: c.rule, message: c.message }));
}
