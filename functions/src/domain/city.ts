/**
 * A city as its operator opens it: the settings it starts with (SPEC.md, "Defaults a city can change"
 * and "Defaults v2 adds"). Pure: no store, no clock.
 */
import type { Money } from './money.ts';
import { minorDigits } from './money.ts';
import type { CitySettings } from './types.ts';

export type Language = 'ar' | 'fr' | 'en';
export const LANGUAGES: readonly Language[] = ['ar', 'fr', 'en'];

/** The settings as stored and as `GET /v1/city` will give them: v1's settings and what v2 adds. */
export interface CityRecord extends CitySettings {
  /** The city's name in each language it has been given one in. */
  readonly names: Partial<Record<Language, string>>;
  readonly focusAreas: readonly string[];
  /** Optimistic-lock counter of the settings (the `ETag` of `GET /v1/city`). */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the operator says about a new city; everything else is a default. */
export interface NewCity {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly currency: string;
  readonly timeZone: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday); default Saturday and Sunday. */
  readonly weekend?: readonly number[] | undefined;
  readonly language: Language;
  /** In major units of the currency (15000 = 15,000 TND); required where no default is known. */
  readonly fastTrackCeiling?: number | undefined;
}

export const DEFAULT_WEEKEND: readonly number[] = [6, 7];

/** The spec's defaults that every city starts with and may change later (PATCH /v1/city). */
export const CITY_DEFAULTS = {
  decisionWorkingDays: 10,
  standardDecisionWorkingDays: 40,
  maxOpenFastGrants: 2,
  partnershipTermYears: 3,
  finalReportWeeks: 8,
  reminderOffsets: [-30, -7, 0, 5],
  programmes: ['fast_track', 'standard'],
  focusAreas: [
    'legal_counselling',
    'access_to_services',
    'education',
    'language',
    'employment',
    'health',
    'protection',
  ],
} as const;

/** The workflow settings a new city starts with (its focus areas apart), as fresh values it may change. */
export function defaultWorkflowSettings() {
  return {
    decisionWorkingDays: CITY_DEFAULTS.decisionWorkingDays,
    standardDecisionWorkingDays: CITY_DEFAULTS.standardDecisionWorkingDays,
    maxOpenFastGrants: CITY_DEFAULTS.maxOpenFastGrants,
    partnershipTermYears: CITY_DEFAULTS.partnershipTermYears,
    finalReportWeeks: CITY_DEFAULTS.finalReportWeeks,
    reminderOffsets: [...CITY_DEFAULTS.reminderOffsets],
    programmes: [...CITY_DEFAULTS.programmes],
  };
}

/**
 * Fast-track ceilings the spec names, in major units, by currency (Sfax: 15,000 TND; Málaga: 5,000 EUR).
 * Another currency has no sensible default: the operator gives the ceiling.
 */
export const DEFAULT_FAST_TRACK_CEILING: Readonly<Record<string, number>> = { TND: 15_000, EUR: 5_000 };

/** Limits of the deployment, the same in every city (SPEC.md, "Defaults v2 adds"); not city settings. */
export const SERVICE_LIMITS = {
  uploadMaxBytes: 20 * 1024 * 1024,
  unattachedUploadHours: 24,
  registrationsPerAddressPerHour: 5,
} as const;

/** The id of the funder organisation that stands for the city's own budget. */
export const cityBudgetFunderId = (cityId: string) => `${cityId}-city-budget`;

/** The fast-track ceiling in minor units, or undefined when none was given and no default is known. */
export function fastTrackCeiling(currency: string, major?: number): Money | undefined {
  const amount = major ?? DEFAULT_FAST_TRACK_CEILING[currency];
  if (amount === undefined) return undefined;
  return { amount: Math.round(amount * 10 ** minorDigits(currency)), currency };
}

/** The settings a new city starts with. RangeError when the ceiling has no default and was not given. */
export function newCityRecord(input: NewCity, now: string): CityRecord {
  const ceiling = fastTrackCeiling(input.currency, input.fastTrackCeiling);
  if (!ceiling) throw new RangeError(`no default fast-track ceiling in ${input.currency}: give one`);
  return {
    id: input.id,
    name: input.name,
    names: { [input.language]: input.name },
    country: input.country,
    currency: input.currency,
    calendar: {
      timeZone: input.timeZone,
      weekend: [...(input.weekend ?? DEFAULT_WEEKEND)].sort((a, b) => a - b),
      holidays: [],
    },
    fastTrackCeiling: ceiling,
    ...defaultWorkflowSettings(),
    focusAreas: [...CITY_DEFAULTS.focusAreas],
    budgetFunderId: cityBudgetFunderId(input.id),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * How an existing city differs from what the operator asks for, in words. Currency and time zone
 * first: they are what amounts and deadlines already depend on.
 */
export function cityDifferences(existing: CitySettings, wanted: CityRecord): string[] {
  const out: string[] = [];
  if (existing.currency !== wanted.currency)
    out.push(`its currency is ${existing.currency}, not ${wanted.currency}`);
  if (existing.calendar.timeZone !== wanted.calendar.timeZone)
    out.push(`its time zone is ${existing.calendar.timeZone}, not ${wanted.calendar.timeZone}`);
  if (existing.name !== wanted.name) out.push(`its name is "${existing.name}", not "${wanted.name}"`);
  if (existing.country !== wanted.country)
    out.push(`its country is ${existing.country}, not ${wanted.country}`);
  const weekend = (w: readonly number[]) => [...w].sort((a, b) => a - b).join(',');
  if (weekend(existing.calendar.weekend) !== weekend(wanted.calendar.weekend))
    out.push(`its weekend is ${weekend(existing.calendar.weekend)}, not ${weekend(wanted.calendar.weekend)}`);
  return out;
}
