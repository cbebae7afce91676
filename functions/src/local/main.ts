/**
 * `npm start`: DynamoDB Local (files under DATA_DIR, default .data/) unless DYNAMODB_ENDPOINT is set,
 * the demo data on first start (not with DEMO_DATA=off), and the API and web front end on PORT (default 3000).
 */
import { join } from 'node:path';
import { runDeadlines } from '#jobs/deadlines';
import { FileMailer } from '#jobs/mailer';
import { JavaMissingError, type LocalDynamo, startLocalDynamo } from '#store/local-dynamo';
import { demoWanted } from './demo-data.ts';
import { startSystem } from './system.ts';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? '.data';

async function main(): Promise<void> {
  const seed = demoWanted(process.env.DEMO_DATA);
  let dynamo: LocalDynamo | undefined;
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    try {
      dynamo = await startLocalDynamo({ dataDir });
    } catch (e) {
      if (e instanceof JavaMissingError) {
        console.error(`passerelle: ${e.message}`);
        process.exit(1);
      }
      throw e;
    }
    endpoint = dynamo.endpoint;
  }
  let system: Awaited<ReturnType<typeof startSystem>>;
  try {
    system = await startSystem({ dynamoEndpoint: endpoint, port, seed, dataDir });
  } catch (e) {
    await dynamo?.stop();
    throw e;
  }
  console.log(`Passerelle is running at ${system.url.replace('127.0.0.1', 'localhost')}`);
  console.log(`  API docs:  ${system.url}/docs   OpenAPI: ${system.url}/openapi.json`);
  console.log(`  Store:     ${dynamo ? `DynamoDB Local (${dataDir}/dynamodb)` : endpoint}`);
  console.log(
    seed
      ? '  Sign in as a demo user, e.g. cso@sfax.demo, officer@sfax.demo, mayor@sfax.demo, funder@sfax.demo'
      : '  No demo data (DEMO_DATA=off): open a city with `npm run city:create -- --help`',
  );
  // The daily deadline job: once at start, then every 24 hours; mails go to DATA_DIR/outbox/*.eml.
  const mailer = new FileMailer(join(dataDir, 'outbox'));
  let ticking: Promise<unknown> = Promise.resolve();
  const tick = () => {
    ticking = runDeadlines(system.deps, {
      now: system.deps.clock().toISOString(),
      mailer,
      baseUrl: system.url.replace('127.0.0.1', 'localhost'),
      log: (line) => console.log(`  Daily job: ${line}`),
    }).catch((e) => console.error('passerelle: the daily job failed:', e instanceof Error ? e.message : e));
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

main().catch((e) => {
  console.error('passerelle: could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
