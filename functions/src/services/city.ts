/**
 * A city's settings: every signed-in user of the city reads them; its admin changes them. A change
 * applies to what is submitted afterwards: a submitted grant carries its decision deadline and the
 * fast-track ceiling in force that day (domain/grant.ts), so nothing already submitted is recomputed.
 * Currency and time zone are what amounts and deadlines are written in: fixed once a grant exists.
 */
import type { CityPatchInput } from '#contract/requests';
import type { CityView } from '#contract/responses';
import { CITY_DEFAULTS, type CityRecord } from '#domain/city';
import { EventNotAllowedError, NotFoundError, type RuleFailure, RuleViolationError } from '#domain/errors';
import type { Actor, AuditEntry, CitySettings } from '#domain/types';
import { cityAudit, getCityStrong, updateCity } from '#store/cities';
import { auditDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { checkIfMatch, withVersionRace } from './if-match.ts';

/** Settings written before going live (the demo's) lack what v2 added: they read with its defaults. */
type StoredCity = CitySettings & Partial<Pick<CityRecord, 'names' | 'focusAreas' | 'version'>>;

export function cityView(city: StoredCity): CityView {
  return {
    id: city.id,
    name: city.name,
    names: city.names ?? {},
    country: city.country,
    currency: city.currency,
    calendar: {
      timeZone: city.calendar.timeZone,
      weekend: city.calendar.weekend,
      holidays: city.calendar.holidays,
    },
    fastTrackCeiling: city.fastTrackCeiling,
    decisionWorkingDays: city.decisionWorkingDays,
    standardDecisionWorkingDays: city.standardDecisionWorkingDays,
    maxOpenFastGrants: city.maxOpenFastGrants,
    partnershipTermYears: city.partnershipTermYears,
    finalReportWeeks: city.finalReportWeeks,
    reminderOffsets: city.reminderOffsets,
    focusAreas: city.focusAreas ?? [...CITY_DEFAULTS.focusAreas],
    version: city.version ?? 0,
  };
}

async function load(deps: Deps, cityId: string): Promise<StoredCity> {
  const city = await getCityStrong<StoredCity>(deps.store, cityId);
  if (!city) throw new NotFoundError('city', cityId);
  return city;
}

export async function getCity(deps: Deps, actor: Actor): Promise<CityView> {
  return cityView(await load(deps, actor.cityId));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function editCity(
  deps: Deps,
  actor: Actor,
  patch: CityPatchInput,
  ifMatch?: string,
): Promise<CityView> {
  const city = await load(deps, actor.cityId);
  const version = city.version ?? 0;
  checkIfMatch(ifMatch, version);
  const { calendar, names, ...rest } = patch;
  const next: StoredCity & { version: number } = {
    ...city,
    ...rest,
    ...(names ? { names: { ...city.names, ...names } } : {}),
    calendar: {
      ...city.calendar,
      ...calendar,
      ...(calendar?.holidays ? { holidays: [...new Set(calendar.holidays)].sort() } : {}),
      ...(calendar?.weekend ? { weekend: [...calendar.weekend].sort((a, b) => a - b) } : {}),
    },
    version: version + 1,
  };
  const failures: RuleFailure[] = [];
  if (next.fastTrackCeiling.currency !== next.currency)
    failures.push({
      rule: 'ceiling_currency',
      path: 'fastTrackCeiling.currency',
      message: `Give the ceiling in the city's currency, ${next.currency}.`,
    });
  if (failures.length > 0) throw new RuleViolationError(failures);

  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if (key === 'version') continue;
    if (!same(city[key], next[key])) changes[key] = { from: city[key] ?? null, to: next[key] ?? null };
  }
  if (Object.keys(changes).length === 0) return cityView(city);
  if (next.currency !== city.currency || next.calendar.timeZone !== city.calendar.timeZone) {
    const grants = await deps.store.listByCity('grant', city.id, { limit: 1 });
    if (grants.items.length > 0)
      throw new EventNotAllowedError(
        'edit_city',
        'has_grants',
        'The currency and the time zone cannot change once the city has a grant.',
      );
  }
  const at = deps.clock().toISOString();
  await withVersionRace(ifMatch, () =>
    updateCity(
      deps.store,
      next,
      version,
      auditDraft({
        entityType: 'city',
        entityId: city.id,
        event: 'edit_settings',
        from: 'settings',
        to: 'settings',
        actor,
        role: 'admin',
        at,
        data: { changes },
      }),
    ),
  );
  deps.cities.forget(city.id);
  return cityView(next);
}

/** The settings' changes, for the city's staff. */
export async function cityAuditTrail(deps: Deps, actor: Actor, cityId: string): Promise<AuditEntry[]> {
  const staff = actor.roles.some((r) => r === 'city_officer' || r === 'mayor_office' || r === 'admin');
  if (!staff || actor.cityId !== cityId) throw new NotFoundError('city', cityId);
  return cityAudit(deps.store, cityId);
}
