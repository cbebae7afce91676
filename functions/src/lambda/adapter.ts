/**
 * The api and admin functions' adapter between API Gateway (HTTP API, payload format 2.0) and the app.
 *
 * Ours rather than hono/aws-lambda's `handle`, for what each request costs. Hono's builds an undici
 * `Request` for every event (its URL parsed, an AbortSignal made, the headers copied) and reads the app's
 * `Response` back through its body's stream (`await res.text()`): web streams and undici were 16 % of the
 * function's CPU on `GET /v1/grants/{id}` (bench/findings.md, 2026-12-01). As @hono/node-server does for
 * `npm start` (whose own classes are not exported), the request here becomes a real `Request` only when
 * something asks for more than its method, URL and headers, and an answer made from a string or bytes keeps
 * them (`KeptResponse`), so that it is returned without a stream. What it returns is what Hono's adapter
 * returns: the same body, the same base64 rule (a binary content type, or any content encoding) and cookies.
 */
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context as LambdaContext,
} from 'aws-lambda';

/** What the adapter needs of an app: Hono's `fetch`, given the event and context as its environment. */
interface FetchApp {
  fetch(request: Request, env: LambdaEnv): Response | Promise<Response>;
}

/** The app's `c.env` under Lambda, as hono/aws-lambda gives it. */
export interface LambdaEnv {
  readonly event: APIGatewayProxyEventV2;
  readonly requestContext: APIGatewayProxyEventV2['requestContext'];
  readonly lambdaContext: LambdaContext;
}

export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: LambdaContext,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Node's own Request and Response, and the two classes below completed over them, at the first use: not at
 * import, because reading either global loads Node's fetch implementation (undici), tens of milliseconds of a
 * cold start that the first request pays anyway.
 */
interface Natives {
  readonly Request: typeof Request;
  readonly Response: typeof Response;
  readonly requestPrototype: object;
}
let natives: Natives | undefined;

/**
 * Defines on `target` every member of `source` (a prototype) that it lacks, as the same member of the real
 * object `real(this)` makes: what the light forms do not keep themselves, the real ones answer.
 */
function delegate<T>(target: object, source: object, real: (self: T) => object): void {
  // The whole chain: under the local server's tests, `Request` is @hono/node-server's subclass of Node's.
  for (let proto = source; proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || Object.hasOwn(target, name)) continue;
      const member = Object.getOwnPropertyDescriptor(proto, name);
      if (typeof member?.value === 'function') {
        Object.defineProperty(target, name, {
          value(this: T, ...args: unknown[]) {
            return (real(this) as Record<string, (...a: unknown[]) => unknown>)[name]?.(...args);
          },
        });
      } else if (member?.get) {
        Object.defineProperty(target, name, {
          get(this: T) {
            return (real(this) as Record<string, unknown>)[name];
          },
        });
      }
    }
  }
}

function nativeClasses(): Natives {
  if (natives) return natives;
  const { Request: NativeRequest, Response: NativeResponse } = globalThis;
  const requestPrototype: object = Object.create(NativeRequest.prototype, {
    method: {
      get(this: EventRequest) {
        return this[EVENT].requestContext.http.method;
      },
    },
    url: {
      get(this: EventRequest) {
        return this[URL_];
      },
    },
    headers: {
      get(this: EventRequest) {
        this[HEADERS] ??= headersOf(this[EVENT]);
        return this[HEADERS];
      },
    },
  });
  // Every other member of Request (body, signal, json(), clone()…) is the real request's.
  delegate(requestPrototype, NativeRequest.prototype, realRequest);
  // And of Response (body, text(), clone()…) the real answer's.
  delegate(KeptResponse.prototype, NativeResponse.prototype, KeptResponse.real);
  // `instanceof Response` holds for both, and Response.json() and the other statics stay the native ones.
  Object.setPrototypeOf(KeptResponse, NativeResponse);
  Object.setPrototypeOf(KeptResponse.prototype, NativeResponse.prototype);
  natives = { Request: NativeRequest, Response: NativeResponse, requestPrototype };
  return natives;
}

// ---- the request ------------------------------------------------------------------------------------

const EVENT = Symbol('event');
const URL_ = Symbol('url');
const HEADERS = Symbol('headers');
const REAL_REQUEST = Symbol('real request');

interface EventRequest {
  [EVENT]: APIGatewayProxyEventV2;
  [URL_]: string;
  [HEADERS]?: Headers;
  [REAL_REQUEST]?: Request;
}

/** Hono's rule: a header value with a character beyond ASCII is passed on percent-encoded. */
const headerValue = (value: string) => (/[\u0080-\uffff]/.test(value) ? encodeURIComponent(value) : value);

function headersOf(event: APIGatewayProxyEventV2): Headers {
  const headers = new Headers();
  if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));
  for (const name in event.headers) {
    const value = event.headers[name];
    if (value) headers.set(name, headerValue(value));
  }
  return headers;
}

function bodyOf(event: APIGatewayProxyEventV2): Uint8Array<ArrayBuffer> | undefined {
  if (!event.body) return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}

/** The real Request, made once by the first use that needs it (a body, a signal, a clone…). */
function realRequest(req: EventRequest & Request): Request {
  if (req[REAL_REQUEST]) return req[REAL_REQUEST];
  const { Request: NativeRequest } = nativeClasses();
  const event = req[EVENT];
  const body = bodyOf(event);
  const headers = req.headers;
  if (body) headers.set('content-length', String(body.length));
  req[REAL_REQUEST] = new NativeRequest(req[URL_], { method: req.method, headers, body });
  return req[REAL_REQUEST];
}

