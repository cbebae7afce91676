/**
 * The table's client: DynamoDB's JSON protocol (a signed POST per operation) over a keep-alive
 * connection, with the document marshalling the store relies on. Ours and not the AWS SDK's
 * (DynamoDBDocumentClient), because the SDK was the largest part of every Lambda's cold start: about
 * 230 KB of the api bundle's 648 KB minified (@smithy/core alone 119 KB) and a good share of its module
 * load, for the ten operations below. This client with its two small dependencies (`aws4`'s SigV4
 * signer, @aws-sdk/util-dynamodb's marshall/unmarshall) bundles to about 15 KB and loads in a few
 * milliseconds (bench/findings.md, 2026-11-30, for the figures before and after).
 *
 * What it keeps of the SDK's behaviour, because the store depends on it:
 * - marshalling as the document client did (`removeUndefinedValues`, no class instances as maps, numbers
 *   as JS numbers, Sets as sets) of every item, key, value and cursor in and out;
 * - errors named as DynamoDB names them (`__type`): ConditionalCheckFailedException,
 *   TransactionCanceledException with its CancellationReasons, … with `$metadata.httpStatusCode`;
 * - the retry policy of the SDK's `standard` mode: 3 attempts; network errors, timeouts, HTTP 5xx and
 *   throttling retried after a random wait between 0 and base × 2^attempt (full jitter), base 100 ms, or
 *   500 ms after throttling; a failed condition or a validation error is not retried;
 * - a ClientRequestToken on each TransactWriteItems, the same over its retries, so that a transaction
 *   whose answer was lost is not applied twice (DynamoDB answers the retry as the first);
 * - a connection timeout (2 s) and an idle timeout (8 s) per attempt.
 *
 * Hooks replace the SDK's middleware stack for the tests and the bench: `aroundCall` sees each call once
 * (its operation and document input, which it may change, and its output), `aroundAttempt` each attempt
 * inside the retries (and may answer an attempt with an error without sending it: throttling tests).
 */
import { randomUUID } from 'node:crypto';
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type {
  AttributeValue,
  CreateTableCommandInput,
  CreateTableCommandOutput,
  DescribeTableCommandInput,
  DescribeTableCommandOutput,
  ListTablesCommandInput,
  ListTablesCommandOutput,
} from '@aws-sdk/client-dynamodb';
import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactGetCommandInput,
  TransactGetCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import aws4 from 'aws4';
import { type AwsCredentials, credentialsFromEnv } from '#runtime/aws-credentials';
import { NETWORK_ERROR_CODES } from './errors.ts';

type Io<I, O> = { readonly input: I; readonly output: Omit<O, '$metadata'> };

/** The operations of the table (the document shapes of lib-dynamodb's types), and a few of its control plane. */
export interface Operations {
  GetItem: Io<GetCommandInput, GetCommandOutput>;
  PutItem: Io<PutCommandInput, PutCommandOutput>;
  UpdateItem: Io<UpdateCommandInput, UpdateCommandOutput>;
  DeleteItem: Io<DeleteCommandInput, DeleteCommandOutput>;
  Query: Io<QueryCommandInput, QueryCommandOutput>;
  Scan: Io<ScanCommandInput, ScanCommandOutput>;
  BatchGetItem: Io<BatchGetCommandInput, BatchGetCommandOutput>;
  BatchWriteItem: Io<BatchWriteCommandInput, BatchWriteCommandOutput>;
  TransactGetItems: Io<TransactGetCommandInput, TransactGetCommandOutput>;
  TransactWriteItems: Io<TransactWriteCommandInput, TransactWriteCommandOutput>;
  DescribeTable: Io<DescribeTableCommandInput, DescribeTableCommandOutput>;
  CreateTable: Io<CreateTableCommandInput, CreateTableCommandOutput>;
  ListTables: Io<ListTablesCommandInput, ListTablesCommandOutput>;
}
export type Operation = keyof Operations;

/** Operations whose input and output hold no items: sent and read as they are. */
const CONTROL_PLANE = new Set<Operation>(['DescribeTable', 'CreateTable', 'ListTables']);

type Json = Record<string, unknown>;

/** One call as the hooks see it: `input` is the document input, and a call hook may replace it. */
export interface Call {
  readonly operation: Operation;
  input: Json;
  /** Distinguishes calls (the attempts of one call share it). */
  readonly id: number;
}

export interface Attempt extends Call {
  /** 1 for the first attempt. */
  readonly attempt: number;
}

