/**
 * How the mayor's office decides: in one calendar year (the city's time zone), how many grant
 * applications it decided, how many by their deadline, the median working days from submission to
 * decision, and what it committed, in all and by month. Reads the city's grants (one Query, GSI3).
 */
import type { DecisionInsightsView } from '#contract/workspace';
import { localDate, workingDaysBetween } from '#domain/calendar';
import { ForbiddenError } from '#domain/errors';
import type { Grant } from '#domain/grant';
import { sum } from '#domain/money';
import type { Actor, CitySettings } from '#domain/types';
import { grantsOfCity } from '#store/grant-search';
import type { Deps } from './deps.ts';

export async function decisionInsights(
  deps: Deps,
  actor: Actor,
  year: number | undefined,
): Promise<DecisionInsightsView> {
  if (!actor.roles.includes('mayor_office') && !actor.roles.includes('city_officer'))
    throw new ForbiddenError('Only the city’s staff see these figures.');
  const city = await deps.cities.get(actor.cityId);
  const grants = await grantsOfCity(deps.store, actor.cityId);
  const thisYear = Number(localDate(deps.clock(), city.calendar.timeZone).slice(0, 4));
  return insightsOf(grants, city, year ?? thisYear);
}

const median = (xs: readonly number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** The figures of one year from the city's grants (pure: the unit tests give it grants directly). */
export function insightsOf(grants: readonly Grant[], city: CitySettings, year: number): DecisionInsightsView {
  const tz = city.calendar.timeZone;
  const decided = grants
    .filter((g) => g.decidedAt !== undefined)
    .map((g) => ({ g, on: localDate(g.decidedAt as string, tz) }))
    .filter(({ on }) => on.startsWith(`${year}-`));
  const committedOf = (xs: typeof decided) =>
    sum(
      xs.flatMap(({ g }) => (g.award && g.state !== 'rejected' ? [g.award.amount] : [])),
      city.currency,
    );
  const onTime = (xs: typeof decided) => xs.filter(({ g }) => g.decisionLate !== true).length;
  const days = decided.flatMap(({ g, on }) =>
    g.submittedAt ? [workingDaysBetween(localDate(g.submittedAt, tz), on, city.calendar)] : [],
  );
  return {
    year,
    decided: decided.length,
    decidedOnTime: onTime(decided),
    medianWorkingDays: median(days),
    committed: committedOf(decided),
    byMonth: Array.from({ length: 12 }, (_, i) => {
      const month = `${year}-${String(i + 1).padStart(2, '0')}`;
      const of = decided.filter(({ on }) => on.startsWith(month));
      return { month, decided: of.length, decidedOnTime: onTime(of), committed: committedOf(of) };
    }),
  };
}
