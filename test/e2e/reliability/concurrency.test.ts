/**
 * Concurrency: conflicting decisions sent at the same moment apply once; creates retried at the same
 * moment with the same Idempotency-Key create once. (refusals.test.ts has the 3-request versions.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '#ops/check-consistency';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '../../support/harness.ts';
import { recordFigures, tally } from './figures.ts';

const FIGURES = 'concurrency';

/** A standard-track application of amal-sfax, recommended, with the mayor's no-conflict declared. */
async function grantAwaitingDecision(cso: Client, officer: Client, mayor: Client, title: string) {
  const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard', title }));
  const id = body.id as string;
  for (const [who, event] of [
    [cso, { type: 'submit' }],
    [officer, { type: 'start_review' }],
    [officer, { type: 'declare_no_conflict' }],
    [officer, { type: 'recommend', recommendation: 'approve', comment: 'Well prepared.' }],
    [mayor, { type: 'declare_no_conflict' }],
  ] as const) {
    const res = await who.event(`/v1/grants/${id}`, event);
    if (res.status !== 200) throw new Error(`${event.type}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return id;
}

describe('concurrency: 50 conflicting events on one record, 200 creates over 20 keys', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let mayor: Client;
  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, officer, mayor] = await Promise.all([
      sys.as('cso@sfax.demo'),
      sys.as('officer@sfax.demo'),
      sys.as('mayor@sfax.demo'),
    ]);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('applies exactly one of 50 simultaneous approve / reject / withdraw events; the rest get 409 or 412', async () => {
    const rounds: unknown[] = [];
    for (let round = 1; round <= 3; round++) {
      // Prepare: a grant awaiting the decision, and its trail so far
      const id = await grantAwaitingDecision(cso, officer, mayor, `Contested ${round}`);
      const before = await mayor.get(`/v1/grants/${id}`);
      const version = before.body.version as number;
      const trailBefore = (await mayor.get(`/v1/audit/grant/${id}`)).body.items.length as number;
      // half the requests send If-Match (a stale one must get 412), half do not (409)
      const requests = Array.from({ length: 50 }, (_, i) => {
        const ifMatch = i % 2 === 0 ? { 'If-Match': `"${version}"` } : undefined;
        switch (i % 3) {
          case 0:
            return () => mayor.event(`/v1/grants/${id}`, { type: 'approve' }, ifMatch);
          case 1:
            return () =>
              mayor.event(`/v1/grants/${id}`, { type: 'reject', comment: 'Budget exhausted.' }, ifMatch);
          default:
            return () => cso.event(`/v1/grants/${id}`, { type: 'withdraw' }, ifMatch);
        }
      });

      // Act: all at once
      const started = performance.now();
      const results = await Promise.all(requests.map((send) => send()));
      const ms = Math.round(performance.now() - started);

      // Assess: one applied, the others refused as conflicts, in problem+json
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.every((s) => s === 200 || s === 409 || s === 412)).toBe(true);
      for (const [i, r] of results.entries()) {
        if (r.status === 200) continue;
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        // only a request that sent If-Match may get 412
        if (r.status === 412) expect(i % 2).toBe(0);
      }
      const winner = results.find((r) => r.status === 200)?.body;
      const trail = (await mayor.get(`/v1/audit/grant/${id}`)).body.items;
      expect(trail).toHaveLength(trailBefore + 1);
      expect(trail.at(-1)).toMatchObject({ seq: version + 1, to: winner.state });
      const after = await mayor.get(`/v1/grants/${id}`);
      expect(after.body).toMatchObject({ state: winner.state, version: version + 1 });
      // an approval creates its milestones once, in the same transaction
      const milestones = (await mayor.get(`/v1/grants/${id}/milestones`)).body.items;
      if (winner.state === 'approved') {
        // a standard grant: an interim and a final report, scheduled once
        expect(milestones.map((m: { kind: string }) => m.kind).sort()).toEqual([
          'final_report',
          'interim_report',
        ]);
      } else {
        expect(milestones).toEqual([]);
      }
      rounds.push({ round, winner: winner.state, statuses: tally(statuses), ms });
    }
    recordFigures(FIGURES, 'conflictingEvents', { requestsPerRound: 50, rounds });
  });

  it('creates exactly 20 records from 200 simultaneous creates over 20 Idempotency-Keys', async () => {
    // Prepare: 10 identical requests per key, keys and titles unique to this run
    const batch = `batch-${Date.now()}`;
    const keys = Array.from({ length: 20 }, (_, k) => `${batch}-key-${k}`);
    const requests = keys.flatMap((key) => Array.from({ length: 10 }, () => key));

    // Act: all 200 at once
    const started = performance.now();
    const first = await Promise.all(
      requests.map((key) =>
        cso.post('/v1/grants', fastApplication({ title: `${batch} ${key}` }), { 'Idempotency-Key': key }),
      ),
    );
    const ms = Math.round(performance.now() - started);
    // a retry still in flight is told to come back (409 + Retry-After); retry those, as a client would
    const retried = await Promise.all(
      first.map((r, i) =>
        r.status === 409
          ? cso.post('/v1/grants', fastApplication({ title: `${batch} ${requests[i]}` }), {
              'Idempotency-Key': requests[i] as string,
            })
          : r,
      ),
    );

    // Assess: every answer for a key names the same record; 20 records exist, each created once
    for (const r of first) {
      expect([201, 409]).toContain(r.status);
      if (r.status === 409) {
        expect(r.body.type).toContain('idempotency-in-progress');
        expect(r.headers.get('retry-after')).toBe('1');
      }
    }
    expect(retried.every((r) => r.status === 201)).toBe(true);
    const idsByKey = new Map<string, Set<string>>();
    retried.forEach((r, i) => {
      const key = requests[i] as string;
      idsByKey.set(key, (idsByKey.get(key) ?? new Set()).add(r.body.id));
    });
    expect([...idsByKey.values()].every((ids) => ids.size === 1)).toBe(true);
    const ids = new Set(retried.map((r) => r.body.id as string));
    expect(ids.size).toBe(20);
    const mine: { id: string; title: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string; title: string }[]; nextCursor: string | null } } =
        await cso.get(`/v1/grants?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      mine.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const created = mine.filter((g) => g.title.startsWith(batch));
    expect(created).toHaveLength(20);
    expect(new Set(created.map((g) => g.id))).toEqual(ids);
    const report = await checkConsistency(sys.deps.store);
    expect(report.mismatches).toEqual([]);
    recordFigures(FIGURES, 'idempotentCreates', {
      requests: 200,
      keys: 20,
      recordsCreated: created.length,
      firstAnswers: tally(first.map((r) => r.status)),
      replayed: first.filter((r) => r.headers.get('idempotent-replayed') === 'true').length,
      ms,
    });
  });
});
