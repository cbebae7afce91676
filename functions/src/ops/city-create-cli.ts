/**
 * `npm run city:create -- --id … --name … …` (`--help` for the arguments): opens a city. Exit 0 when the
 * city is open (also when it was already, unchanged); 1 when refused (bad arguments, a city that exists
 * with other values, an admin address in use); 2 when it could not run (store or Cognito unreachable).
 */
import { parseArgs } from 'node:util';
import { cityCreateCliSchema, parseConfig } from '#runtime/config';
import { createDeps } from '#services/deps';
import { AlreadyExistsError } from '#store/errors';
import { JavaMissingError } from '#store/local-dynamo';
import { type OpenTable, openTable } from '#store/open-table';
import { directoryFor } from '#users/directory';
import { CityCreateError, createCity, parseCityArgs, USAGE } from './city-create.ts';

const OPTIONS = [
  'id',
  'name',
  'country',
  'currency',
  'time-zone',
  'admin-email',
  'admin-name',
  'language',
  'weekend',
  'fast-track-ceiling',
  'user-pool-id',
] as const;

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

async function main(): Promise<number> {
  const config = parseConfig('city:create', cityCreateCliSchema, process.env);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(OPTIONS.map((o) => [o, { type: 'string' as const }])),
      },
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`city:create: ${(e as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const raw: Record<string, string | undefined> = {};
  for (const o of OPTIONS) raw[camel(o)] = values[o] as string | undefined;
  raw.userPoolId ??= config.userPoolId;
  let args: ReturnType<typeof parseCityArgs>;
  try {
    args = parseCityArgs(raw);
  } catch (e) {
    console.error(`city:create: the arguments are not right:\n${(e as Error).message}\n\n(--help for usage)`);
    return 1;
  }

  // Opened inside the try: a store that cannot be opened (no Java for DynamoDB Local) is exit 2, said plainly.
  let table: OpenTable | undefined;
  try {
    table = await openTable(config);
    const deps = createDeps(table.store);
    const directory = await directoryFor(deps, {
      userPoolId: args.userPoolId,
      endpoint: config.cognitoEndpoint,
    });
    const result = await createCity(deps, directory, args);
    console.log(
      result.created.length === 0
        ? `city:create: ${result.cityId} is open already with these values; nothing changed.`
        : `city:create: ${result.cityId}: created ${result.created.join(', ')} (admin ${args.adminEmail}, id ${result.adminId})` +
            (directory.identity.kind === 'cognito'
              ? '; Cognito mailed the invitation.'
              : '; sign in locally with POST /auth/dev-login as the admin.'),
    );
    return 0;
  } catch (e) {
    if (e instanceof CityCreateError || e instanceof AlreadyExistsError) {
      console.error(`city:create: ${e.message}`);
      return 1;
    }
    if (e instanceof JavaMissingError) console.error(`city:create: ${e.message}`);
    else console.error('city:create: could not open the city:', e instanceof Error ? e.message : e);
    return 2;
  } finally {
    await table?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('city:create:', e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
