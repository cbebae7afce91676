/**
 * The city's agreement template over HTTP on DynamoDB Local: its admin reads and saves it (If-Match, a
 * 412 when stale, a 422 that names an unknown blank and saves nothing), the save is audited, the next
 * approval draws its agreement up from the new version, and an agreement drawn up before keeps its text
 * and its hash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestSystem, type TestSystem } from '#test/support/harness';

describe('the agreement template', () => {
  let sys: TestSystem;
  let admin: Client;
  let mayor: Client;
  let officer: Client;
  let nour: Client;
  let jisr: Client;

  beforeAll(async () => {
    sys = await startTestSystem();
    [admin, mayor, officer, nour, jisr] = await Promise.all([
      sys.as('admin@sfax.demo'),
      sys.as('mayor@sfax.demo'),
      sys.as('officer2@sfax.demo'),
      sys.as('nour@sfax.demo'),
      sys.as('newcso@sfax.demo'),
    ]);
  });
  afterAll(async () => {
    await sys?.close();
  });

  const put = (body: unknown, ifMatch?: string) =>
    admin.put('/v1/city/agreement-template', body, ifMatch ? { 'if-match': ifMatch } : {});

  /** Nour's partnership, reviewed in the demo: the mayor's office approves it; its agreement. */
  async function approveNours(): Promise<{ id: string; agreement: { version: number; hash: string } }> {
    const id = (await nour.get('/v1/partnerships')).body.items[0].id as string;
    await mayor.event(`/v1/partnerships/${id}`, { type: 'declare_no_conflict' });
    const approved = await mayor.event(`/v1/partnerships/${id}`, { type: 'approve' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    return { id, agreement: approved.body.agreement };
  }

  /** Jisr applies, is reviewed and approved; its agreement. */
  async function approveJisrs(): Promise<{ id: string; agreement: { version: number; hash: string } }> {
    const kinds = ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'] as const;
    const created = await jisr.post('/v1/partnerships', {
      motivation: 'Sport brings young people of all origins together.',
      focusAreas: ['employment'],
      actionPlan: [
        { activity: 'Football league', quarter: '2027-Q2', lead: 'joint', indicator: 'players', target: 80 },
      ],
      documents: kinds.map((kind) => ({ kind, reference: `${kind} on file`, date: '2026-03-01' })),
    });
    const path = `/v1/partnerships/${created.body.id}`;
    const steps: [Client, Record<string, unknown>][] = [
      [jisr, { type: 'submit' }],
      [officer, { type: 'start_review' }],
      [officer, { type: 'declare_no_conflict' }],
      [officer, { type: 'record_due_diligence', checks: kinds.map((item) => ({ item, ok: true })) }],
      [mayor, { type: 'declare_no_conflict' }],
      [mayor, { type: 'approve' }],
    ];
    let last = created;
    for (const [who, event] of steps) {
      last = await who.event(path, event);
      expect(last.status, `${event.type}: ${JSON.stringify(last.body)}`).toBe(200);
    }
    return { id: created.body.id, agreement: last.body.agreement };
  }

  it('the admin saves a new version; the next agreement uses it, one drawn up before keeps its text and hash', async () => {
    // Prepare: an agreement drawn up from the default template, and the template as the admin reads it
    const before = await approveNours();
    const read = await admin.get('/v1/city/agreement-template');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body.version).toBe(1);
    expect(read.body.blanks).toContain('organisation.name');
    const languages = structuredClone(read.body.languages);
    languages.en.sections.governance.body +=
      '\nThe steering group also meets each spring in {{city.name}} city hall.';
    languages.fr.title = 'Convention de partenariat (modèle révisé)';

    // Act
    const saved = await put({ languages }, '"1"');
    const after = await approveJisrs();

    // Assess: version 2, used by the next approval; the earlier agreement is unchanged
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');
    expect(saved.body.version).toBe(2);
    expect((await admin.get('/v1/city/agreement-template')).body.languages.fr.title).toBe(
      'Convention de partenariat (modèle révisé)',
    );
    expect(after.agreement.version).toBe(2);
    const newPage = (await jisr.get(`/v1/partnerships/${after.id}/agreement?lang=en`)).body as string;
    expect(newPage).toContain('The steering group also meets each spring in Sfax city hall.');
    const old = (await nour.get(`/v1/partnerships/${before.id}`)).body.agreement;
    expect(old).toMatchObject({ version: 1, hash: before.agreement.hash });
    const oldPage = (await nour.get(`/v1/partnerships/${before.id}/agreement?lang=en`)).body as string;
    expect(oldPage).toContain(before.agreement.hash);
    expect(oldPage).not.toContain('each spring');

    // Assess: the save is in the city's audit trail, with the version and the text's hash
    const trail = (await admin.get('/v1/audit/city/sfax')).body.items as any[];
    const entry = trail.find((e) => e.event === 'edit_agreement_template');
    expect(entry).toMatchObject({ actorId: 'u-admin-sfax', data: { version: 2 } });
    expect(entry.data.sha256).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  it('refuses a stale If-Match (412) and an unknown blank (422), and saves nothing', async () => {
    // Prepare
    const read = await admin.get('/v1/city/agreement-template');
    const version = read.body.version as number;
    const languages = structuredClone(read.body.languages);

    // Act
    const stale = await put({ languages }, `"${version - 1}"`);
    languages.ar.sections.finances.body += '\nالمبلغ: {{grant.amount}}';
    const unknown = await put({ languages }, `"${version}"`);
    const missing = await put({ languages: { ar: languages.ar, fr: languages.fr } }, `"${version}"`);
    const byMayor = await fetch(`${sys.url}/v1/city/agreement-template`, {
      headers: { authorization: `Bearer ${mayor.token}` },
    });

    // Assess
    expect(stale.status).toBe(412);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({
        rule: 'template_unknown_blank',
        path: 'languages.ar.sections.finances.body (line 3)',
        message: expect.stringContaining('{{grant.amount}}'),
      }),
    ]);
    expect(missing.status).toBe(400);
    expect(byMayor.status).toBe(403);
    const now = await admin.get('/v1/city/agreement-template');
    expect(now.body.version).toBe(version);
    expect(now.body.languages.ar.sections.finances.body).not.toContain('grant.amount');
  });
});
