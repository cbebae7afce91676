/**
 * docs/benchmarks.md's overhead table, from results with and without the handler's rows: a run made before
 * they existed still renders, and adding them leaves the HTTP rows and their verdicts as they were.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LevelResult } from '../../bench/overhead.ts';
import { renderReport } from '../../bench/report.ts';
import type { Results } from '../../bench/results.ts';
import { meetsTarget } from '../../bench/roundtrips.ts';

/** The committed results as a run before the handler's and the floor's rows would have recorded them (the keys left out). */
function withoutHandler(): Results {
  const results = JSON.parse(readFileSync('bench/results.json', 'utf8')) as Results;
  delete results.overhead?.getGrantHandler;
  delete results.overhead?.getGrantFloor;
  return results;
}

/** The lines of the overhead section's table. */
const overheadRows = (report: string) =>
  (report.split('## 2. Overhead over the store')[1] ?? '')
    .split('## 3.')[0]
    ?.split('\n')
    .filter((line) => line.startsWith('| getGrant') || line.startsWith('| event')) ?? [];

const level = (ratio: number): LevelResult => ({
  apiRps: 800,
  directRps: 1000,
  ratio,
  apiP50Ms: 1.2,
  apiP99Ms: 4.5,
  directP50Ms: 1,
  directP99Ms: 4,
  apiFailures: 0,
  apiStatuses: { '200': 4000 },
  apiCpuMsPerRequest: 0.686,
  directCpuMsPerRequest: 0.585,
  pass: ratio >= 0.8,
});

describe('the overhead table of docs/benchmarks.md', () => {
  it('renders results recorded before the handler was measured, without its rows or its note', () => {
    // Prepare
    const results = withoutHandler();
    // Act
    const report = renderReport(results, 'findings');
    // Assess
    const rows = overheadRows(report);
    expect(rows.filter((r) => r.startsWith('| getGrant |'))).toHaveLength(3);
    expect(rows.some((r) => r.startsWith('| getGrantHandler'))).toBe(false);
    expect(report).not.toContain('`getGrantHandler` is the same GET as deployed');
  });

  it('shows the handler’s rows with their CPU and what they measure, and leaves the HTTP rows as they were', () => {
    // Prepare
    const before = overheadRows(renderReport(withoutHandler(), 'findings'));
    const results = withoutHandler();
    if (!results.overhead) throw new Error('the committed results have no overhead section');
    results.overhead.getGrantHandler = { c1: level(0.85), c16: level(0.79) };
    // Act
    const report = renderReport(results, 'findings');
    // Assess
    const rows = overheadRows(report);
    expect(rows.filter((r) => !r.startsWith('| getGrantHandler'))).toEqual(before);
    expect(rows.filter((r) => r.startsWith('| getGrantHandler'))).toEqual([
      '| getGrantHandler | 1 | 800 | 1,000 | 0.85 | 1.2 / 4.5 | 1 / 4 | 0 | 0.686 / 0.585 | ✅ |',
      '| getGrantHandler | 16 | 800 | 1,000 | 0.79 | 1.2 / 4.5 | 1 / 4 | 0 | 0.686 / 0.585 | ❌ |',
    ]);
    expect(report).toContain('`getGrantHandler` is the same GET as deployed');
    expect(report).toContain('| 2. Overhead: getGrantHandler | ≥ 0.8 of direct | c1: 0.85, c16: 0.79 | ❌ |');
  });
});

describe('the overhead table’s reference rows', () => {
  it('shows the floor’s rows and note but judges neither the rows nor its summary line', () => {
    // Prepare
    const before = overheadRows(renderReport(withoutHandler(), 'findings'));
    const results = withoutHandler();
    if (!results.overhead) throw new Error('the committed results have no overhead section');
    results.overhead.getGrantFloor = { c1: level(0.62), c64: level(0.9) };
    // Act
    const report = renderReport(results, 'findings');
    // Assess
    const rows = overheadRows(report);
    expect(rows.filter((r) => !r.startsWith('| getGrantFloor'))).toEqual(before);
    expect(rows.filter((r) => r.startsWith('| getGrantFloor'))).toEqual([
      '| getGrantFloor | 1 | 800 | 1,000 | 0.62 | 1.2 / 4.5 | 1 / 4 | 0 | 0.686 / 0.585 | — |',
      '| getGrantFloor | 64 | 800 | 1,000 | 0.9 | 1.2 / 4.5 | 1 / 4 | 0 | 0.686 / 0.585 | — |',
    ]);
    expect(report).toContain('`getGrantFloor` is not the API');
    expect(report).toContain(
      '| 2. Overhead: getGrantFloor | reference: an HTTP server running none of our code | c1: 0.62, c64: 0.9 | — |',
    );
  });
});

