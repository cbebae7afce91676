/**
 * No answer carries the table's own attributes (keys, index keys, item kind, audit hash, expiry): a
 * walk over every GET route for every demo role, and over the answers of creates and events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTallyAttribute, STORAGE_ATTRIBUTES } from '#store/keys';
import { TTL_ATTRIBUTE } from '#store/table';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '../support/harness.ts';

const FORBIDDEN = new Set<string>([
  ...STORAGE_ATTRIBUTES.filter((a) => a !== TTL_ATTRIBUTE),
  'ttl',
  // what only the store's own idempotency claims carry
  'requestHash',
]);
/**
 * The table's expiry is epoch seconds under TTL_ATTRIBUTE; the API's own `expiresAt` (SPEC: an upload's,
 * a link's) is an ISO instant: the name alone does not tell them apart, the value does.
 */
const isStorageKey = (k: string, v: unknown) =>
  FORBIDDEN.has(k) ||
  /^GSI\d+(PK|SK)$/.test(k) ||
  (k === TTL_ATTRIBUTE && typeof v === 'number') ||
  // a grant's tally of its milestones (store/grant-tally.ts)
  isTallyAttribute(k);

/** Every path (e.g. `items.0.record.PK`) at which a storage attribute appears. */
function leaks(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaks(v, `${path}${i}.`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(isStorageKey(k, v) ? [`${path}${k}`] : []),
    ...leaks(v, `${path}${k}.`),
  ]);
}

const USERS = [
  'cso@sfax.demo',
  'newcso@sfax.demo',
  'horizons@sfax.demo',
  'tamkeen@sfax.demo',
  'nour@sfax.demo',
  'officer@sfax.demo',
  'officer2@sfax.demo',
  'mayor@sfax.demo',
  'admin@sfax.demo',
  'funder@sfax.demo',
  'officer@malaga.demo',
  'mayor@malaga.demo',
  'cso@malaga.demo',
];

describe('answers carry no storage attributes', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys.close();
  });

  /** GETs a path and records where its answer leaks; returns the body for the walk to go on. */
  const found: string[] = [];
  const visit = async (who: string, client: Client, path: string) => {
    const res = await client.get(path);
    for (const leak of leaks(res.body)) found.push(`${who} GET ${path}: ${leak}`);
    return res;
  };

  it('on every GET route, for every demo user, down to each record it lists', async () => {
    // Prepare
    const seen = new Set<string>();
    // Act: a document (an upload of the CSO, unattached: its uploader may see it)
    const uploader = await sys.as('cso@sfax.demo');
    const upload = await uploader.post('/v1/uploads', {
      fileName: 'receipt.pdf',
      contentType: 'application/pdf',
      size: 100,
    });
    for (const leak of leaks(upload.body)) found.push(`cso POST /v1/uploads: ${leak}`);
    await visit('cso@sfax.demo', uploader, `/v1/documents/${upload.body.id}`);
    for (const email of USERS) {
      const c = await sys.as(email);
      const me = await visit(email, c, '/v1/me');
      const orgId = me.body?.organisation?.id ?? me.body?.user?.organisationId ?? me.body?.organisationId;
      if (typeof orgId === 'string') await visit(email, c, `/v1/organisations/${orgId}`);
      if (typeof orgId === 'string') await visit(email, c, `/v1/organisations/${orgId}/impact`);
      if (typeof orgId === 'string') await visit(email, c, `/v1/organisations/${orgId}/impact/links`);
      await visit(email, c, '/v1/queue');
      await visit(email, c, '/v1/notifications');
      await visit(email, c, '/v1/exports/portfolio.json');
      await visit(email, c, '/v1/tranches?state=due');
      await visit(email, c, '/v1/insights/decisions?year=2026');
      await visit(email, c, '/v1/grants?q=a&late=false');
      await visit(email, c, '/v1/city/agreement-template');
      for (const [type, list] of [
        ['partnership', '/v1/partnerships'],
        ['grant', '/v1/grants'],
        ['milestone', '/v1/milestones'],
      ] as const) {
        const res = await visit(email, c, list);
        for (const r of (res.body?.items ?? []).slice(0, 3) as { id: string; organisationId?: string }[]) {
          const one = await visit(email, c, `${list}/${r.id}`);
          for (const d of (one.body?.documents ?? []) as { id: string }[])
            await visit(email, c, `/v1/documents/${d.id}`);
          await visit(email, c, `/v1/audit/${type}/${r.id}`);
          await visit(email, c, `${list}/${r.id}/messages`);
          if (type === 'grant') {
            await visit(email, c, `/v1/organisations/${r.organisationId}/record`);
            await visit(email, c, `/v1/grants/${r.id}/milestones`);
            await visit(email, c, `/v1/grants/${r.id}/eligibility`);
          }
          seen.add(type);
        }
      }
    }
    for (const path of [
      '/v1/public/cities/sfax/register',
      '/v1/public/cities/sfax/grants.360giving.json',
      '/v1/public/cities',
      // A page of partnerships that has a next one: its cursor is in the answer too.
      '/v1/public/cities/sfax/register?partnershipsLimit=1',
    ]) {
      const res = await fetch(`${sys.url}${path}`);
      for (const leak of leaks(await res.json())) found.push(`public GET ${path}: ${leak}`);
    }
    // Assess
    expect([...seen].sort()).toEqual(['grant', 'milestone', 'partnership']);
    expect(found).toEqual([]);
  });

  it('in the answers of a create and of events', async () => {
    // Prepare
    const cso = await sys.as('cso@sfax.demo');
    const officer = await sys.as('officer@sfax.demo');
    const answers: [string, unknown][] = [];
    // Act
    const created = await cso.post('/v1/grants', fastApplication({ title: 'Storage walk' }), {
      'idempotency-key': 'storage-walk-1',
    });
    answers.push(['create', created.body]);
    const replayed = await cso.post('/v1/grants', fastApplication({ title: 'Storage walk' }), {
      'idempotency-key': 'storage-walk-1',
    });
    answers.push(['replayed create', replayed.body]);
    const id = created.body.id as string;
    answers.push(['submit', (await cso.event(`/v1/grants/${id}`, { type: 'submit' })).body]);
    answers.push(['start_review', (await officer.event(`/v1/grants/${id}`, { type: 'start_review' })).body]);
    answers.push(['message', (await cso.post(`/v1/grants/${id}/messages`, { body: 'A question.' })).body]);
    const link = await cso.post('/v1/organisations/amal-sfax/impact/links', {});
    answers.push(['impact link', link.body]);
    const token = String(link.body.url).split('/impact/shared/')[1];
    answers.push(['shared impact', await (await fetch(`${sys.url}/v1/public/impact/${token}`)).json()]);
    // Assess
    expect(created.status).toBe(201);
    expect(answers.flatMap(([what, body]) => leaks(body).map((l) => `${what}: ${l}`))).toEqual([]);
  });
});
