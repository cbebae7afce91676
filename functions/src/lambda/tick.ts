/**
 * Lambda entry of the daily deadline job, run by EventBridge Scheduler: every city, as of now, with mail
 * through Amazon SES, and the clean-up of uploads never attached. Configuration (validated at cold start, see
 * #runtime/config): TABLE_NAME, MAIL_FROM (a verified SES identity), PUBLIC_URL (the web front end, for
 * links), DOCUMENTS_BUCKET, SES_CONFIGURATION_SET (optional), AWS_REGION, LOG_LEVEL.
 * The event may carry `{ "now": "<ISO instant>" }` to run as of another instant (a manual re-run).
 */
import { runDeadlines } from '#jobs/deadlines';
import { SesMailer } from '#jobs/ses-mailer';
import { parseConfig, type TickConfig, tickSchema } from '#runtime/config';
import { logger } from '#runtime/logger';
import type { Deps } from '#services/deps';
import { depsFromEnv } from './deps-from-env.ts';

const log = logger.child({ job: 'deadlines' });

/**
 * The handler for one environment, read at its first event. The job sweeps unattached uploads as the local
 * one does: the bucket's lifecycle rule and the table's TTL expire uploads/ and the items lazily, but not
 * the copy under documents/ that an attach checked and could not commit, nor the object of an item the TTL
 * already took.
 */
export function createTickHandler(env: NodeJS.ProcessEnv) {
  let started: { config: TickConfig; deps: Deps } | undefined;
  return async (event?: { now?: string } | null) => {
    started ??= {
      config: parseConfig('tick', tickSchema, env),
      deps: depsFromEnv('tick', env),
    };
    const { config, deps } = started;
    const now =
      event?.now && !Number.isNaN(Date.parse(event.now)) ? new Date(event.now).toISOString() : undefined;
    const report = await runDeadlines(deps, {
      now: now ?? new Date().toISOString(),
      mailer: new SesMailer(config.MAIL_FROM, config.AWS_REGION, config.SES_CONFIGURATION_SET, { env }),
      baseUrl: config.PUBLIC_URL,
      log: (line) => log.info(line),
    });
    const summary = {
      now: report.now,
      cities: report.cities.map((c) => c.cityId),
      mail: report.mail,
      uploadsDeleted: report.uploadsDeleted,
      ms: report.ms,
    };
    log.info('deadlines done', summary);
    return summary;
  };
}

export const handler = createTickHandler(process.env);
