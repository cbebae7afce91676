/**
 * Faults: DynamoDB stops (its process is killed) in the middle of a load. While it is gone every answer
 * that needs it is 503 problem+json with Retry-After and /health is not 200; nothing is half applied;
 * when it is back the load goes on, and `npm run check:consistency` finds every record's state equal to
 * its last audit entry; every success the clients were told of is in the table.
 *
 * This test runs its own DynamoDB Local, on disk in a temp directory (so the data survives the kill),
 * on its own port, and kills only that process; the shared one of globalSetup is not touched.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '#domain/grant';
import { verifyAuditTrails } from '#ops/audit-verify';
import { checkConsistency } from '#ops/check-consistency';
import { CITIES, ORGANISATIONS, USERS } from '#seed/data';
import { type LocalDynamo, startLocalDynamo } from '#store/local-dynamo';
import { type RunningSystem, startSystem } from '../../../functions/src/local/system.ts';
import { fastApplication } from '../../support/harness.ts';
import { recordFigures, tally } from './figures.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TABLE = 'passerelle-faults';
const WORKERS = 10;

type Phase = 'before' | 'outage' | 'after';
interface Sent {
  readonly what: string;
  readonly phase: Phase;
  readonly status: number;
  readonly ms: number;
  readonly retryAfter: string | null;
  readonly problem: boolean;
  readonly body: any;
  /** performance.now() when the answer arrived */
  readonly doneAt: number;
}

