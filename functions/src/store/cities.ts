/** Cities: `CITY#<id>` / `R`, all of them listed on GSI3 under `CITIES`. */
import type { CitySettings } from '#domain/types';
import { RECORD_SK } from './keys.ts';
import type { Item } from './table-io.ts';

export const cityPk = (cityId: string) => `CITY#${cityId}`;
export const CITIES_KEY = 'CITIES';

export function cityItem(city: CitySettings): Item {
  return { ...city, PK: cityPk(city.id), SK: RECORD_SK, entity: 'city', GSI3PK: CITIES_KEY, GSI3SK: city.id };
}
