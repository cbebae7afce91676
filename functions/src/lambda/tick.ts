/**
 * Lambda entry of the daily deadline job, run by EventBridge Scheduler: every city, as of now, with mail
 * through Amazon SES. Configuration (validated at cold start, see #runtime/config): TABLE_NAME, MAIL_FROM
 * (a verified SES identity), PUBLIC_URL (the web front end, for links), SES_CONFIGURATION_SET (optional),
 * AWS_REGION, LOG_LEVEL.
 * The event may carry `{ "now": "<ISO instant>" }` to run as of another instant (a manual re-run).
 */
import { runDeadlines } from '#jobs/deadlines';
import { SesMailer } from '#jobs/ses-mailer';
import { parseConfig, type TickConfig, tickSchema } from '#runtime/config';
import { logger } from '#runtime/logger';
import type { Deps } from '#services/deps';
import { depsFromEnv } from './deps-from-env.ts';

let started: { config: TickConfig; deps: Deps } | undefined;
const log = logger.child({ job: 'deadlines' });

export const handler = async (event?: { now?: string } | null) => {
  // Deployed, unattached uploads expire by the bucket's lifecycle rule and the table's TTL: no sweep here.
  started ??= {
    config: parseConfig('tick', tickSchema, process.env),
    deps: depsFromEnv('tick', process.env, false),
  };
  const { config, deps } = started;
  const now =
    event?.now && !Number.isNaN(Date.parse(event.now)) ? new Date(event.now).toISOString() : undefined;
  const report = await runDeadlines(deps, {
    now: now ?? new Date().toISOString(),
    mailer: new SesMailer(config.MAIL_FROM, config.AWS_REGION, config.SES_CONFIGURATION_SET),
    baseUrl: config.PUBLIC_URL,
    log: (line) => log.info(line),
  });
  const summary = {
    now: report.now,
    cities: report.cities.map((c) => c.cityId),
    mail: report.mail,
    ms: report.ms,
  };
  log.info('deadlines done', summary);
  return summary;
};