export type CallHook = (call: Call, next: () => Promise<Json>) => Promise<Json>;
export type AttemptHook = (attempt: Attempt, next: () => Promise<Json>) => Promise<Json>;

export interface ClientOptions {
  /** A local or custom endpoint (DynamoDB Local); unset in AWS. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  /**
   * Attempts per call (default 3). What still fails becomes StoreUnavailableError in the store (→ 503
   * with Retry-After), so that the client backs off rather than the function holding the request.
   * test/e2e/reliability/throttling.test.ts proves the backoff, the jitter and the bound.
   */
  readonly maxAttempts?: number;
  /** Milliseconds to open a connection (default 2 s) and that a request may sit idle (default 8 s). */
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

// ------------------------------------------------------------------ errors

/** An error DynamoDB answered (named by its `__type`), or a failure to reach it. */
export class DynamoError extends Error {
  readonly $metadata: { readonly httpStatusCode?: number | undefined };
  constructor(name: string, message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
  }
}

export class ConditionalCheckFailedException extends DynamoError {
  /** The item as it was, when the write asked for it (ReturnValuesOnConditionCheckFailure). */
  readonly Item?: Json | undefined;
  constructor(message: string, status: number, item?: Json) {
    super('ConditionalCheckFailedException', message, status);
    this.Item = item;
  }
}

export interface CancellationReason {
  readonly Code?: string | undefined;
  readonly Message?: string | undefined;
  readonly Item?: Json | undefined;
}

export class TransactionCanceledException extends DynamoError {
  /** One per item of the transaction, in order; `None` for the items that were not the cause. */
  readonly CancellationReasons: CancellationReason[];
  constructor(message: string, status: number, reasons: CancellationReason[]) {
    super('TransactionCanceledException', message, status);
    this.CancellationReasons = reasons;
  }
}

export class ResourceNotFoundException extends DynamoError {
  constructor(message: string, status: number) {
    super('ResourceNotFoundException', message, status);
  }
}

function errorOf(status: number, body: Json): DynamoError {
  const type =
    String(body.__type ?? '')
      .split('#')
      .pop() || `HTTP${status}`;
  const message = String(body.message ?? body.Message ?? `DynamoDB answered HTTP ${status}`);
  if (type === 'ConditionalCheckFailedException')
    return new ConditionalCheckFailedException(message, status, fromAttributes(body.Item));
  if (type === 'TransactionCanceledException') {
    const reasons = Array.isArray(body.CancellationReasons) ? (body.CancellationReasons as Json[]) : [];
    return new TransactionCanceledException(
      message,
      status,
      reasons.map((r) => ({
        Code: r.Code as string | undefined,
        Message: r.Message as string | undefined,
        Item: fromAttributes(r.Item),
      })),
    );
  }
  if (type === 'ResourceNotFoundException') return new ResourceNotFoundException(message, status);
  return new DynamoError(type, message, status);
}

// ------------------------------------------------------------------ retries

/** As the SDK's standard mode classifies them (@smithy/service-error-classification). */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
  'TransactionInProgressException',
]);
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

const isThrottling = (e: unknown) => THROTTLING.has((e as { name?: string })?.name ?? '');

export function isRetryable(e: unknown, depth = 0): boolean {
  if (e === null || typeof e !== 'object' || depth > 5) return false;
  const err = e as { name?: string; code?: string; cause?: unknown; $metadata?: { httpStatusCode?: number } };
  if (
    THROTTLING.has(err.name ?? '') ||
    TRANSIENT.has(err.name ?? '') ||
    NETWORK_ERROR_CODES.has(err.code ?? '')
  )
    return true;
  if ([500, 502, 503, 504].includes(err.$metadata?.httpStatusCode ?? 0)) return true;
  return err.cause !== undefined && isRetryable(err.cause, depth + 1);
}

/** A random wait between 0 and base × 2^attempt, at most 20 s (the SDK's full jitter). */
function backoffMs(error: unknown, attempt: number): number {
  const base = isThrottling(error) ? 500 : 100;
  return Math.floor(Math.random() * Math.min(20_000, base * 2 ** attempt));
}

// ------------------------------------------------------------------ marshalling

