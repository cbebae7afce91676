/** The shape of bench/results.json, so that runs can be compared. */
import type { BundleResult } from './bundles.ts';
import type { CostResult } from './cost.ts';
import type { GrowthResult } from './growth.ts';
import type { ScenarioResult } from './overhead.ts';
import type { RoundTrip } from './roundtrips.ts';
import type { TickResult } from './tick.ts';
import type { WebResult } from './web.ts';

export interface Settings {
  readonly quick: boolean;
  /** Measured runs of the whole journey (section 1), after one warm-up run. */
  readonly journeyRuns: number;
  readonly overhead: {
    levels: number[];
    runs: number;
    seconds: number;
    warmupSeconds: number;
    /** Direct GetItems before the first scenario, warming DynamoDB Local's JIT; runs before it have none. */
    storeWarmupSeconds?: number;
  };
  readonly growth: { small: number; large: number; samples: number };
  readonly tickMilestones: number;
  readonly bundleLoads: number;
}

export const FULL: Settings = {
  quick: false,
  journeyRuns: 5,
  overhead: { levels: [1, 16, 64], runs: 5, seconds: 4, warmupSeconds: 2, storeWarmupSeconds: 20 },
  growth: { small: 1_000, large: 100_000, samples: 60 },
  tickMilestones: 10_000,
  bundleLoads: 20,
};

export const QUICK: Settings = {
  quick: true,
  journeyRuns: 2,
  overhead: { levels: [1, 16, 64], runs: 1, seconds: 2, warmupSeconds: 1, storeWarmupSeconds: 2 },
  growth: { small: 1_000, large: 10_000, samples: 15 },
  tickMilestones: 1_000,
  bundleLoads: 3,
};

/** A section not run (or failed) is null, or empty. */
export interface Results {
  machine: string;
  date: string;
  settings: Settings;
  /** Wall time of the whole run, seconds. */
  seconds: number;
  roundTrips: Record<string, RoundTrip>;
  /**
   * getGrantHandler: the api function's handler called in-process; getGrantFloor: Node's HTTP server and the
   * GetItem alone, getGrant's reference (neither in runs from before it was added).
   */
  overhead: {
    getGrant: ScenarioResult;
    getGrantFloor?: ScenarioResult;
    getGrantHandler?: ScenarioResult;
    event: ScenarioResult;
  } | null;
  growth: Record<string, GrowthResult>;
  /** Items in the two growth tables. */
  growthTables: { small: number; large: number } | null;
  tick: TickResult | null;
  bundle: Record<string, BundleResult>;
  web: WebResult | null;
  cost: CostResult | null;
  /** Sections that failed, with their error. */
  errors: Record<string, string>;
}
