/**
 * The validated configuration of each entry point: zod over the environment, read once at start, so that a
 * missing or malformed setting stops the process with its name instead of surfacing as a wrong table or a
 * broken link later. Every setting an entry point reads is in its schema; nothing else reads process.env.
 */
import { z } from 'zod';
import { TABLE_NAME_DEFAULT } from '#store/table';
import { demoWanted } from '../local/demo-data.ts';

/** A configuration that does not validate; the message names every setting at fault. */
export class ConfigError extends Error {
  constructor(entry: string, problems: readonly string[]) {
    super(`${entry}: invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const required = (name: string) =>
  z
    .string({ error: `${name} must be set` })
    .trim()
    .min(1, `${name} must be set`);
const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const url = (name: string) => z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` });
const optionalUrl = (name: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(url(name).optional());
const port = z.coerce
  .number({ error: 'PORT must be a port number' })
  .int('PORT must be a port number')
  .min(0, 'PORT must be a port number')
  .max(65535, 'PORT must be a port number');

/** Parses `env` with `schema`, or throws a ConfigError naming the settings at fault. */
export function parseConfig<S extends z.ZodType>(
  entry: string,
  schema: S,
  env: NodeJS.ProcessEnv,
): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    entry,
    parsed.error.issues.map((i) => i.message),
  );
}

/** The table of a deployed function: always named by the stack, never guessed. */
export const deployedStoreSchema = z.object({
  TABLE_NAME: required('TABLE_NAME'),
  DYNAMODB_ENDPOINT: optionalUrl('DYNAMODB_ENDPOINT'),
});

/** The user pool whose ID tokens the api and exports functions accept. */
export const userPoolSchema = z.object({
  COGNITO_USER_POOL_ID: required('COGNITO_USER_POOL_ID'),
  AWS_REGION: optional,
  COGNITO_DOMAIN: optional,
});

/** The same, with the web client the tokens must be for. */
export const webClientSchema = userPoolSchema.extend({ COGNITO_CLIENT_ID: required('COGNITO_CLIENT_ID') });

/** The documents bucket a deployed function keeps files in (S3_ENDPOINT: an S3-compatible one, in tests). */
const documentsBucket = {
  DOCUMENTS_BUCKET: required('DOCUMENTS_BUCKET'),
  S3_ENDPOINT: optionalUrl('S3_ENDPOINT'),
};

/** The documents bucket of a deployed function, on its own (depsFromEnv). */
export const documentsSchema = z.object({ ...documentsBucket, AWS_REGION: optional });

/** The api function: its table, its documents bucket and the web origin CORS lets in (its user pool: webClientSchema). */
export const apiSchema = deployedStoreSchema.extend({
  WEB_ORIGIN: optionalUrl('WEB_ORIGIN'),
  ...documentsBucket,
});

/**
 * The exports function's web client: COGNITO_CLIENT_ID, or COGNITO_CLIENT_ID_PARAMETER, the SSM parameter
 * that holds it (read at cold start). Its table: deployedStoreSchema.
 */
export const exportsClientSchema = userPoolSchema
  .extend({ COGNITO_CLIENT_ID: optional, COGNITO_CLIENT_ID_PARAMETER: optional })
  .refine((env) => env.COGNITO_CLIENT_ID || env.COGNITO_CLIENT_ID_PARAMETER, {
    message: 'COGNITO_CLIENT_ID or COGNITO_CLIENT_ID_PARAMETER must be set',
  });

/** The tick function: its table and how it mails (SES, from a verified identity). */
export const tickSchema = deployedStoreSchema.extend({
  MAIL_FROM: required('MAIL_FROM'),
  PUBLIC_URL: optionalUrl('PUBLIC_URL'),
  SES_CONFIGURATION_SET: optional,
  AWS_REGION: optional,
});
export type TickConfig = z.output<typeof tickSchema>;