const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;
/** Attributes whose value is one item (or key, or values of an expression) … */
const ATTRIBUTE_MAPS = new Set([
  'Item',
  'Key',
  'ExpressionAttributeValues',
  'ExclusiveStartKey',
  'LastEvaluatedKey',
  'Attributes',
]);
/** … or a list of them. */
const ATTRIBUTE_MAP_LISTS = new Set(['Items', 'Keys']);

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const fromAttributes = (v: unknown): Json | undefined => (isObject(v) ? fromWire(v) : undefined);

/**
 * Converts every item in a request or an answer with `convert`, wherever the protocol puts one: under
 * the names above, in BatchGetItem's `Responses` (lists of items by table), and nested in RequestItems,
 * TransactItems, UnprocessedItems …, whose other members are copied as they are.
 */
function convertItems(value: unknown, convert: (item: Json) => Json): unknown {
  if (Array.isArray(value)) return value.map((v) => convertItems(v, convert));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (ATTRIBUTE_MAPS.has(name) && isObject(v)) out[name] = convert(v);
    else if (ATTRIBUTE_MAP_LISTS.has(name) && Array.isArray(v)) out[name] = v.map((i) => convert(i as Json));
    else if (name === 'Responses' && isObject(v))
      out[name] = Object.fromEntries(
        Object.entries(v).map(([table, items]) => [table, (items as Json[]).map(convert)]),
      );
    else out[name] = convertItems(v, convert);
  }
  return out;
}

const toWire = (item: Json): Json => binaries(marshall(item, MARSHALL), 'encode');
const fromWire = (item: Json): Json => unmarshall(binaries(item, 'decode') as Record<string, AttributeValue>);

/**
 * The JSON protocol carries binary values (B, BS) as base64; marshall and unmarshall deal in bytes
 * (Uint8Array, as the SDK's protocol layer gave them). Converts them in place, at any depth.
 */
function binaries<T extends object>(values: T, way: 'encode' | 'decode'): T {
  const convert = (b: unknown) =>
    way === 'encode'
      ? Buffer.from(b as Uint8Array).toString('base64')
      : Uint8Array.from(Buffer.from(String(b), 'base64'));
  const walk = (v: unknown): void => {
    if (!isObject(v)) return;
    if (v.B !== undefined) v.B = convert(v.B);
    else if (Array.isArray(v.BS)) v.BS = v.BS.map(convert);
    else if (isObject(v.M)) for (const x of Object.values(v.M)) walk(x);
    else if (Array.isArray(v.L)) for (const x of v.L) walk(x);
  };
  for (const v of Object.values(values)) walk(v);
  return values;
}

// ------------------------------------------------------------------ the client

/** An endpoint of AWS itself (e.g. https://dynamodb.eu-west-1.amazonaws.com) uses real credentials. */
export const isAwsEndpoint = (endpoint: string) => /\.amazonaws\.com(\.cn)?(:\d+)?\/?$/i.test(endpoint);

