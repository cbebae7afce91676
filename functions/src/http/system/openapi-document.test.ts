/**
 * The OpenAPI document as others read it: valid against the official OpenAPI 3.1 schema, and clean
 * under Redocly's recommended rules (no error, no warning).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, describe, expect, it } from 'vitest';
import type { Deps } from '#services/deps';
import { createApp } from '../app.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'passerelle-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function document(): Promise<Record<string, unknown>> {
  // Built from the route definitions alone: no store is touched.
  const app = createApp({
    deps: {} as Deps,
    auth: { mode: 'local', secret: new Uint8Array(32), issuer: 'i', audience: 'a' },
    log: false,
  });
  return (await app.request('/openapi.json')).json();
}

describe('the OpenAPI document, as others read it', () => {
  it('is valid against the official OpenAPI 3.1 schema', async () => {
    // Act
    const result = await new Validator().validate(await document());
    // Assess
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    // Prepare
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(await document()));
    const cli = join(
      dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
      'bin',
      'cli.js',
    );
    // Act
    const { stdout, stderr } = await run(process.execPath, [cli, 'lint', file, '--format=json'], {
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((e: { stdout: string; stderr: string }) => e);
    // Assess
    const report = JSON.parse(stdout) as {
      problems: { ruleId: string; severity: string; message: string }[];
    };
    expect(
      report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`),
      stderr.slice(-2000),
    ).toEqual([]);
  }, 120_000);
});
