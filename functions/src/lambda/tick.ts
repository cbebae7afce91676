// Lambda entry of the daily deadline job, run by EventBridge Scheduler. Filled in with the deadline job.
export const handler = async (): Promise<never> => {
  throw new Error('not wired yet');
};