/** The event as a Request (payload format 2.0: the raw path and query, the cookies as a header). */
export function requestOf(event: APIGatewayProxyEventV2): Request {
  const req = Object.create(nativeClasses().requestPrototype) as EventRequest & Request;
  req[EVENT] = event;
  const host = event.requestContext?.domainName || event.headers?.host;
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  req[URL_] = `https://${host}${event.rawPath}${query}`;
  return req;
}

// ---- the answer -------------------------------------------------------------------------------------

const KEPT = Symbol('kept');
const REAL_RESPONSE = Symbol('real response');

/** The status, body and headers of an answer made from a string, bytes or nothing. */
type Kept = [status: number, body: string | Uint8Array | null, headers: Headers | HeadersInit | undefined];

/**
 * `Response` while the app runs under Lambda (installed by `handleHttpApi`, as @hono/node-server installs
 * its own under `npm start`): an answer made from a string, bytes or nothing keeps them, and becomes a real
 * Response only when something asks for more than its status and headers (its body's stream, a clone…).
 */
export class KeptResponse {
  [KEPT]?: Kept;
  [REAL_RESPONSE]?: Response;
  readonly #body: BodyInit | null | undefined;
  readonly #init: ResponseInit | undefined;

  constructor(body?: BodyInit | null, init?: ResponseInit) {
    this.#body = body;
    // Hono passes a Response as `init` to copy an answer (status, status text, headers).
    this.#init =
      init instanceof nativeClasses().Response
        ? { status: init.status, statusText: init.statusText, headers: new Headers(init.headers) }
        : init;
    if (body == null || typeof body === 'string' || body instanceof Uint8Array)
      this[KEPT] = [this.#init?.status ?? 200, body ?? null, this.#init?.headers];
  }

  get status(): number {
    return this[KEPT]?.[0] ?? KeptResponse.real(this).status;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return this[KEPT] ? (this.#init?.statusText ?? '') : KeptResponse.real(this).statusText;
  }

  get headers(): Headers {
    const kept = this[KEPT];
    if (!kept) return KeptResponse.real(this).headers;
    if (!(kept[2] instanceof Headers)) {
      // What a real Response would carry: a string body is text unless told otherwise.
      const headers = new Headers(kept[2]);
      if (typeof kept[1] === 'string' && !headers.has('content-type'))
        headers.set('content-type', 'text/plain;charset=UTF-8');
      kept[2] = headers;
    }
    return kept[2];
  }

  /** The real Response, made once, with the headers as they are now; the kept form is dropped. */
  static real(this: void, res: KeptResponse): Response {
    if (res[REAL_RESPONSE]) return res[REAL_RESPONSE];
    const headers = res[KEPT] ? res.headers : res.#init?.headers;
    const init = { status: res.#init?.status, statusText: res.#init?.statusText, headers };
    res[KEPT] = undefined;
    res[REAL_RESPONSE] = new (nativeClasses().Response)(res.#body, init);
    return res[REAL_RESPONSE];
  }
}

const TEXT_TYPE = /^text\/(?:plain|html|css|javascript|csv)|(?:\/|\+)(?:json|xml)\s*(?:;|$)/i;
const BINARY_XML_TYPE = /^application\/vnd\.(?:apple\.installer|mozilla\.xul)\+xml\s*(?:;|$)/i;

/**
 * hono/aws-lambda's `defaultIsContentTypeBinary`, written here: importing it keeps all of Hono's adapter in
 * the bundle (Hono does not declare its modules free of side effects). adapter.test.ts compares the two.
 */
export const isBinaryContentType = (type: string) => BINARY_XML_TYPE.test(type) || !TEXT_TYPE.test(type);

/** Hono's rule: base64 for a binary content type, or a body in any content encoding but identity. */
function isBinary(headers: Headers): boolean {
  const type = headers.get('content-type');
  if (type && isBinaryContentType(type)) return true;
  const encoding = headers.get('content-encoding');
  return !!encoding && !/^identity$/i.test(encoding);
}

async function bodyText(res: Response, binary: boolean): Promise<string> {
  const kept = res instanceof KeptResponse ? res[KEPT] : undefined;
  if (kept) {
    const body = kept[1];
    if (body === null) return '';
    if (typeof body === 'string') return binary ? Buffer.from(body).toString('base64') : body;
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return bytes.toString(binary ? 'base64' : 'utf8');
  }
  return binary ? Buffer.from(await res.arrayBuffer()).toString('base64') : await res.text();
}

/** The app's answer as API Gateway takes it: the headers by name, the cookies apart. */
export async function resultOf(res: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const headers = res.headers;
  const isBase64Encoded = isBinary(headers);
  const result: APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> } = {
    statusCode: res.status,
    body: await bodyText(res, isBase64Encoded),
    isBase64Encoded,
    headers: {},
  };
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') result.headers[name] = value;
  });
  const cookies = headers.getSetCookie();
  if (cookies.length) result.cookies = cookies;
  return result;
}

/**
 * The Lambda handler of `app` for API Gateway's HTTP API. Installs `KeptResponse` as the process's
 * `Response` (the function runs only this app, as the local server runs only node-server's).
 */
export function handleHttpApi(app: FetchApp): HttpApiHandler {
  // Node's Response is kept before it is replaced: the real answers are made from it.
  nativeClasses();
  if (globalThis.Response !== (KeptResponse as unknown)) {
    Object.defineProperty(globalThis, 'Response', {
      value: KeptResponse,
      writable: true,
      configurable: true,
    });
  }
  return async (event, lambdaContext) => {
    const env: LambdaEnv = { event, requestContext: event.requestContext, lambdaContext };
    return resultOf(await app.fetch(requestOf(event), env));
  };
}
