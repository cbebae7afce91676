/**
 * Tamper evidence: each record's audit trail is hash-chained, and `npm run audit:verify` recomputes every
 * chain and names each record whose history was altered directly in DynamoDB; `npm run check:consistency`
 * names each record whose state no longer matches its history.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditTrails } from '#ops/audit-verify';
import { checkConsistency } from '#ops/check-consistency';
import { auditSk } from '#store/audit-entries';
import { recordPk } from '#store/records';
import { fastApplication, startTestSystem, type TestSystem } from '../../support/harness.ts';
import { recordFigures } from './figures.ts';

const run = promisify(execFile);

/** Runs an npm script against the test's table; resolves with its exit code and output. */
async function npmRun(script: string, tableName: string) {
  const env = { ...process.env, DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), TABLE_NAME: tableName };
  try {
    const { stdout } = await run('npm', ['run', '--silent', script], { env, timeout: 60_000 });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('tamper evidence of the audit trail', () => {
  let sys: TestSystem;
  let table: string;
  const ids: Record<'edited' | 'truncated' | 'forged', string> = { edited: '', truncated: '', forged: '' };

  beforeAll(async () => {
    sys = await startTestSystem();
    table = sys.deps.store.tableName;
    const cso = await sys.as('cso@sfax.demo');
    const officer = await sys.as('officer@sfax.demo');
    for (const which of Object.keys(ids) as (keyof typeof ids)[]) {
      const { body } = await cso.post('/v1/grants', fastApplication({ track: 'standard', title: which }));
      await cso.event(`/v1/grants/${body.id}`, { type: 'submit' });
      await officer.event(`/v1/grants/${body.id}`, { type: 'start_review' });
      ids[which] = body.id;
    }
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('finds every chain intact before anyone touches the table (function and CLI)', async () => {
    // Act
    const verified = await verifyAuditTrails(sys.deps.store);
    const cli = await npmRun('audit:verify', table);
    // Assess
    expect(verified.altered).toEqual([]);
    expect(verified.entries).toBeGreaterThan(verified.records);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('OK: every chain recomputes.');
    recordFigures('tamper', 'clean', { records: verified.records, entries: verified.entries });
  });

  it('names each record whose history was edited, cut short or whose state was forged', async () => {
    // Prepare: three direct writes to DynamoDB, as someone with table access could make them
    const db = sys.deps.store.db;
    // 1. rewrite who did the second step of one grant
    await db.send('UpdateItem', {
      TableName: table,
      Key: { PK: recordPk('grant', ids.edited), SK: auditSk(2) },
      UpdateExpression: 'SET actorId = :a',
      ExpressionAttributeValues: { ':a': 'u-someone-else' },
    });
    // 2. remove the last step of another
    await db.send('DeleteItem', {
      TableName: table,
      Key: { PK: recordPk('grant', ids.truncated), SK: auditSk(3) },
    });
    // 3. set a third one's state without any audit entry
    await db.send('UpdateItem', {
      TableName: table,
      Key: { PK: recordPk('grant', ids.forged), SK: 'R' },
      UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':s': 'approved' },
    });

    // Act
    const verified = await verifyAuditTrails(sys.deps.store);
    const consistency = await checkConsistency(sys.deps.store);
    const verifyCli = await npmRun('audit:verify', table);
    const consistencyCli = await npmRun('check:consistency', table);

    // Assess: the edited and the truncated histories are named, and nothing else
    expect(verified.altered.map((a) => a.id).sort()).toEqual([ids.edited, ids.truncated].sort());
    expect(verified.altered.find((a) => a.id === ids.edited)?.seq).toBe(2);
    expect(verifyCli.code).toBe(1);
    expect(verifyCli.stdout).toContain(`ALTERED grant ${ids.edited}`);
    expect(verifyCli.stdout).toContain(`ALTERED grant ${ids.truncated}`);
    expect(verifyCli.stdout).toContain('2 of');
    // the forged state keeps an intact chain, but no longer matches it
    const forged = consistency.mismatches.filter((m) => m.id === ids.forged).map((m) => m.problem);
    expect(forged).toContainEqual(
      expect.stringContaining('state "approved", but the last audit entry says "in_review"'),
    );
    expect(consistency.mismatches.filter((m) => m.id === ids.truncated).map((m) => m.problem)).toContainEqual(
      expect.stringContaining('version 3, but the last audit entry is 2'),
    );
    expect(new Set(consistency.mismatches.map((m) => m.id))).toEqual(new Set([ids.forged, ids.truncated]));
    expect(consistencyCli.code).toBe(1);
    expect(consistencyCli.stdout).toContain(`MISMATCH grant ${ids.forged}`);
    recordFigures('tamper', 'caught', {
      altered: verified.altered.length,
      mismatches: consistency.mismatches.length,
      verifyExit: verifyCli.code,
      consistencyExit: consistencyCli.code,
    });
  });

  it('catches an entry replaced by a well-formed one that recomputes its own hash but not the chain', async () => {
    // Prepare: a forger rewrites entry 1 of a clean record and recomputes that entry's hash (but not later ones)
    const { body } = await (await sys.as('cso@sfax.demo')).post(
      '/v1/grants',
      fastApplication({ track: 'standard' }),
    );
    await (await sys.as('cso@sfax.demo')).event(`/v1/grants/${body.id}`, { type: 'submit' });
    const key = { PK: recordPk('grant', body.id), SK: auditSk(1) };
    const { Item } = await sys.deps.store.db.send('GetItem', { TableName: table, Key: key });
    const { chainEntry } = await import('#store/audit');
    const { PK, SK, entity, hash: _h, seq, prevHash, ...draft } = Item as Record<string, any>;
    const forged = chainEntry(
      { ...draft, entityType: String(draft.entityType), at: '2020-01-01T00:00:00.000Z' },
      seq,
      prevHash,
    );
    await sys.deps.store.db.send('PutItem', { TableName: table, Item: { ...forged, PK, SK, entity } });
    // Act
    const verified = await verifyAuditTrails(sys.deps.store);
    // Assess: entry 2 no longer chains from entry 1
    expect(verified.altered).toContainEqual(expect.objectContaining({ id: body.id, seq: 2 }));
  });
});
