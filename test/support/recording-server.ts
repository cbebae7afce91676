/**
 * A local HTTP server that records each request it receives and answers as the test says: the honest
 * stand-in for an AWS endpoint that has no emulator here (SES), or for an answer an emulator never gives
 * (throttling). Listens on 127.0.0.1, on a free port; close it in the test's teardown.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface RecordedRequest {
  readonly method: string;
  /** The path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Answer {
  /** Closes the connection without answering, as a network failure would. */
  readonly drop?: boolean;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface RecordingServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** What the next requests get (the n-th request, from 0, gets `answer(request, n)`). */
  answer: (request: RecordedRequest, n: number) => Answer;
  close(): Promise<void>;
}

export async function recordingServer(answer: RecordingServer['answer']): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const a = state.answer(recorded, requests.length - 1);
      if (a.drop) res.socket?.destroy();
      else res.writeHead(a.status, a.headers).end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state: RecordingServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
  return state;
}

/**
 * A recording server for the tests of one describe block: started before them and closed after; before each
 * test, its record is emptied and its answer set back to `answer`. Call the function returned in a test.
 */
export function recordingServerForTests(answer: RecordingServer['answer']): () => RecordingServer {
  let server: RecordingServer | undefined;
  beforeAll(async () => {
    server = await recordingServer(answer);
  });
  beforeEach(() => {
    if (!server) return;
    server.requests.length = 0;
    server.answer = answer;
  });
  afterAll(() => server?.close());
  return () => {
    if (!server) throw new Error('the recording server is not started');
    return server;
  };
}

const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The SigV4 signature AWS computes for a request as it arrived (its method, path as sent, sorted query,
 * the headers it names as signed, the body's hash), with the secret only the signer and AWS share: equal to
 * the request's own Signature when the signer canonicalised it as AWS does.
 */
export function sigV4Signature(
  req: RecordedRequest,
  secret: string,
  region: string,
  service: string,
): string {
  const auth = String(req.headers.authorization);
  const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const date = String(req.headers['x-amz-date']);
  const [path = '', search = ''] = req.url.split('?');
  const query = [...new URLSearchParams(search)]
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const payload = req.headers['x-amz-content-sha256'] ?? createHash('sha256').update(req.body).digest('hex');
  const canonical = [
    req.method,
    path,
    query,
    ...signed.map((h) => `${h}:${String(req.headers[h]).trim()}`),
    '',
    signed.join(';'),
    payload,
  ].join('\n');
  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical).digest('hex')].join(
    '\n',
  );
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = [date.slice(0, 8), region, service, 'aws4_request'].reduce<string | Buffer>(
    (key, part) => hmac(key, part),
    `AWS4${secret}`,
  );
  return hmac(signingKey, toSign).toString('hex');
}
