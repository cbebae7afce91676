/**
 * The validated configuration of each entry point, read once at start, so that a missing or malformed
 * setting stops the process with its name instead of surfacing as a wrong table or a broken link later.
 * Every setting an entry point reads is in its schema; nothing else reads process.env.
 *
 * Plain checks, not zod: the tick and anchor functions use zod for nothing else, and zod is 90 KB of what
 * their cold start parses (bench/findings.md, "Cold start: the configuration without zod"). A schema is a
 * function of the environment that reports each problem by the setting's name, in the schema's order.
 */
import { TABLE_NAME_DEFAULT } from '#store/table';
import { demoWanted } from '../local/demo-data.ts';

/** A configuration that does not validate; the message names every setting at fault. */
export class ConfigError extends Error {
  constructor(entry: string, problems: readonly string[]) {
    super(`${entry}: invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads a configuration from the environment, adding what is wrong with it to `problems`. */
export type ConfigSchema<T> = (env: NodeJS.ProcessEnv, problems: string[]) => T;
/** What a schema gives when the environment is valid. */
export type ConfigOf<S> = S extends ConfigSchema<infer T> ? T : never;

/** One setting: its value from the environment (named `name`), or a problem. */
type Setting<T> = (value: string | undefined, name: string, problems: string[]) => T;

/** A setting that must be there and not blank (surrounding blanks trimmed). */
const required: Setting<string> = (value, name, problems) => {
  const v = value?.trim() ?? '';
  if (v === '') problems.push(`${name} must be set`);
  return v;
};
/** A setting that may be left out; blank is the same as left out. */
const optional: Setting<string | undefined> = (value) => {
  const v = value?.trim();
  return v === '' ? undefined : v;
};
/** An optional http(s) address. */
const optionalUrl: Setting<string | undefined> = (value, name, problems) => {
  const v = optional(value, name, problems);
  if (v !== undefined && !isHttpUrl(v)) problems.push(`${name} must be an http(s) URL`);
  return v;
};
/** A folder: `.data` when left out, never blank. */
const dataDir: Setting<string> = (value, name, problems) => {
  if (value === undefined) return '.data';
  const v = value.trim();
  if (v === '') problems.push(`${name} must not be blank`);
  return v;
};
/** A TCP port: 3000 when left out. */
const port: Setting<number> = (value, name, problems) => {
  if (value === undefined) return 3000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) problems.push(`${name} must be a port number`);
  return n;
};
/** DEMO_DATA: on (the default) or off; demoWanted says which words mean which. */
const demoData: Setting<boolean> = (value, _name, problems) => {
  try {
    return demoWanted(value);
  } catch (e) {
    problems.push((e as Error).message);
    return true;
  }
};

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

type Settings = Record<string, Setting<unknown>>;
type Read<F extends Settings> = { -readonly [K in keyof F]: F[K] extends Setting<infer T> ? T : never };

/** A schema of named settings: each read from the variable of its name, problems in the order given. */
function settings<F extends Settings>(fields: F): ConfigSchema<Read<F>> {
  return (env, problems) => {
    const out: Record<string, unknown> = {};
    for (const [name, setting] of Object.entries(fields)) out[name] = setting(env[name], name, problems);
    return out as Read<F>;
  };
}

/** Parses `env` with `schema`, or throws a ConfigError naming the settings at fault. */
export function parseConfig<T>(entry: string, schema: ConfigSchema<T>, env: NodeJS.ProcessEnv): T {
  const problems: string[] = [];
  const config = schema(env, problems);
  if (problems.length > 0) throw new ConfigError(entry, problems);
  return config;
}

const deployedStore = { TABLE_NAME: required, DYNAMODB_ENDPOINT: optionalUrl };

/** The table of a deployed function: always named by the stack, never guessed. */
export const deployedStoreSchema = settings(deployedStore);

const userPool = { COGNITO_USER_POOL_ID: required, AWS_REGION: optional, COGNITO_DOMAIN: optional };

/** The user pool whose ID tokens the api and exports functions accept. */
export const userPoolSchema = settings(userPool);

/** The same, with the web client the tokens must be for. */
export const webClientSchema = settings({ ...userPool, COGNITO_CLIENT_ID: required });

/** The documents bucket a deployed function keeps files in (S3_ENDPOINT: an S3-compatible one, in tests). */
const documentsBucket = { DOCUMENTS_BUCKET: required, S3_ENDPOINT: optionalUrl };

/** The documents bucket of a deployed function, on its own (depsFromEnv). */
export const documentsSchema = settings({ ...documentsBucket, AWS_REGION: optional });

/** The api function: its table, its documents bucket and the web origin CORS lets in (its user pool: webClientSchema). */
export const apiSchema = settings({ ...deployedStore, WEB_ORIGIN: optionalUrl, ...documentsBucket });

/** The admin function: as the api, without documents (none of its routes keeps a file). */
export const adminSchema = settings({ ...deployedStore, WEB_ORIGIN: optionalUrl });

/**
 * The exports function's web client: COGNITO_CLIENT_ID, or COGNITO_CLIENT_ID_PARAMETER, the SSM parameter
 * that holds it (read at cold start). Its table: deployedStoreSchema.
 */
const exportsClient = settings({
  ...userPool,
  COGNITO_CLIENT_ID: optional,
  COGNITO_CLIENT_ID_PARAMETER: optional,
});
export const exportsClientSchema: typeof exportsClient = (env, problems) => {
  const config = exportsClient(env, problems);
  if (!config.COGNITO_CLIENT_ID && !config.COGNITO_CLIENT_ID_PARAMETER) {
    problems.push('COGNITO_CLIENT_ID or COGNITO_CLIENT_ID_PARAMETER must be set');
  }
  return config;
};

/** The tick function: its table and how it mails (SES, from a verified identity). */
export const tickSchema = settings({
  ...deployedStore,
  MAIL_FROM: required,
  PUBLIC_URL: optionalUrl,
  SES_CONFIGURATION_SET: optional,
  AWS_REGION: optional,
});
export type TickConfig = ConfigOf<typeof tickSchema>;

/** The anchor function: the Object Lock bucket it writes to (S3_ENDPOINT: a local S3, in tests). */
export const anchorSchema = settings({
  ANCHOR_BUCKET: required,
  AWS_REGION: optional,
  S3_ENDPOINT: optionalUrl,
  S3_ACCESS_KEY_ID: optional,
  S3_SECRET_ACCESS_KEY: optional,
});

/**
 * The store of a local tool: DYNAMODB_ENDPOINT, or else the embedded DynamoDB Local on the files under
 * DATA_DIR. The embedded store holds one table, the one `npm start` creates; a DynamoDB given by its
 * endpoint may hold any, so there TABLE_NAME must be given.
 */
const localStoreSettings = settings({
  DATA_DIR: dataDir,
  DYNAMODB_ENDPOINT: optionalUrl,
  TABLE_NAME: optional,
});
const localStore: ConfigSchema<{ dataDir: string; dynamoEndpoint: string | undefined; tableName: string }> = (
  env,
  problems,
) => {
  const { DATA_DIR, DYNAMODB_ENDPOINT, TABLE_NAME } = localStoreSettings(env, problems);
  const tableName = TABLE_NAME ?? (DYNAMODB_ENDPOINT ? undefined : TABLE_NAME_DEFAULT);
  if (tableName === undefined) problems.push('TABLE_NAME must be set with DYNAMODB_ENDPOINT');
  return { dataDir: DATA_DIR, dynamoEndpoint: DYNAMODB_ENDPOINT, tableName: tableName ?? '' };
};

/**
 * `npm start`: the port, the data folder, an outside DynamoDB if any, and whether to load the demo data
 * (SPEC.md, "Running it"; off to open a real city on an empty store). Its table is the local one.
 */
export const localServerSchema = settings({
  PORT: port,
  DATA_DIR: dataDir,
  DYNAMODB_ENDPOINT: optionalUrl,
  DEMO_DATA: demoData,
  // Another S3 for the documents, with its bucket DOCUMENTS_BUCKET (made beforehand); else the embedded one.
  S3_ENDPOINT: optionalUrl,
  DOCUMENTS_BUCKET: optional,
});
export type LocalServerConfig = ConfigOf<typeof localServerSchema>;

const tickCli = settings({ PUBLIC_URL: optionalUrl, PORT: port });

/** `npm run tick`: the store, and the web address for links in mails (default: the local server's). */
export const tickCliSchema: ConfigSchema<ConfigOf<typeof localStore> & { publicUrl: string }> = (
  env,
  problems,
) => {
  const { PUBLIC_URL, PORT } = tickCli(env, problems);
  return { ...localStore(env, problems), publicUrl: PUBLIC_URL ?? `http://localhost:${PORT}` };
};

const checkCli = settings({ ANCHOR_BUCKET: optional, ANCHOR_FILE: optional });

/** The checks (`npm run audit:verify`, `npm run check:consistency`): the store, and where the anchors are. */
export const checkCliSchema: ConfigSchema<
  ConfigOf<typeof localStore> & { anchorBucket: string | undefined; anchorFile: string | undefined }
> = (env, problems) => {
  const { ANCHOR_BUCKET, ANCHOR_FILE } = checkCli(env, problems);
  return { ...localStore(env, problems), anchorBucket: ANCHOR_BUCKET, anchorFile: ANCHOR_FILE };
};
export type CheckCliConfig = ConfigOf<typeof checkCliSchema>;

const cityCreateCli = settings({ COGNITO_USER_POOL_ID: optional, COGNITO_ENDPOINT: optionalUrl });

/** `npm run city:create`: the store, and the user pool of the admin (or the local directory without one). */
export const cityCreateCliSchema: ConfigSchema<
  ConfigOf<typeof localStore> & { userPoolId: string | undefined; cognitoEndpoint: string | undefined }
> = (env, problems) => {
  const { COGNITO_USER_POOL_ID, COGNITO_ENDPOINT } = cityCreateCli(env, problems);
  return {
    ...localStore(env, problems),
    userPoolId: COGNITO_USER_POOL_ID,
    cognitoEndpoint: COGNITO_ENDPOINT,
  };
};
