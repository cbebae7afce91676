/**
 * Agreements and letters, over HTTP on DynamoDB Local: approval freezes the agreement with its hash, both
 * sides sign it (once each, only those two), it is then in force; the audit trail keeps the hash and both
 * signatures; the agreement and the decision letters read in Arabic, French and English, as HTML pages
 * and as PDFs (read back with pdftotext when poppler is installed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount, localeOf } from '../../functions/src/papers/format.ts';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '../support/harness.ts';

const LANGS = ['ar', 'fr', 'en'] as const;
const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

const checks = (
  ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'] as const
).map((item) => ({ item, ok: true }));

const ACTIVITIES = {
  joint: 'Mixed football league in three neighbourhoods',
  cso: 'Weekly coaching sessions by Jisr volunteers',
  city: 'Access to the municipal pitches on Saturdays',
};

describe('agreements and letters', () => {
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let mayor: Client;
  let otherCso: Client;
  let dir: string;

  beforeAll(async () => {
    sys = await startTestSystem();
    [cso, officer, mayor, otherCso] = await Promise.all([
      sys.as('newcso@sfax.demo'),
      sys.as('officer2@sfax.demo'),
      sys.as('mayor@sfax.demo'),
      sys.as('horizons@sfax.demo'),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'passerelle-papers-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await sys?.close();
  });

  /** A PDF route's bytes, read back as text (undefined without poppler). */
  async function pdfText(
    who: Client,
    path: string,
  ): Promise<{ status: number; type: string; text?: string }> {
    const res = await fetch(`${sys.url}${path}`, { headers: { authorization: `Bearer ${who.token}` } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || !hasPdftotext) return { status: res.status, type };
    const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, bytes);
    const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    return { status: res.status, type, text: out.stdout.replace(/\s+/g, ' ') };
  }

  async function approvedPartnership(): Promise<string> {
    const p = await cso.post('/v1/partnerships', {
      motivation: 'We bring young people of all origins together through sport.',
      focusAreas: ['employment'],
      actionPlan: [
        { activity: ACTIVITIES.joint, quarter: '2027-Q2', lead: 'joint', indicator: 'players', target: 80 },
        { activity: ACTIVITIES.cso, quarter: '2027-Q1', lead: 'cso', indicator: 'sessions', target: 40 },
        { activity: ACTIVITIES.city, quarter: '2027-Q1', lead: 'city', indicator: 'Saturdays', target: 30 },
      ],
      documents: checks.map(({ item }) => ({ kind: item, reference: `${item} on file`, date: '2026-03-01' })),
    });
    expect(p.status).toBe(201);
    const path = `/v1/partnerships/${p.body.id}`;
    for (const [who, event] of [
      [cso, { type: 'submit' }],
      [officer, { type: 'start_review' }],
      [officer, { type: 'declare_no_conflict' }],
      [officer, { type: 'record_due_diligence', checks }],
      [mayor, { type: 'declare_no_conflict' }],
    ] as const) {
      const res = await who.event(path, event);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    // Before approval there is no agreement to read
    expect((await cso.get(`${path}/agreement?lang=fr`)).status).toBe(404);
    return p.body.id;
  }

  it('approval freezes the agreement; both sides sign once each, and then it is in force', async () => {
    // Prepare
    const id = await approvedPartnership();
    const path = `/v1/partnerships/${id}`;

    // Act: approval
    const approved = await mayor.event(path, { type: 'approve' });

    // Assess: waiting for signatures, the agreement frozen with its hash, its content not in the answer
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');
    const { agreement } = approved.body;
    expect(agreement).toEqual({
      version: 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      languages: ['ar', 'fr', 'en'],
      drawnUpAt: expect.any(String),
      signatures: [],
    });
    expect((await cso.get(path)).body.allowedEvents).toContain('sign');

    // Act / Assess: nobody else signs: another organisation's member does not see it, an officer may not
    expect((await otherCso.event(path, { type: 'sign', name: 'Someone Else' })).status).toBe(404);
    const byOfficer = await officer.event(path, { type: 'sign', name: 'An Officer' });
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.headers.get('content-type')).toContain('application/problem+json');
    // A signed scan that is no upload of the signer's is not found, and nothing is written
    const scan = await cso.event(path, {
      type: 'sign',
      name: 'Youssef Trabelsi',
      signedScanUploadId: 'up_1',
    });
    expect(scan.status).toBe(404);

    // Act: the organisation signs, twice; the mayor's office signs
    const first = await cso.event(path, { type: 'sign', name: 'Youssef Trabelsi' });
    const again = await cso.event(path, { type: 'sign', name: 'Youssef Trabelsi' });
    const second = await mayor.event(path, { type: 'sign', name: 'Karim Mayor' });

    // Assess
    expect(first.status).toBe(200);
    expect(first.body.state).toBe('approved');
    expect(again.status).toBe(409);
    expect(second.status).toBe(200);
    expect(second.body.state).toBe('active');
    expect(second.body.agreement.signatures).toEqual([
      {
        side: 'cso',
        userId: 'u-newcso-sfax',
        name: 'Youssef Trabelsi',
        at: expect.any(String),
        hash: agreement.hash,
      },
      {
        side: 'city',
        userId: 'u-mayor-sfax',
        name: 'Karim Mayor',
        at: expect.any(String),
        hash: agreement.hash,
      },
    ]);
    expect(second.body.agreement.hash).toBe(agreement.hash);
    expect((await mayor.get(path)).body.allowedEvents).not.toContain('sign');

    // Assess: the audit trail keeps the hash drawn up and both signatures with it
    const trail = (await cso.get(`/v1/audit/partnership/${id}`)).body.items as any[];
    expect(trail.find((e) => e.event === 'approve').data.agreement).toEqual({
      version: 1,
      hash: agreement.hash,
    });
    const signed = trail.filter((e) => e.event === 'sign');
    expect(signed.map((e) => [e.role, e.data.signature.name, e.data.signature.hash, e.to])).toEqual([
      ['cso', 'Youssef Trabelsi', agreement.hash, 'approved'],
      ['mayor_office', 'Karim Mayor', agreement.hash, 'active'],
    ]);

    // Assess: the page in each language names the parties, the action plan, the amounts and the signers
    for (const lang of LANGS) {
      const page = await cso.get(`${path}/agreement?lang=${lang}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      const html = page.body as string;
      expect(html).toContain(`dir="${lang === 'ar' ? 'rtl' : 'ltr'}"`);
      for (const text of [
        'Jisr Youth Network',
        ...Object.values(ACTIVITIES),
        'Youssef Trabelsi',
        'Karim Mayor',
      ])
        expect(html, `${lang}: ${text}`).toContain(text);
      expect(html).toContain(formatAmount({ amount: 15_000_000, currency: 'TND' }, localeOf(lang, 'TN')));
      expect(html).toContain(agreement.hash);
    }

    // Assess: the PDF in each language says the same
    for (const lang of LANGS) {
      const pdf = await pdfText(cso, `${path}/agreement.pdf?lang=${lang}`);
      expect(pdf.status).toBe(200);
      expect(pdf.type).toBe('application/pdf');
      if (pdf.text === undefined) continue;
      for (const text of ['Jisr Youth Network', 'Youssef Trabelsi', ACTIVITIES.cso.split(' ')[0] as string])
        expect(pdf.text, `${lang}: ${text}`).toContain(text);
    }

    // Another organisation's member reads neither
    expect((await otherCso.get(`${path}/agreement?lang=en`)).status).toBe(404);
    expect((await pdfText(otherCso, `${path}/agreement.pdf?lang=en`)).status).toBe(404);
  }, 120_000);

  it('a decided grant has its letter in three languages; an undecided one and another organisation’s do not', async () => {
    // Prepare: an awarded demo grant of Amal (co-funded), and a fresh draft
    const amal = await sys.as('cso@sfax.demo');
    const grants = (await amal.get('/v1/grants?limit=50')).body.items as any[];
    const awarded = grants.find((g) => g.award && g.award.funders.length > 1);
    expect(awarded).toBeDefined();
    const draft = await amal.post('/v1/grants', fastApplication({ title: 'Not decided yet' }));

    // Act / Assess: HTML and PDF in each language
    for (const lang of LANGS) {
      const page = await amal.get(`/v1/grants/${awarded.id}/letter?lang=${lang}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = page.body as string;
      const amount = formatAmount(awarded.award.amount, localeOf(lang, 'TN'));
      for (const text of ['Association Amal Sfax', awarded.title, amount])
        expect(html, `${lang}: ${text}`).toContain(text);
      const pdf = await pdfText(amal, `/v1/grants/${awarded.id}/letter.pdf?lang=${lang}`);
      expect(pdf.status).toBe(200);
      expect(pdf.type).toBe('application/pdf');
      if (pdf.text !== undefined) expect(pdf.text, lang).toContain('Association Amal Sfax');
    }
    // A funder of the grant reads it too
    const funder = await sys.as('funder@sfax.demo');
    expect((await funder.get(`/v1/grants/${awarded.id}/letter?lang=fr`)).status).toBe(200);

    // Before a decision, and for another organisation: 404
    expect((await amal.get(`/v1/grants/${draft.body.id}/letter?lang=fr`)).status).toBe(404);
    expect((await otherCso.get(`/v1/grants/${awarded.id}/letter?lang=fr`)).status).toBe(404);
    expect((await pdfText(otherCso, `/v1/grants/${awarded.id}/letter.pdf?lang=fr`)).status).toBe(404);
  }, 120_000);
});
