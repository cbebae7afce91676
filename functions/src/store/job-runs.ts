/**
 * Job runs: one item per run of a job for a city, `JOB#<job>#<cityId>` / `RUN#<instant>#<id>`, with
 * what the run did (its report). Written by the daily deadline job; read by people, not by the code.
 */
import type { Item } from './table-io.ts';

export const jobRunPk = (job: string, cityId: string) => `JOB#${job}#${cityId}`;
export const jobRunSk = (at: string, runId: string) => `RUN#${at}#${runId}`;

export interface JobRun {
  readonly job: string;
  readonly cityId: string;
  /** The instant the run was as of. */
  readonly asOf: string;
  readonly runId: string;
  /** What the run did, stored as it is. */
  readonly report: Readonly<Record<string, unknown>>;
}

export function jobRunItem(run: JobRun): Item {
  return {
    PK: jobRunPk(run.job, run.cityId),
    SK: jobRunSk(run.asOf, run.runId),
    entity: 'job_run',
    ...run.report,
  };
}
