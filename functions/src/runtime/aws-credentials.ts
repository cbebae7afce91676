/**
 * The credentials of a function's role, as Lambda puts them in the environment: what every AWS call made
 * without the SDK signs with (the table's client in store/dynamo-client.ts, SES and S3 in aws-fetch.ts).
 */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** No credentials where they were expected: a deployment's fault, never retried. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

/** The role's credentials from the environment; a CredentialsError naming what is missing. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) {
    throw new CredentialsError(
      'No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
    );
  }
  const sessionToken = env.AWS_SESSION_TOKEN?.trim() || undefined;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
