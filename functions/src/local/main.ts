/**
 * `npm start`: DynamoDB Local (files under DATA_DIR, default .data/) unless DYNAMODB_ENDPOINT is set,
 * the demo data on first start (not with DEMO_DATA=off), and the API and web front end on PORT (default 3000).
 * Configuration: see localServerSchema.
 */
import { join } from 'node:path';
import { runDeadlines } from '#jobs/deadlines';
import { FileMailer } from '#jobs/mailer';
import { type LocalServerConfig, localServerSchema, parseConfig } from '#runtime/config';
import { errorFields, logger } from '#runtime/logger';
import { type LocalDynamo, startLocalDynamo } from '#store/local-dynamo';
import { startSystem } from './system.ts';

async function main(config: LocalServerConfig): Promise<void> {
  const { PORT: port, DATA_DIR: dataDir, DEMO_DATA: seed } = config;
  let dynamo: LocalDynamo | undefined;
  let endpoint = config.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    dynamo = await startLocalDynamo({ dataDir });
    endpoint = dynamo.endpoint;
  }
  let system: Awaited<ReturnType<typeof startSystem>>;
  try {
    system = await startSystem({
      dynamoEndpoint: endpoint,
      port,
      seed,
      dataDir,
      s3Endpoint: config.S3_ENDPOINT,
      documentsBucket: config.DOCUMENTS_BUCKET,
    });
  } catch (e) {
    await dynamo?.stop();
    throw e;
  }
  // The banner is for the developer at the terminal: plain text, not log lines.
  console.log(`Passerelle is running at ${system.url.replace('127.0.0.1', 'localhost')}`);
  console.log(`  API docs:  ${system.url}/docs   OpenAPI: ${system.url}/openapi.json`);
  console.log(`  Store:     ${dynamo ? `DynamoDB Local (${dataDir}/dynamodb)` : endpoint}`);
  console.log(`  Files:     ${system.s3 ? `embedded S3 (${dataDir}/s3)` : config.S3_ENDPOINT}`);
  console.log(
    seed
      ? '  Sign in as a demo user, e.g. cso@sfax.demo, officer@sfax.demo, mayor@sfax.demo, funder@sfax.demo'
      : '  No demo data (DEMO_DATA=off): open a city with `npm run city:create -- --help`',
  );
  // The daily deadline job: once at start, then every 24 hours; mails go to DATA_DIR/outbox/*.eml.
  const mailer = new FileMailer(join(dataDir, 'outbox'));
  const log = logger.child({ job: 'deadlines' });
  let ticking: Promise<unknown> = Promise.resolve();
  const tick = () => {
    ticking = runDeadlines(system.deps, {
      now: system.deps.clock().toISOString(),
      mailer,
      baseUrl: system.url.replace('127.0.0.1', 'localhost'),
      log: (line) => log.info(line),
    }).catch((e) => log.error('the daily job failed', errorFields(e)));
  };
  tick();
  const daily = setInterval(tick, 24 * 3600_000);
  daily.unref();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(daily);
    await ticking;
    await system.close();
    await dynamo?.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

try {
  await main(parseConfig('passerelle', localServerSchema, process.env));
} catch (e) {
  // A missing Java, a bad setting or a port in use: one line that says which.
  logger.error('could not start', errorFields(e));
  process.exit(1);
}
