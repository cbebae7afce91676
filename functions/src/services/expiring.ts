/**
 * A map whose entries last `ttlMs` from when they were set: what a warm process keeps of rarely changing
 * data (city settings, the directory). Past MAX_ENTRIES it is emptied rather than grown: a process never
 * holds a whole city.
 */
const MAX_ENTRIES = 10_000;

export class Expiring<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (hit.until > this.now()) return hit.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** `ttlMs`: this entry's own bound, instead of the map's. */
  set(key: string, value: V, ttlMs = this.ttlMs): void {
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, { value, until: this.now() + ttlMs });
  }

  delete(key: string | undefined): void {
    if (key !== undefined) this.#entries.delete(key);
  }
}
