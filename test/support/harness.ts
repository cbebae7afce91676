/**
 * The system as the end-to-end tests see it: the real app over HTTP on a fresh table of the
 * DynamoDB Local that globalSetup started, with the demo data and a clock the test can move.
 */
import { inject } from 'vitest';
import type { User } from '#domain/types';
import { signLocalToken } from '#http/auth';
import { type RunningSystem, startSystem } from '../../functions/src/local/system.ts';

export interface TestSystem extends RunningSystem {
  /** Sets the clock the services see (an ISO instant), or back to the real time with undefined. */
  setNow(instant: string | undefined): void;
  as(email: string): Promise<Client>;
  /** A token for a user that is not in the demo (e.g. someone holding two roles). */
  asUser(user: User): Promise<Client>;
}

export interface Reply<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface Client {
  readonly token: string;
  get<T = any>(path: string, headers?: Record<string, string>): Promise<Reply<T>>;
  post<T = any>(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  event<T = any>(
    path: string,
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<Reply<T>>;
}

let counter = 0;

/** `webDir`: the built web front end to serve beside the API (browser tests). */
export async function startTestSystem(seed = true, opts: { webDir?: string } = {}): Promise<TestSystem> {
  let fixed: number | undefined;
  const system = await startSystem({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `t-${process.pid}-${Date.now()}-${counter++}`,
    seed,
    ...(opts.webDir ? { webDir: opts.webDir } : {}),
    clock: () => new Date(fixed ?? Date.now()),
  });
  const client = (token: string): Client => {
    const call = async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const res = await fetch(`${system.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    };
    return {
      token,
      get: (p, h) => call('GET', p, undefined, h),
      post: (p, b, h) => call('POST', p, b, h),
      patch: (p, b, h) => call('PATCH', p, b, h),
      put: (p, b, h) => call('PUT', p, b, h),
      event: (p, b, h) => call('POST', `${p}/events`, b, h),
    };
  };
  return {
    ...system,
    setNow: (instant) => {
      fixed = instant === undefined ? undefined : Date.parse(instant);
    },
    as: async (email) => {
      const res = await fetch(`${system.url}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      const { token } = (await res.json()) as { token: string };
      return client(token);
    },
    asUser: async (user) => {
      await system.deps.store.putUser(user);
      return client(await signLocalToken(system.auth, user, new Date()));
    },
  };
}

/** A fast-track application of the size and shape a small Sfax CSO sends. */
export function fastApplication(overrides: Record<string, unknown> = {}) {
  return {
    track: 'fast',
    title: 'Emergency winter clothing distribution',
    summary: 'Warm clothes for families arriving this winter.',
    need: 'Families arrive with summer clothes; nights are cold.',
    targetGroups: ['families in transit'],
    amountRequested: { amount: 5_000_000, currency: 'TND' },
    budget: [
      { label: 'Clothes', amount: { amount: 4_000_000, currency: 'TND' } },
      { label: 'Transport', amount: { amount: 1_000_000, currency: 'TND' } },
    ],
    startDate: '2027-01-15',
    endDate: '2027-04-15',
    indicators: [{ name: 'families supported', target: 120 }],
    ...overrides,
  };
}
