/**
 * The figures of the reliability suite (cases run, statuses seen, durations), written by each test file
 * to its own JSON file under the OS temp directory, so docs/reliability.md can quote the last run:
 *   cat "$(node -p 'require("os").tmpdir()')"/passerelle-reliability/*.json
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIGURES_DIR = join(tmpdir(), 'passerelle-reliability');

/** Merges `values` under `key` into the figures of one test file (`name`). */
export function recordFigures(name: string, key: string, values: unknown): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const file = join(FIGURES_DIR, `${name}.json`);
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // first figure of this file
  }
  current[key] = values;
  current.updatedAt = new Date().toISOString();
  writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
}

/** Counts of each value: { 200: 1, 409: 24, 412: 25 }. */
export function tally<T extends string | number>(values: readonly T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