describe('what issue 19 judges and what it only measures', () => {
  it('judges the GET’s overhead, not the event’s, whose rows and summary line are measured only', () => {
    // Prepare
    const results = withoutHandler();
    if (!results.overhead) throw new Error('the committed results have no overhead section');
    results.overhead.event = { c1: level(0.4), c16: level(0.9) };
    results.overhead.getGrant = { c1: level(0.7) };
    // Act
    const report = renderReport(results, 'findings');
    // Assess
    const rows = overheadRows(report);
    expect(rows.filter((r) => r.startsWith('| event'))).toEqual([
      '| event | 1 | 800 | 1,000 | 0.4 | 1.2 / 4.5 | 1 / 4 | 0 | 0.686 / 0.585 | — |',
      '| event | 16 | 800 | 1,000 | 0.9 | 1.2 / 4.5 | 1 / 4 | 0 | 0.686 / 0.585 | — |',
    ]);
    expect(report).toContain(
      '| 2. Overhead: event | measured: the target is the GET’s | c1: 0.4, c16: 0.9 | — |',
    );
    expect(report).toContain('| 2. Overhead: getGrant | ≥ 0.8 of direct | c1: 0.7 | ❌ |');
  });

  it('holds an event sent with If-Match to what every event is held to: one transaction and at most one read', () => {
    // Act
    const oneRead = meetsTarget('eventIfMatch', ['GetItem', 'TransactWriteItems']);
    const twoReads = meetsTarget('eventIfMatch', ['GetItem', 'GetItem', 'TransactWriteItems']);
    const noTransaction = meetsTarget('eventIfMatch', ['GetItem', 'PutItem']);
    // Assess
    expect([oneRead, twoReads, noTransaction]).toEqual([true, false, false]);
    expect(meetsTarget('event', ['GetItem', 'TransactWriteItems'])).toBe(true);
  });
});

describe('the bundles table', () => {
  /** The table's row of one function, cut into cells. */
  const bundleRow = (report: string, name: string) =>
    report
      .split('\n')
      .find((line) => line.startsWith(`| \`${name}\` |`))
      ?.split(' | ');

  it('shows the first answer where it was measured, and a dash in runs made before it was', () => {
    // Prepare: the committed run, and the same without the first answer (as runs before 11:53 UTC recorded it)
    const results = JSON.parse(readFileSync('bench/results.json', 'utf8')) as Results;
    const older: Results = {
      ...results,
      bundle: Object.fromEntries(
        Object.entries(results.bundle).map(([name, { firstAnswerMsMedian: _, ...rest }]) => [name, rest]),
      ),
    };
    // Act
    const now = bundleRow(renderReport(results, 'findings'), 'api');
    const before = bundleRow(renderReport(older, 'findings'), 'api');
    // Assess: the column after "load + handler", the other cells as they were
    const header = renderReport(results, 'findings')
      .split('\n')
      .find((line) => line.startsWith('| function | minified'))
      ?.split(' | ');
    const column = header?.indexOf('load + first answer ms') ?? -1;
    expect(column).toBeGreaterThan(header?.indexOf('load + handler ms') ?? Number.POSITIVE_INFINITY);
    expect(now?.[column]).toBe(String(results.bundle.api?.firstAnswerMsMedian));
    expect(before?.[column]).toBe('—');
    expect(before?.filter((_, i) => i !== column)).toEqual(now?.filter((_, i) => i !== column));
    expect(bundleRow(renderReport(results, 'findings'), 'tick')?.[column]).toBe('—');
  });

  it('describes the overhead method each run used: the store warmed and the pairs in turns only where it was', () => {
    // Prepare: the committed run (made with the warm-up), and the same without it, as runs before 15:40 UTC recorded it
    const results = JSON.parse(readFileSync('bench/results.json', 'utf8')) as Results;
    const { storeWarmupSeconds: _, ...older } = results.settings.overhead;
    const warmed: Results = {
      ...results,
      settings: { ...results.settings, overhead: { ...older, storeWarmupSeconds: 20 } },
    };
    // Act
    const before = renderReport(
      { ...results, settings: { ...results.settings, overhead: older } },
      'findings',
    );
    const after = renderReport(warmed, 'findings');
    // Assess
    expect(before).not.toContain('DynamoDB Local is first warmed');
    expect(before).toContain('each paired with a direct run (the API run first)');
    expect(after).toContain('DynamoDB Local is first warmed by 20 s of direct GetItems at 16 connections');
    expect(after).toContain('the API first in one pair, the direct run first in the next');
  });
});
