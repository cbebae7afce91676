/**
 * What the services need from the outside world, handed in: the store, the clock and a source of ids.
 * Tests and the daily job pass their own clock; nothing below reads the system time itself.
 */
import { randomBytes } from 'node:crypto';
import { NotFoundError } from '#domain/errors';
import type { CitySettings } from '#domain/types';
import type { Store } from '#store/store';
import type { FileStorage } from '../files/storage.ts';
import { Expiring } from './expiring.ts';

export interface Deps {
  readonly store: Store;
  readonly clock: () => Date;
  readonly newId: (prefix: string) => string;
  readonly cities: CityCache;
  /** The web front end's address, for links in mails sent as a request is handled (none: no link). */
  readonly publicUrl?: string | undefined;
  /**
   * The store of files (documents). Absent where nothing handles documents (the command-line tools);
   * a document route then answers 503 rather than pretending the file is not there.
   */
  readonly files?: FileStorage | undefined;
  /** `guardduty` deployed (served once tagged clean); `none` locally, where the attach checks are all. */
  readonly scanning: 'guardduty' | 'none';
  /**
   * The Cognito user pool the user directory manages (deployed: the pool whose tokens the API accepts);
   * none locally, where the table is the directory and /auth/dev-login signs in.
   */
  readonly userPool?: { readonly userPoolId: string; readonly region?: string | undefined } | undefined;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** 16 characters of Crockford base32: 80 random bits. */
export function randomId(prefix: string): string {
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return `${prefix}_${out}`;
}

/** City settings change rarely: keep them for a minute per process, so a read stays one round trip. */
export class CityCache {
  private readonly entries: Expiring<CitySettings>;
  constructor(
    private readonly store: Store,
    ttlMs = 60_000,
    now: () => number = Date.now,
  ) {
    this.entries = new Expiring(ttlMs, now);
  }

  async get(cityId: string): Promise<CitySettings> {
    const hit = this.entries.get(cityId);
    if (hit) return hit;
    const city = await this.store.getCity(cityId);
    if (!city) throw new NotFoundError('city', cityId);
    this.entries.set(cityId, city);
    return city;
  }

  /** The city to read with a record in the same call: `cityId` when its settings are not kept, else none. */
  toRead(cityId: string): string | undefined {
    return this.entries.get(cityId) ? undefined : cityId;
  }

  /** Settings read with a record, kept as `get` keeps what it reads. */
  keep(city: CitySettings | undefined): void {
    if (city) this.entries.set(city.id, city);
  }

  forget(cityId: string): void {
    this.entries.delete(cityId);
  }
}

export function createDeps(
  store: Store,
  clock: () => Date = () => new Date(),
  documents: { files: FileStorage; scanning: 'guardduty' | 'none' } | undefined = undefined,
): Deps {
  return {
    store,
    clock,
    newId: randomId,
    cities: new CityCache(store),
    files: documents?.files,
    scanning: documents?.scanning ?? 'none',
  };
}
