/**
 * Calling an AWS API without the AWS SDK: a request signed with SigV4 by `aws4fetch` and sent with the
 * runtime's own `fetch`, retried a bounded number of times when AWS says to slow down or fails on its side.
 * The SDK's clients bring @smithy/core and @aws-sdk/core (about 150 KB minified) into every bundle that
 * uses one, and a cold start parses all of it; a function that makes one or two kinds of call needs only
 * this (bench/findings.md, "Mail and anchors without the SDK").
 *
 * Credentials come from the environment, as Lambda sets them for the function's role (the same rule as
 * infra/bundling.ts's credentials-from-environment for the SDK).
 */
import { AwsClient } from 'aws4fetch';
import type { AwsCredentials } from './aws-credentials.ts';

export { type AwsCredentials, credentialsFromEnv } from './aws-credentials.ts';

/** How often and how long to try again: `retries` more attempts, waits doubling from `baseMs` up to `maxMs`. */
export interface RetryPolicy {
  readonly retries: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Three more attempts, about 0.1, 0.2 and 0.4 s apart on average: enough to ride out a throttled second,
 * short enough that a job's run or a stream batch does not wait on an outage (its caller tries again later).
 */
export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseMs: 100, maxMs: 2_000 };

/** An answer AWS gave with an error status, or a call that never got one. */
export class AwsError extends Error {
  constructor(
    /** The service that answered, e.g. `ses`, `s3`. */
    readonly service: string,
    /** AWS's error type (`MessageRejected`, `NoSuchBucket`…), or the HTTP status when it named none. */
    readonly code: string,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    message: string,
  ) {
    super(`${service}: ${code}${status ? ` (HTTP ${status})` : ''}: ${message}`);
    this.name = 'AwsError';
  }
}

/** Whether an answer's status says the same request may succeed later: throttled, or failed on AWS's side. */
export const retryable = (status: number) => status === 429 || status >= 500;

/** Full jitter (AWS's recommended backoff): a random wait below the doubled base, capped. */
const backoff = (policy: RetryPolicy, attempt: number) =>
  Math.random() * Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Credentials, or where to read them when the first call is made (a function that makes none needs none). */
export type CredentialSource = AwsCredentials | (() => AwsCredentials);

/** One AWS service in one region, called with signed requests. */
export class AwsFetch {
  private signer: AwsClient | undefined;

  constructor(
    readonly service: string,
    readonly region: string,
    private readonly credentials: CredentialSource,
    readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  private client(): AwsClient {
    if (!this.signer) {
      const credentials = typeof this.credentials === 'function' ? this.credentials() : this.credentials;
      // aws4fetch's own retries are off: ours also retry a call that got no answer, and are bounded here.
      this.signer = new AwsClient({ ...credentials, service: this.service, region: this.region, retries: 0 });
    }
    return this.signer;
  }

  /**
   * Sends the request, signed anew for each attempt (the signature carries the time), and returns the
   * first answer that is not throttled or a server error, or the last one. A call that got no answer at
   * all (connection refused or reset) is tried again too, and after the last attempt is an AwsError.
   */
  async fetch(url: string, init: RequestInit): Promise<Response> {
    const client = this.client();
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.retry.retries;
      try {
        const res = await client.fetch(url, init);
        if (last || !retryable(res.status)) return res;
        // The body of an answer not used must be read or dropped, or its connection is not reused.
        await res.body?.cancel();
      } catch (e) {
        if (last) {
          throw new AwsError(this.service, 'NetworkError', 0, e instanceof Error ? e.message : String(e));
        }
      }
      await sleep(backoff(this.retry, attempt));
    }
  }
}
