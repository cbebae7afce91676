/**
 * `npm run tick [-- --now 2027-06-01T07:00:00Z] [--city sfax]`: runs the daily deadline job once, as of
 * that instant (default: now), against the DynamoDB of DYNAMODB_ENDPOINT (and its TABLE_NAME), or else the
 * embedded DynamoDB Local on DATA_DIR (default .data/; stop `npm start` first, or point DYNAMODB_ENDPOINT
 * at its store). Mails are written to `$DATA_DIR/outbox/*.eml`. Configuration: see tickCliSchema.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig, tickCliSchema } from '#runtime/config';
import { errorFields, logger } from '#runtime/logger';
import { createDeps } from '#services/deps';
import { openTable } from '#store/open-table';
import { runDeadlines } from './deadlines.ts';
import { FileMailer } from './mailer.ts';

const log = logger.child({ job: 'deadlines' });

async function main(): Promise<void> {
  const config = parseConfig('tick', tickCliSchema, process.env);
  const { values } = parseArgs({
    options: { now: { type: 'string' }, city: { type: 'string', multiple: true } },
    allowPositionals: false,
  });
  const now = values.now ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(now))) throw new Error(`--now is not an instant: ${now}`);
  const table = await openTable(config);
  try {
    const deps = createDeps(table.store);
    const outbox = join(config.dataDir, 'outbox');
    const report = await runDeadlines(deps, {
      now: new Date(now).toISOString(),
      mailer: new FileMailer(outbox),
      cityIds: values.city,
      baseUrl: config.publicUrl,
      log: (line) => log.info(line),
    });
    // The answer of the command, for whoever ran it: plain text, not a log line.
    console.log(
      `tick done as of ${report.now}: ${report.cities.length} cities, ${report.mail.sent} mails in ${outbox}` +
        `${report.mail.failed ? `, ${report.mail.failed} failed` : ''} (${report.ms} ms)`,
    );
  } finally {
    await table.close();
  }
}

main().catch((e) => {
  log.error('the daily job failed', errorFields(e));
  process.exit(1);
});
