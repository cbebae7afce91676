/**
 * The public register's summary, kept per city and filter combination for a while:
 * `CITY#<cityId>` / `REGISTER#<year>#<focusArea>#<funder>`, with the time it was computed (`asOf`) and a
 * TTL of one day. Only combinations of known filter values are ever written (services/register.ts).
 */
import { cityPk } from './cities.ts';
import { expiresAfter } from './keys.ts';
import { TTL_ATTRIBUTE } from './table.ts';
import type { Item } from './table-io.ts';

export interface SummaryFilters {
  readonly year?: string | number | undefined;
  readonly focusArea?: string | undefined;
  readonly funder?: string | undefined;
}

export interface KeptSummary<S, K> {
  readonly summary: S;
  readonly known: K;
  readonly asOf: string;
}

/** Days a kept summary stays in the table at most (it is recomputed sooner, see services/register.ts). */
const KEEP_DAYS = 1;

export const registerSummaryKey = (cityId: string, f: SummaryFilters) => ({
  PK: cityPk(cityId),
  SK: `REGISTER#${f.year ?? ''}#${f.focusArea ?? ''}#${f.funder ?? ''}`,
});

export function registerSummaryItem<S, K>(cityId: string, f: SummaryFilters, kept: KeptSummary<S, K>): Item {
  return {
    ...registerSummaryKey(cityId, f),
    entity: 'registerSummary',
    summary: kept.summary,
    known: kept.known,
    asOf: kept.asOf,
    [TTL_ATTRIBUTE]: expiresAfter(kept.asOf, KEEP_DAYS),
  };
}

export function registerSummaryFromItem<S, K>(item: Item | undefined): KeptSummary<S, K> | undefined {
  if (!item?.known) return undefined;
  return { summary: item.summary as S, known: item.known as K, asOf: String(item.asOf) };
}
