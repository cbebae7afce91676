/**
 * Lambda entry of the daily deadline job, run by EventBridge Scheduler: every city, as of now, with mail
 * through Amazon SES. Configuration: TABLE_NAME, MAIL_FROM (a verified SES identity), PUBLIC_URL (the web
 * front end, for links), SES_CONFIGURATION_SET (optional), AWS_REGION.
 * The event may carry `{ "now": "<ISO instant>" }` to run as of another instant (a manual re-run).
 */
import { runDeadlines } from '#jobs/deadlines';
import { DEFAULT_FROM } from '#jobs/mailer';
import { SesMailer } from '#jobs/ses-mailer';
import { depsFromEnv } from './deps-from-env.ts';

let deps: ReturnType<typeof depsFromEnv> | undefined;

export const handler = async (event?: { now?: string } | null) => {
  deps ??= depsFromEnv();
  const now =
    event?.now && !Number.isNaN(Date.parse(event.now)) ? new Date(event.now).toISOString() : undefined;
  const report = await runDeadlines(deps, {
    now: now ?? new Date().toISOString(),
    mailer: new SesMailer(
      process.env.MAIL_FROM ?? DEFAULT_FROM,
      process.env.AWS_REGION,
      process.env.SES_CONFIGURATION_SET,
    ),
    baseUrl: process.env.PUBLIC_URL,
    log: (line) => console.log(line),
  });
  return { now: report.now, cities: report.cities.map((c) => c.cityId), mail: report.mail, ms: report.ms };
};