/** The anchor function: the Object Lock bucket it writes to (S3_ENDPOINT: a local S3, in tests). */
export const anchorSchema = z.object({
  ANCHOR_BUCKET: required('ANCHOR_BUCKET'),
  AWS_REGION: optional,
  S3_ENDPOINT: optionalUrl('S3_ENDPOINT'),
  S3_ACCESS_KEY_ID: optional,
  S3_SECRET_ACCESS_KEY: optional,
});

/**
 * The store of a local tool: DYNAMODB_ENDPOINT, or else the embedded DynamoDB Local on the files under
 * DATA_DIR. The embedded store holds one table, the one `npm start` creates; a DynamoDB given by its
 * endpoint may hold any, so there TABLE_NAME must be given.
 */
const localStore = z
  .object({
    DATA_DIR: z.string().trim().min(1).default('.data'),
    DYNAMODB_ENDPOINT: optionalUrl('DYNAMODB_ENDPOINT'),
    TABLE_NAME: optional,
  })
  .transform((env, ctx) => {
    const tableName = env.TABLE_NAME ?? (env.DYNAMODB_ENDPOINT ? undefined : TABLE_NAME_DEFAULT);
    if (tableName === undefined) {
      ctx.addIssue({ code: 'custom', message: 'TABLE_NAME must be set with DYNAMODB_ENDPOINT' });
      return z.NEVER;
    }
    return { dataDir: env.DATA_DIR, dynamoEndpoint: env.DYNAMODB_ENDPOINT, tableName };
  });

/** DEMO_DATA: on (the default) or off; demoWanted says which words mean which. */
const demoData = z
  .string()
  .optional()
  .transform((v, ctx) => {
    try {
      return demoWanted(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

/**
 * `npm start`: the port, the data folder, an outside DynamoDB if any, and whether to load the demo data
 * (SPEC.md, "Running it"; off to open a real city on an empty store). Its table is the local one.
 */
export const localServerSchema = z.object({
  PORT: port.default(3000),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  DYNAMODB_ENDPOINT: optionalUrl('DYNAMODB_ENDPOINT'),
  DEMO_DATA: demoData,
  // Another S3 for the documents, with its bucket DOCUMENTS_BUCKET (made beforehand); else the embedded one.
  S3_ENDPOINT: optionalUrl('S3_ENDPOINT'),
  DOCUMENTS_BUCKET: optional,
});
export type LocalServerConfig = z.output<typeof localServerSchema>;

/** `npm run tick`: the store, and the web address for links in mails (default: the local server's). */
export const tickCliSchema = z
  .object({ PUBLIC_URL: optionalUrl('PUBLIC_URL'), PORT: port.default(3000) })
  .and(localStore)
  .transform(({ PUBLIC_URL, PORT, ...store }) => ({
    ...store,
    publicUrl: PUBLIC_URL ?? `http://localhost:${PORT}`,
  }));

/** The checks (`npm run audit:verify`, `npm run check:consistency`): the store, and where the anchors are. */
export const checkCliSchema = z
  .object({ ANCHOR_BUCKET: optional, ANCHOR_FILE: optional })
  .and(localStore)
  .transform(({ ANCHOR_BUCKET, ANCHOR_FILE, ...store }) => ({
    ...store,
    anchorBucket: ANCHOR_BUCKET,
    anchorFile: ANCHOR_FILE,
  }));
export type CheckCliConfig = z.output<typeof checkCliSchema>;

/** `npm run city:create`: the store, and the user pool of the admin (or the local directory without one). */
export const cityCreateCliSchema = z
  .object({ COGNITO_USER_POOL_ID: optional, COGNITO_ENDPOINT: optionalUrl('COGNITO_ENDPOINT') })
  .and(localStore)
  .transform(({ COGNITO_USER_POOL_ID, COGNITO_ENDPOINT, ...store }) => ({
    ...store,
    userPoolId: COGNITO_USER_POOL_ID,
    cognitoEndpoint: COGNITO_ENDPOINT,
  }));