describe('faults: DynamoDB stopped in the middle of a load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-faults-'));
  const processes: LocalDynamo[] = [];
  let sys: RunningSystem | undefined;
  let port = 0;
  // last resort: never leave a Java process behind, even if the run is cut short
  const killAll = () => {
    for (const p of processes) p.process.kill('SIGKILL');
  };

  beforeAll(async () => {
    process.once('exit', killAll);
    const dynamo = await startLocalDynamo({ dataDir: dir });
    processes.push(dynamo);
    port = Number(new URL(dynamo.endpoint).port);
    // the demo's cities, organisations and users, but not its records: writes on disk are slow
    sys = await startSystem({ dynamoEndpoint: dynamo.endpoint, tableName: TABLE, seed: false });
    const { store } = sys.deps;
    await Promise.all([
      ...CITIES.map((c) => store.putCity(c)),
      ...ORGANISATIONS.map((o) => store.putOrganisation(o)),
      ...USERS.map((u) => store.putUser(u)),
    ]);
  });

  afterAll(async () => {
    await sys?.close();
    for (const p of processes) await p.stop();
    process.off('exit', killAll);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while the store is gone, applies nothing by halves, and loses nothing', async () => {
    // Prepare: tokens, and a small client that logs every answer with the phase it came in
    const system = sys as RunningSystem;
    const login = async (email: string) => {
      const res = await fetch(`${system.url}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      return ((await res.json()) as { token: string }).token;
    };
    const [cso, officer, mayor] = (await Promise.all(
      ['cso@sfax.demo', 'officer@sfax.demo', 'mayor@sfax.demo'].map(login),
    )) as [string, string, string];
    let phase: Phase = 'before';
    const sent: Sent[] = [];
    const call = async (token: string, method: string, path: string, body?: unknown, headers = {}) => {
      const at = phase;
      const started = performance.now();
      const res = await fetch(`${system.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const entry: Sent = {
        what: `${method} ${path.replace(/g_[a-z0-9]+/, '{id}')}`,
        phase: at,
        status: res.status,
        ms: Math.round(performance.now() - started),
        retryAfter: res.headers.get('retry-after'),
        problem: (res.headers.get('content-type') ?? '').includes('application/problem+json'),
        body: text ? JSON.parse(text) : undefined,
        doneAt: performance.now(),
      };
      sent.push(entry);
      return entry;
    };
    let stopAt = Number.POSITIVE_INFINITY;
    const finished: string[] = [];
    const started: string[] = [];
    /** One grant from application to active, as a patient client: after a 503 it waits and retries. */
    const journey = async (key: string) => {
      let id: string | undefined;
      while (id === undefined) {
        if (Date.now() > stopAt) return;
        const res = await call(
          cso,
          'POST',
          '/v1/grants',
          fastApplication({ track: 'standard', title: key }),
          {
            'Idempotency-Key': key,
          },
        );
        if (res.status === 201) id = res.body.id as string;
        else await sleep(150);
      }
      started.push(id);
      const next: Record<string, [string, Record<string, unknown>]> = {
        draft: [cso, { type: 'submit' }],
        submitted: [officer, { type: 'start_review' }],
        in_review: [officer, { type: 'recommend', recommendation: 'approve', comment: 'Good.' }],
        recommended: [mayor, { type: 'approve' }],
        approved: [cso, { type: 'accept_award' }],
      };
      while (Date.now() <= stopAt) {
        const current = await call(officer, 'GET', `/v1/grants/${id}`);
        if (current.status !== 200) {
          await sleep(150);
          continue;
        }
        const step = next[current.body.state as string];
        if (!step) {
          finished.push(id);
          return;
        }
        // If-Match: a retry of a step whose answer was lost gets 412, never a second application
        const ifMatch = { 'If-Match': `"${current.body.version}"` };
        const res = await call(step[0], 'POST', `/v1/grants/${id}/events`, step[1], ifMatch);
        if (res.status === 422)
          await call(step[0], 'POST', `/v1/grants/${id}/events`, { type: 'declare_no_conflict' });
        if (res.status === 503) await sleep(150);
      }
    };
    const worker = async (w: number) => {
      for (let j = 0; Date.now() <= stopAt; j++) await journey(`fault-${w}-${j}`);
    };
    const health = async () => {
      const res = await fetch(`${system.url}/health`);
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        retryAfter: res.headers.get('retry-after'),
      };
    };

    // Act: load; kill DynamoDB mid-load; watch; restart it; let the load go on; stop
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    const successes = (p: Phase) => sent.filter((s) => s.phase === p && s.status < 300).length;
    // kill once the load is well under way (at least 40 successes), however fast this machine is
    for (let i = 0; i < 300 && successes('before') < 40; i++) await sleep(50);
    const killedAt = performance.now();
    phase = 'outage';
    (processes[0] as LocalDynamo).process.kill('SIGKILL');
    let downHealth = await health();
    for (let i = 0; i < 50 && downHealth.status === 200; i++) downHealth = await health();
    const healthDownMs = Math.round(performance.now() - killedAt);
    await sleep(1_500);
    const outageHealth = await health();
    const restarted = await startLocalDynamo({ port, dataDir: dir });
    const restartedAt = performance.now();
    processes.push(restarted);
    let upHealth = await health();
    for (let i = 0; i < 100 && upHealth.status !== 200; i++) {
      await sleep(100);
      upHealth = await health();
    }
    const downForMs = Math.round(performance.now() - killedAt);
    phase = 'after';
    // and stop once it has gone on for a while after the restart (at least 40 more successes)
    for (let i = 0; i < 300 && successes('after') < 40; i++) await sleep(50);
    stopAt = Date.now();
    await load;

    // Assess: while it was gone, 503 problem+json with Retry-After, on the API and on /health
    expect(downHealth).toEqual({ status: 503, type: 'application/problem+json', retryAfter: '5' });
    expect(outageHealth.status).toBe(503);
    expect(upHealth.status).toBe(200);
    const unavailable = sent.filter((s) => s.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const s of unavailable) {
      expect(s.problem).toBe(true);
      expect(s.retryAfter).toBe('5');
      expect(s.body).toMatchObject({ status: 503, type: expect.stringContaining('unavailable') });
    }
    // never a 500, in any phase; and the load went on after the store came back
    expect(sent.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]);
    expect(
      sent.filter((s) => s.phase === 'after' && (s.status === 200 || s.status === 201)).length,
    ).toBeGreaterThan(0);

    // nothing half applied: every record equals its last audit entry; every chain holds
    const consistency = await checkConsistency(system.deps.store);
    expect(consistency.mismatches).toEqual([]);
    const audit = await verifyAuditTrails(system.deps.store);
    expect(audit.altered).toEqual([]);
    // an approval and its milestones are one write: no approved grant without them
    for (const id of started) {
      const stored = await system.deps.store.getRecord<Grant>('grant', id);
      if (stored && ['approved', 'active'].includes(stored.record.state)) {
        expect((await system.deps.store.listMilestonesOf('grant', id)).length, id).toBeGreaterThan(0);
      }
    }
    // nothing lost: every success a client was told of is in the table. DynamoDB Local acknowledges a
    // write a few milliseconds before it is on disk (a kill lost writes acknowledged 1 and 10 ms before it,
    // measured on their own), so successes from 250 ms before the kill until the restart are exempt here:
    // they must still be whole or absent (the consistency check above), and are counted. DynamoDB in AWS
    // acknowledges a write only once it is durable.
    const exempt = (s: Sent) => s.doneAt > killedAt - 250 && s.doneAt < restartedAt;
    let confirmed = 0;
    let inWindow = 0;
    let lostInWindow = 0;
    for (const s of sent) {
      const success = s.status === 201 || (s.status === 200 && s.what.endsWith('/events'));
      if (!success) continue;
      const trail = (await system.deps.store.recordWithAudit('grant', s.body.id)).entries;
      const there = trail.some((e) => e.seq === s.body.version && e.to === s.body.state);
      if (exempt(s)) {
        inWindow++;
        if (!there) lostInWindow++;
        continue;
      }
      expect(there, `${s.what} → ${s.status} ${s.body.id} v${s.body.version}`).toBe(true);
      confirmed++;
    }
    expect(confirmed).toBeGreaterThan(20);
    // and the CLI says so too
    const env = { ...process.env, DYNAMODB_ENDPOINT: restarted.endpoint, TABLE_NAME: TABLE };
    const cli = await run('npm', ['run', '--silent', 'check:consistency'], { env, timeout: 60_000 });
    expect(cli.stdout).toContain("OK: every record's state, version and hash equal its last audit entry.");

    recordFigures('faults', 'outage', {
      workers: WORKERS,
      requests: sent.length,
      byPhase: Object.fromEntries(
        (['before', 'outage', 'after'] as const).map((p) => [
          p,
          tally(sent.filter((s) => s.phase === p).map((s) => s.status)),
        ]),
      ),
      unavailable: unavailable.length,
      slowest503Ms: Math.max(...unavailable.map((s) => s.ms)),
      healthNot200AfterMs: healthDownMs,
      storeGoneForMs: downForMs,
      grantsStarted: started.length,
      grantsActive: finished.length,
      successesConfirmedInTable: confirmed,
      successesNearTheKill: { count: inWindow, lostByDynamoDBLocal: lostInWindow },
      consistency: { records: consistency.records, auditEntries: consistency.auditEntries, mismatches: 0 },
      cli: cli.stdout.trim().split('\n').at(-1),
    });
  }, 120_000);
});
