/**
 * The audit chains anchored outside the table: a whole chain rewritten with every later hash and the
 * record's head recomputed, or a last entry deleted with the head moved back, recomputes cleanly — only
 * the anchors written from the table's stream when each entry was first committed can tell.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEntry } from '#domain/types';
import { chainEntry } from '#store/audit';
import { auditSk } from '#store/audit-entries';
import { RECORD_SK } from '#store/keys';
import { recordPk } from '#store/records';
import { readAnchorFile } from '../anchor/file-sink.ts';
import { type RunningSystem, startSystem } from '../local/system.ts';
import { verifyAuditTrails } from './audit-verify.ts';

const run = promisify(execFile);

describe('audit chains anchored outside the table (local anchor file)', () => {
  let sys: RunningSystem;
  let dataDir: string;
  let table: string;
  const ids = { rewritten: '', cut: '', untouched: '' };

  async function api(token: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${sys.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as { id: string };
  }
  async function login(email: string) {
    const res = await fetch(`${sys.url}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    return ((await res.json()) as { token: string }).token;
  }
  async function chainOf(id: string): Promise<(AuditEntry & Record<string, unknown>)[]> {
    const { Items } = await sys.deps.store.db.send('Query', {
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
      ExpressionAttributeValues: { ':pk': recordPk('grant', id), ':a': 'A#' },
      ConsistentRead: true,
    });
    return (Items ?? []) as (AuditEntry & Record<string, unknown>)[];
  }
  async function npmVerify(env: Record<string, string>) {
    try {
      const { stdout } = await run('npm', ['run', '--silent', 'audit:verify'], {
        env: { ...process.env, DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), TABLE_NAME: table, ...env },
        timeout: 60_000,
      });
      return { code: 0, stdout };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: err.code ?? -1, stdout: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-anchors-'));
    table = `anchors-${process.pid}-${Date.now()}`;
    sys = await startSystem({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: table,
      seed: true,
      dataDir,
    });
    const cso = await login('cso@sfax.demo');
    const officer = await login('officer@sfax.demo');
    for (const which of Object.keys(ids) as (keyof typeof ids)[]) {
      const { id } = await api(cso, 'POST', '/v1/grants', {
        track: 'standard',
        title: `Anchored ${which}`,
        summary: 'Warm clothes for families arriving this winter.',
        need: 'Families arrive with summer clothes; nights are cold.',
        targetGroups: ['families in transit'],
        amountRequested: { amount: 5_000_000, currency: 'TND' },
        budget: [{ label: 'Clothes', amount: { amount: 5_000_000, currency: 'TND' } }],
        startDate: '2027-01-15',
        endDate: '2027-04-15',
        indicators: [{ name: 'families supported', target: 120 }],
      });
      await api(cso, 'POST', `/v1/grants/${id}/events`, { type: 'submit' });
      await api(officer, 'POST', `/v1/grants/${id}/events`, { type: 'start_review' });
      ids[which] = id;
    }
    await sys.anchoring?.drain();
  });
  afterAll(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('anchors every committed audit entry in an append-only file under DATA_DIR', async () => {
    // Prepare
    const file = join(dataDir, 'anchors.jsonl');
    // Act
    const anchors = readAnchorFile(file);
    const chain = await chainOf(ids.untouched);
    // Assess
    expect(sys.anchoring?.file).toBe(file);
    expect(chain).toHaveLength(3);
    expect([...(anchors.get(recordPk('grant', ids.untouched)) ?? new Map())]).toEqual(
      chain.map((e) => [e.seq, e.hash]),
    );
    expect(readFileSync(file, 'utf8').trim().split('\n').length).toBeGreaterThan(3); // the demo's too
    const verified = await verifyAuditTrails(sys.deps.store, { anchors });
    expect(verified.altered).toEqual([]);
  });

  it('names a chain rewritten whole and a deleted last entry, which recompute without the anchors', async () => {
    // Prepare: someone with write access to the table rewrites who did step 2 of one grant, recomputing
    // every later hash and the record's head, and removes the last step of another, moving its head back.
    const db = sys.deps.store.db;
    const chain = await chainOf(ids.rewritten);
    let prev = chain[0]?.hash as string;
    let head = prev;
    for (const entry of chain.slice(1)) {
      const { PK, SK, entity, hash: _h, seq, prevHash: _p, ...draft } = entry;
      const forged = chainEntry(
        { ...draft, ...(seq === 2 ? { actorId: 'u-someone-else' } : {}) } as Parameters<typeof chainEntry>[0],
        seq,
        prev,
      );
      await db.send('PutItem', { TableName: table, Item: { ...forged, PK, SK, entity } });
      prev = forged.hash;
      head = forged.hash;
    }
    const setHead = (id: string, hash: string) =>
      db.send('UpdateItem', {
        TableName: table,
        Key: { PK: recordPk('grant', id), SK: RECORD_SK },
        UpdateExpression: 'SET auditHash = :h',
        ExpressionAttributeValues: { ':h': hash },
      });
    await setHead(ids.rewritten, head);
    const cut = await chainOf(ids.cut);
    await db.send('DeleteItem', {
      TableName: table,
      Key: { PK: recordPk('grant', ids.cut), SK: auditSk(3) },
    });
    await setHead(ids.cut, cut[1]?.hash as string);
    await sys.anchoring?.drain();
    const anchors = readAnchorFile(join(dataDir, 'anchors.jsonl'));

    // Act
    const withoutAnchors = await verifyAuditTrails(sys.deps.store);
    const withAnchors = await verifyAuditTrails(sys.deps.store, { anchors });
    const cli = await npmVerify({ ANCHOR_FILE: join(dataDir, 'anchors.jsonl') });

    // Assess: the chains recompute, so only the anchors see both
    expect(withoutAnchors.altered).toEqual([]);
    expect(withAnchors.altered.map((a) => a.id).sort()).toEqual([ids.rewritten, ids.cut].sort());
    expect(withAnchors.altered.find((a) => a.id === ids.rewritten)).toMatchObject({ seq: 2 });
    expect(withAnchors.altered.find((a) => a.id === ids.cut)).toMatchObject({ seq: 3 });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`ALTERED grant ${ids.rewritten}`);
    expect(cli.stdout).toContain(`ALTERED grant ${ids.cut}`);
  });
});