/** DynamoDB Local accepts any credentials. */
const LOCAL_CREDENTIALS: AwsCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export class DynamoClient {
  readonly #url: URL;
  readonly #region: string;
  readonly #credentials: () => AwsCredentials;
  readonly #maxAttempts: number;
  readonly #connectMs: number;
  readonly #idleMs: number;
  /**
   * node:http with a keep-alive agent rather than fetch (undici, also keep-alive): 2,000 signed GetItems
   * against DynamoDB Local, one at a time, took 0.63 ms of this process's CPU each over node:http and 1.46 ms
   * over fetch (654 and 420 per second; 16 at a time: 0.47 and 0.87 ms), and node:http gives both timeouts
   * directly (bench/findings.md, 2026-11-30). At most 50 sockets, as the SDK's handler had.
   */
  readonly #agent: HttpAgent;
  readonly #callHooks: CallHook[] = [];
  readonly #attemptHooks: AttemptHook[] = [];
  #calls = 0;

  constructor(options: ClientOptions = {}) {
    this.#region = options.region ?? process.env.AWS_REGION ?? 'eu-west-1';
    const endpoint = options.endpoint ?? `https://dynamodb.${this.#region}.amazonaws.com`;
    this.#url = new URL(endpoint);
    const local = options.endpoint !== undefined && !isAwsEndpoint(options.endpoint);
    this.#credentials = local ? () => LOCAL_CREDENTIALS : () => credentialsFromEnv();
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#connectMs = options.connectionTimeoutMs ?? 2_000;
    this.#idleMs = options.requestTimeoutMs ?? 8_000;
    const Agent = this.#url.protocol === 'https:' ? HttpsAgent : HttpAgent;
    this.#agent = new Agent({ keepAlive: true, maxSockets: 50 });
  }

  /** Sends one operation, with its retries; the answer's items unmarshalled. */
  async send<O extends Operation>(
    operation: O,
    input: Operations[O]['input'],
  ): Promise<Operations[O]['output']> {
    const call: Call = { operation, input: { ...input }, id: ++this.#calls };
    if (operation === 'TransactWriteItems' && call.input.ClientRequestToken === undefined)
      call.input.ClientRequestToken = randomUUID();
    const out = await this.#through(this.#callHooks, call, () => this.#retrying(call));
    return out as Operations[O]['output'];
  }

  /** Adds a hook around each call (once per call, outside the retries); returns what removes it. */
  aroundCall(hook: CallHook): () => void {
    return this.#add(this.#callHooks, hook);
  }

  /** Adds a hook around each attempt (inside the retries: an error it throws is retried as DynamoDB's). */
  aroundAttempt(hook: AttemptHook): () => void {
    return this.#add(this.#attemptHooks, hook);
  }

  /** Closes the kept-alive connections (a process that is done with the table exits without waiting). */
  destroy(): void {
    this.#agent.destroy();
  }

  #add<H>(hooks: H[], hook: H): () => void {
    hooks.push(hook);
    return () => {
      const i = hooks.indexOf(hook);
      if (i >= 0) hooks.splice(i, 1);
    };
  }

  #through<C>(
    hooks: readonly ((c: C, next: () => Promise<Json>) => Promise<Json>)[],
    c: C,
    last: () => Promise<Json>,
  ) {
    const step = (i: number): Promise<Json> => {
      const hook = hooks[i];
      return hook ? hook(c, () => step(i + 1)) : last();
    };
    return step(0);
  }

  async #retrying(call: Call): Promise<Json> {
    const plain = CONTROL_PLANE.has(call.operation);
    const body = JSON.stringify(plain ? call.input : convertItems(call.input, toWire));
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await this.#through(this.#attemptHooks, { ...call, attempt }, () =>
          this.#post(call.operation, body),
        );
        return plain ? out : (convertItems(out, fromWire) as Json);
      } catch (e) {
        if (attempt >= this.#maxAttempts || !isRetryable(e)) throw e;
        await new Promise((r) => setTimeout(r, backoffMs(e, attempt)));
      }
    }
  }

  async #post(operation: Operation, body: string): Promise<Json> {
    // Signed with `aws4` (node:crypto, synchronous) rather than aws4fetch's AwsV4Signer (WebCrypto, a
    // promise per hash): profiled under load at one connection, aws4fetch's signing was 538 µs of the
    // API's 2.2 ms of CPU per GET of a grant, most of it WebCrypto's asynchronous jobs (bench/findings.md,
    // "Signing each DynamoDB call"). aws4 derives the day's signing key once, as aws4fetch's cache did.
    const { headers } = aws4.sign(
      {
        host: this.#url.host,
        path: this.#url.pathname,
        method: 'POST',
        service: 'dynamodb',
        region: this.#region,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `DynamoDB_20120810.${operation}`,
        },
        body,
      },
      this.#credentials(),
    );
    const { status, text } = await this.#request(headers ?? {}, body);
    let answer: Json;
    try {
      answer = text ? (JSON.parse(text) as Json) : {};
    } catch {
      throw new DynamoError(
        status >= 500 ? 'InternalServerError' : 'UnexpectedAnswer',
        `DynamoDB at ${this.#url.host} answered HTTP ${status} with what is not JSON: ${text.slice(0, 200)}`,
        status,
      );
    }
    if (status >= 200 && status < 300) return answer;
    throw errorOf(status, answer);
  }

  #request(headers: OutgoingHttpHeaders, body: string): Promise<{ status: number; text: string }> {
    const url = this.#url;
    return new Promise((resolve, reject) => {
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        {
          hostname: url.hostname,
          port: url.port || undefined,
          path: url.pathname,
          method: 'POST',
          headers,
          agent: this.#agent,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      const timeout = (what: string, ms: number) =>
        req.destroy(new DynamoError('TimeoutError', `DynamoDB at ${url.host}: no ${what} within ${ms} ms`));
      req.setTimeout(this.#idleMs, () => timeout('answer', this.#idleMs));
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(() => timeout('connection', this.#connectMs), this.#connectMs);
        socket.once('connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
      });
      req.on('error', (e) => reject(e));
      req.end(body);
    });
  }
}
