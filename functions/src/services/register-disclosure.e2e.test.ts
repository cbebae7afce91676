/**
 * The public register's figures cannot be subtracted from one another to reveal a count below 5, counts
 * of what the register lists by name are shown, and a filter naming nothing does not cost a full summary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '#test/support/harness';

interface Summary {
  grants: number | null;
  partnerships: number | null;
  grantsByFocusArea: { focusArea: string; grants: number | null }[];
  grantsByState: { state: string; grants: number | null }[];
  grantsByTrack: { track: string; grants: number | null }[];
  indicatorTotals: { name: string; total: number | null }[];
}

/** Every published figure of a summary, by a name that is the same in every view. */
const figures = (s: Summary) =>
  new Map<string, number | null>([
    ['grants', s.grants],
    ...s.grantsByFocusArea.map((c) => [`focus:${c.focusArea}`, c.grants] as const),
    ...s.grantsByState.map((c) => [`state:${c.state}`, c.grants] as const),
    ...s.grantsByTrack.map((c) => [`track:${c.track}`, c.grants] as const),
    ...s.indicatorTotals.map((c) => [`indicator:${c.name}`, c.total] as const),
  ]);

describe('the public register’s figures', () => {
  let sys: TestSystem;
  const register = async (query = '') => {
    const res = await fetch(`${sys.url}/v1/public/cities/sfax/register${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { summary: Summary; partnerships: unknown[]; grants: unknown[] };
  };
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys.close();
  });

  it('reveal no count below 5 by subtracting a filtered figure from the city-wide one', async () => {
    // Prepare: in the demo, Sfax has 6 awarded grants, 5 of them with the city's budget among the funders
    const funders = await sys.deps.store.listOrganisationsOfCity('sfax', 'funder');
    const city = figures((await register()).summary);
    const leaks: string[] = [];
    // Act
    for (const q of [...funders.map((f) => `?funder=${f.id}`), '?year=2026', '?focusArea=language']) {
      for (const [name, f] of figures((await register(q)).summary)) {
        const whole = city.get(name);
        if (f === null || whole === null || whole === undefined) continue;
        if (whole - f > 0 && whole - f < 5) leaks.push(`${q} ${name}: ${whole} - ${f} = ${whole - f}`);
      }
    }
    // Assess
    expect(funders.length).toBeGreaterThan(1);
    expect(leaks).toEqual([]);
  });

  it('reveal no count below 5 by subtracting the published cells of a breakdown from its total', async () => {
    // Act
    const s = (await register()).summary;
    const rest = (cells: { grants: number | null }[]) =>
      s.grants === null ? 0 : s.grants - cells.reduce((n, c) => n + (c.grants ?? 0), 0);
    // Assess
    for (const left of [rest(s.grantsByState), rest(s.grantsByTrack)])
      expect(left === 0 || left >= 5).toBe(true);
  });

  it('show the number of partnerships, which the register lists by name', async () => {
    // Act
    const page = await register();
    // Assess
    expect(page.partnerships.length).toBeGreaterThan(0);
    expect(page.summary.partnerships).toBe(page.partnerships.length);
  });

  it('cost a bounded number of reads for a filter that names nothing, however often it is asked', async () => {
    // Prepare: count the DynamoDB calls the app makes
    const calls: string[] = [];
    const stopCounting = sys.deps.store.db.aroundCall((call, next) => {
      calls.push(call.operation);
      return next();
    });
    await register(); // the city-wide figures, computed once and kept
    const queries = ['?funder=no-such-funder', '?year=2093', '?funder=nobody-2', '?year=2071&funder=x'];
    const round = async () => {
      calls.length = 0;
      for (const q of queries) {
        const page = await register(q);
        expect(page.grants).toEqual([]);
        expect(page.summary.grants ?? 0).toBe(0);
      }
      return {
        readsPerRequest: calls.filter((c) => c !== 'PutItem').length / queries.length,
        puts: calls.filter((c) => c === 'PutItem').length,
      };
    };
    // Act
    const first = await round();
    const again = await round();
    stopCounting();
    // Assess: the kept city-wide figures and the active partnerships, not every awarded grant and report;
    // the one filter without a funder (a year) has its partnerships-only summary kept once, then read
    expect(first.readsPerRequest).toBeLessThanOrEqual(3);
    expect(first.puts).toBeLessThanOrEqual(1);
    expect(again.readsPerRequest).toBeLessThanOrEqual(3);
    expect(again.puts).toBe(0);
  });
});
