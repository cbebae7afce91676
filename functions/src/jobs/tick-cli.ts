/**
 * `npm run tick [-- --now 2027-06-01T07:00:00Z] [--city sfax]`: runs the daily deadline job once, as of
 * that instant (default: now), against the DynamoDB of DYNAMODB_ENDPOINT, or else the embedded DynamoDB
 * Local on DATA_DIR (default .data/; stop `npm start` first, or point DYNAMODB_ENDPOINT at its store).
 * Mails are written to `$DATA_DIR/outbox/*.eml`.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDeps } from '#services/deps';
import { createDocumentClient } from '#store/client';
import { JavaMissingError, type LocalDynamo, startLocalDynamo } from '#store/local-dynamo';
import { ensureTable } from '#store/schema';
import { Store } from '#store/store';
import { TABLE_NAME_DEFAULT } from '#store/table';
import { runDeadlines } from './deadlines.ts';
import { FileMailer } from './mailer.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { now: { type: 'string' }, city: { type: 'string', multiple: true } },
    allowPositionals: false,
  });
  const now = values.now ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(now))) throw new Error(`--now is not an instant: ${now}`);
  const dataDir = process.env.DATA_DIR ?? '.data';
  let dynamo: LocalDynamo | undefined;
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    dynamo = await startLocalDynamo({ dataDir });
    endpoint = dynamo.endpoint;
  }
  const db = createDocumentClient({ endpoint });
  try {
    const tableName = process.env.TABLE_NAME ?? TABLE_NAME_DEFAULT;
    await ensureTable(db, tableName);
    const deps = createDeps(new Store(db, tableName));
    const report = await runDeadlines(deps, {
      now: new Date(now).toISOString(),
      mailer: new FileMailer(join(dataDir, 'outbox')),
      cityIds: values.city,
      baseUrl: process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
      log: (line) => console.log(`tick ${line}`),
    });
    console.log(
      `tick done as of ${report.now}: ${report.cities.length} cities, ${report.mail.sent} mails in ${join(dataDir, 'outbox')}` +
        `${report.mail.failed ? `, ${report.mail.failed} failed` : ''} (${report.ms} ms)`,
    );
  } finally {
    db.destroy();
    await dynamo?.stop();
  }
}

main().catch((e) => {
  console.error('passerelle tick:', e instanceof JavaMissingError || e instanceof Error ? e.message : e);
  process.exit(1);
});
