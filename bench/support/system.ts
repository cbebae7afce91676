/**
 * The API in-process over a table of the bench's DynamoDB Local: the same app, services and store as
 * production, on a document client that counts its calls. Requests go through `app.request` (Hono's
 * fetch), so they take every middleware (auth, validation, errors) without a socket.
 */
import { randomBytes } from 'node:crypto';
import type { User } from '#domain/types';
import { createApp } from '#http/app';
import { type AuthConfig, LOCAL_AUDIENCE, LOCAL_ISSUER, signLocalToken } from '#http/auth';
import { USERS } from '#seed/data';
import { createDeps, type Deps } from '#services/deps';
import { ensureTable } from '#store/schema';
import { Store } from '#store/store';
import { type CallLog, type Clients, createClients } from './dynamo.ts';

export type LocalAuth = Extract<AuthConfig, { mode: 'local' }>;

export function localAuth(secret: Uint8Array = randomBytes(32)): LocalAuth {
  return { mode: 'local', secret, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE };
}

export interface Reply {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes
  readonly body: any;
  readonly headers: Headers;
  /** Wall time of the request, in the app and the store. */
  readonly ms: number;
}

export interface BenchSystem {
  readonly tableName: string;
  readonly deps: Deps;
  readonly log: CallLog;
  readonly clients: Clients;
  readonly auth: LocalAuth;
  /** A bearer token for a user of `users` (default: the demo users), by e-mail. */
  token(email: string): Promise<string>;
  request(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  close(): void;
}

export interface SystemOptions {
  readonly auth?: LocalAuth;
  readonly users?: readonly User[];
}

/** The request log line the production sink writes, serialised and dropped (so the cost stays, the noise goes). */
const quietLog = (entry: unknown) => {
  JSON.stringify(entry);
};

export async function openSystem(
  endpoint: string,
  tableName: string,
  options: SystemOptions = {},
): Promise<BenchSystem> {
  const auth = options.auth ?? localAuth();
  const users = options.users ?? USERS;
  const clients = createClients(endpoint, true);
  await ensureTable(clients.db, tableName);
  const deps = createDeps(new Store(clients.db, tableName));
  const app = createApp({ deps, auth, log: quietLog });
  const tokens = new Map<string, string>();
  return {
    tableName,
    deps,
    log: clients.log,
    clients,
    auth,
    async token(email) {
      const known = tokens.get(email);
      if (known) return known;
      const user = users.find((u) => u.email === email);
      if (!user) throw new Error(`no user ${email}`);
      const token = await signLocalToken(auth, user, new Date());
      tokens.set(email, token);
      return token;
    },
    async request(token, method, path, body, headers = {}) {
      const started = performance.now();
      const res = await app.request(path, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // CSV and other text: keep it as it is
      }
      return { status: res.status, body: parsed, headers: res.headers, ms };
    },
    close: () => clients.destroy(),
  };
}
