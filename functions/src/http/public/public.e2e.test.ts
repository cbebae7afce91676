import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ORGANISATIONS, USERS } from '#seed/data';
import { registerSummaryItem } from '#store/register-summary';
import { putItem } from '#test/support/raw-table';
import { type RunningSystem, startSystem } from '../../local/system.ts';

// ------------------------------------------------------------------ the 360Giving schemas

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
// The schemas, copied unchanged from the 360Giving standard (see its README there for source and licence).
const schemaDir = resolve(repoRoot, 'test/fixtures/360giving');
const readSchema = (name: string) => JSON.parse(readFileSync(resolve(schemaDir, name), 'utf8'));

function packageValidator() {
  const grantSchema = readSchema('360-giving-schema.json');
  const packageSchema = readSchema('360-giving-package-schema.json');
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
  addFormats(ajv);
  ajv.addVocabulary(['codelist', 'openCodelist', 'rollUp']);
  ajv.addMetaSchema({
    $id: 'http://json-schema.org/draft/2020-12/schema',
    $ref: 'https://json-schema.org/draft/2020-12/schema',
  });
  ajv.addSchema(grantSchema);
  ajv.addSchema({ ...grantSchema, $id: packageSchema.properties.grants.items.$ref });
  return ajv.compile(packageSchema);
}

// ------------------------------------------------------------------ helpers

/** RFC 4180: fields, quoted or not, rows ended by CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** What must never appear in a public output: the demo users, and the fields that hold people. */
const orgNames = ORGANISATIONS.map((o) => o.name);
const PERSONAL_VALUES = [
  ...USERS.flatMap((u) => [u.email, u.id]),
  // a user's name, unless it is also an organisation's public name (the funder's member account)
  ...USERS.map((u) => u.name).filter((n) => !orgNames.some((o) => o.includes(n))),
];
const PERSONAL_KEYS = [
  'contactName',
  'email',
  'telephone',
  'streetAddress',
  'postalCode',
  'addressLocality',
  'createdBy',
  'decidedBy',
  'reviewedBy',
  'userId',
  'conflictDeclarations',
  'recommendation',
  'decisionComment',
  'narrative',
  'registrationNumber',
];
function expectNoPersonalData(text: string) {
  for (const value of PERSONAL_VALUES) expect(text, value).not.toContain(value);
  for (const key of PERSONAL_KEYS) expect(text, key).not.toMatch(new RegExp(`"${key}"|\\b${key}\\b`, 'i'));
  expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
}

interface Register {
  city: { id: string; name: string };
  partnerships: {
    id: string;
    organisationName: string;
    focusAreas: string[];
    term: { start: string; end: string } | null;
  }[];
  grants: {
    id: string;
    identifier: string;
    title: string;
    state: string;
    organisationName: string;
    focusAreas: string[];
    funders: { id: string; name: string; share: { amount: number; currency: string } }[];
    awardedAt: string;
    reportsOnTime: boolean;
  }[];
  summary: {
    grants: number | null;
    partnerships: number | null;
    grantsByState: { state: string; grants: number | null }[];
    indicatorTotals: { name: string; total: number | null }[];
    note: string;
  } | null;
  nextCursor: string | null;
  partnershipsNextCursor: string | null;
}

describe('public register, 360Giving and portfolio exports', () => {
  let sys: RunningSystem;
  const get = (path: string, token?: string) =>
    fetch(`${sys.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const signIn = async (email: string) => {
    const res = await fetch(`${sys.url}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  const register = async (query = '') => {
    const res = await get(`/v1/public/cities/sfax/register${query}`);
    expect(res.status).toBe(200);
    return { res, body: (await res.json()) as Register };
  };

  beforeAll(async () => {
    sys = await startSystem({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `t8-${Date.now()}`,
      seed: true,
    });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('lists active partnerships and awarded grants of a city without sign-in', async () => {
    // Act
    const { res, body } = await register();

    // Assess
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(body.city).toMatchObject({ id: 'sfax', name: 'Sfax' });
    expect(body.partnerships.map((p) => p.organisationName)).toEqual([
      'Association Amal Sfax',
      'Horizons Solidaires',
      'Tamkeen Employment Hub',
    ]);
    expect(body.partnerships[0]).toMatchObject({ focusAreas: ['legal_counselling', 'access_to_services'] });
    expect(body.partnerships.every((p) => p.term !== null)).toBe(true);
    const states = new Set(body.grants.map((g) => g.state));
    for (const s of states)
      expect(['approved', 'active', 'suspended', 'completed', 'closed', 'terminated']).toContain(s);
    expect(body.grants.map((g) => g.title).sort()).toEqual(
      [
        'Apprenticeship placements',
        'CV and interview workshops',
        'Job fair stand for newcomers',
        'Legal clinic for newly arrived families',
        'Parents’ literacy circles',
        'Winter orientation desk',
      ].sort(),
    );
    const clinic = body.grants.find((g) => g.title === 'Legal clinic for newly arrived families');
    expect(clinic?.funders.map((f) => [f.id, f.share.amount])).toEqual([
      ['sfax-city-budget', 7_200_000],
      ['fondation-sud', 4_800_000],
    ]);
    expect(clinic?.identifier).toBe(`360G-passerelle-sfax-${clinic?.id}`);
    expect(body.grants.find((g) => g.title === 'CV and interview workshops')?.reportsOnTime).toBe(false);
    expect(body.grants.find((g) => g.title === 'Winter orientation desk')?.reportsOnTime).toBe(true);
  });

  it('suppresses every count below 5 in the summary, and says so', async () => {
    // Act
    const { body } = await register();

    // Assess
    expect(body.summary?.grants).toBe(6);
    expect(body.summary?.note).toMatch(/below 5/);
    const byState = Object.fromEntries((body.summary?.grantsByState ?? []).map((s) => [s.state, s.grants]));
    expect(byState).toEqual({ active: null, approved: null, closed: null, suspended: null });
    expect(body.summary?.indicatorTotals).toEqual([
      { name: 'people reached', total: 134 },
      { name: 'sessions held', total: 12 },
    ]);
    const all = JSON.stringify(body.summary);
    for (const n of [1, 2, 3, 4]) expect(all).not.toMatch(new RegExp(`"grants":${n}\\b`));
  });

  it('filters by funder, focus area and year', async () => {
    // Act
    const byFunder = (await register('?funder=fondation-sud')).body;
    const byFocus = (await register('?focusArea=education')).body;
    const year = new Date().getUTCFullYear();
    const byYear = (await register(`?year=${year}`)).body;
    const none = (await register('?year=2001')).body;

    // Assess
    expect(byFunder.grants.map((g) => g.title).sort()).toEqual([
      'CV and interview workshops',
      'Legal clinic for newly arrived families',
      'Parents’ literacy circles',
    ]);
    expect(byFunder.partnerships).toEqual([]);
    expect(byFocus.grants.map((g) => g.organisationName)).toEqual(['Horizons Solidaires']);
    expect(byFocus.partnerships.map((p) => p.organisationName)).toEqual(['Horizons Solidaires']);
    expect(byYear.grants.every((g) => g.awardedAt.startsWith(String(year)))).toBe(true);
    expect(none.grants).toEqual([]);
    expect(none.summary?.grants).toBeNull();
  });

  it('pages the grants with a cursor, and refuses a forged one', async () => {
    // Prepare
    const all = (await register()).body.grants.map((g) => g.id);

    // Act
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { body } = await register(query);
      expect(body.grants.length).toBeLessThanOrEqual(2);
      if (pages > 0) expect(body.summary).toBeNull();
      seen.push(...body.grants.map((g) => g.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const forged = await get('/v1/public/cities/sfax/register?cursor=bm90LWEtY3Vyc29y');

    // Assess
    expect(seen).toEqual(all);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('pages the active partnerships with their own cursor, the filters applied to every page', async () => {
    // Prepare
    const all = (await register()).body;
    /** Follows `partnershipsNextCursor` from the first page of `query`; every page and the ids in order. */
    const follow = async (query: string) => {
      const pages: Register[] = [];
      let cursor: string | null = null;
      do {
        const more: string = cursor ? `&partnershipsCursor=${encodeURIComponent(cursor)}` : '';
        const { body } = await register(`?${query}${more}`);
        pages.push(body);
        cursor = body.partnershipsNextCursor;
      } while (cursor && pages.length < 20);
      return { pages, ids: pages.flatMap((p) => p.partnerships.map((x) => x.id)) };
    };

    // Act
    const byOne = await follow('partnershipsLimit=1');
    const byTwo = await follow('partnershipsLimit=2');
    const education = await follow('partnershipsLimit=1&focusArea=education');
    const year = new Date().getUTCFullYear();
    const thisYear = await follow(`partnershipsLimit=1&year=${year}`);
    const noneThen = await follow('partnershipsLimit=1&year=2001');

    // Assess
    expect(all.partnerships).toHaveLength(3);
    expect(all.partnershipsNextCursor).toBeNull();
    expect(all.summary?.partnerships).toBe(3);
    expect(byOne.pages).toHaveLength(3);
    expect(byOne.ids).toEqual(all.partnerships.map((p) => p.id));
    expect(byTwo.pages.map((p) => p.partnerships.length)).toEqual([2, 1]);
    expect(byTwo.ids).toEqual(byOne.ids);
    const [firstPage, ...nextPages] = byOne.pages;
    // The first page has the first of both lists and the summary, which counts every partnership.
    expect(firstPage?.grants.length).toBeGreaterThan(0);
    expect(firstPage?.summary?.partnerships).toBe(3);
    // A next page of partnerships is that list only: the grants are paged with their own cursor.
    for (const p of nextPages) {
      expect(p.grants).toEqual([]);
      expect(p.summary).toBeNull();
      expect(p.nextCursor).toBeNull();
    }
    expect(education.pages.flatMap((p) => p.partnerships.map((x) => x.organisationName))).toEqual([
      'Horizons Solidaires',
    ]);
    expect(education.pages[0]?.summary?.partnerships).toBe(1);
    expect(thisYear.ids).toEqual(byOne.ids);
    expect(noneThen.ids).toEqual([]);
    expect(noneThen.pages[0]?.summary?.partnerships).toBe(0);
  });

  it('counts every partnership again when the kept summary is one from before they were paged', async () => {
    // Prepare: the city-wide summary as it was kept when the count was the list's length (0 in the item)
    const kept = (await register()).body.summary;
    await putItem(
      sys.deps.store,
      registerSummaryItem(
        'sfax',
        {},
        {
          summary: { ...kept, partnerships: 0 },
          known: { years: [], focusAreas: [], funders: [] },
          asOf: new Date().toISOString(),
        },
      ),
    );

    // Act
    const { body } = await register();

    // Assess
    expect(body.summary?.partnerships).toBe(3);
  });

  it('refuses a forged or borrowed partnerships cursor with a clear problem', async () => {
    // Prepare
    const grantsCursor = (await register('?limit=1')).body.nextCursor ?? '';
    const sfaxCursor = (await register('?partnershipsLimit=1')).body.partnershipsNextCursor ?? '';
    const partnershipsAfter = (cursor: string, city = 'sfax') =>
      get(`/v1/public/cities/${city}/register?partnershipsCursor=${encodeURIComponent(cursor)}`);

    // Act
    const forged = await partnershipsAfter('bm90LWEtY3Vyc29y');
    const aGrantsCursor = await partnershipsAfter(grantsCursor);
    const anotherCity = await partnershipsAfter(sfaxCursor, 'malaga');
    const tooMany = await get('/v1/public/cities/sfax/register?partnershipsLimit=101');
    const genuine = await partnershipsAfter(sfaxCursor);
    const empty = (await register('?cursor=&partnershipsCursor=')).body;

    // Assess
    expect(grantsCursor).not.toBe('');
    expect(sfaxCursor).not.toBe('');
    for (const res of [forged, aGrantsCursor, anotherCity, tooMany]) {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      const body = (await res.json()) as { status: number; detail?: string };
      expect(body.status).toBe(400);
      expect(body.detail).toBeTruthy();
    }
    expect(genuine.status).toBe(200);
    // An empty cursor is no cursor: the first page, as before the partnerships had one.
    expect(empty.summary).not.toBeNull();
    expect(empty.partnerships).toHaveLength(3);
  });

  it('answers 404 for an unknown city, as a problem', async () => {
    // Act
    const reg = await get('/v1/public/cities/atlantis/register');
    const pkg = await get('/v1/public/cities/atlantis/grants.360giving.json');

    // Assess
    expect(reg.status).toBe(404);
    expect(pkg.status).toBe(404);
    expect(((await pkg.json()) as { status: number }).status).toBe(404);
  });

  it('publishes a 360Giving package that validates against the schemas, co-funders included', async () => {
    // Prepare
    const validate = packageValidator();

    // Act
    const res = await get('/v1/public/cities/sfax/grants.360giving.json');
    const text = await res.text();
    const pkg = JSON.parse(text) as {
      grants: {
        id: string;
        title: string;
        amountAwarded: number;
        amountDisbursed: number;
        fundingOrganization: { id: string; name: string }[];
        grantProgramme: { code: string }[];
        beneficiaryLocation: { name: string; countryCode: string }[];
        plannedDates: unknown[];
      }[];
    };

    // Assess
    expect(res.status).toBe(200);
    expect(validate(pkg), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(pkg.grants).toHaveLength(6);
    expect(pkg.grants.every((g) => /^360G-passerelle-sfax-/.test(g.id))).toBe(true);
    const clinic = pkg.grants.find((g) => g.title === 'Legal clinic for newly arrived families');
    expect(clinic).toMatchObject({
      amountAwarded: 12_000,
      amountDisbursed: 12_000,
      grantProgramme: [{ code: 'fast_track' }],
      beneficiaryLocation: [{ name: 'Sfax', countryCode: 'TN' }],
    });
    expect(clinic?.fundingOrganization.map((f) => f.id)).toEqual([
      '360G-passerelle-org-sfax-city-budget',
      '360G-passerelle-org-fondation-sud',
    ]);
    expect(pkg.grants.find((g) => g.title === 'Parents’ literacy circles')?.fundingOrganization).toHaveLength(
      2,
    );
    expect(pkg.grants.find((g) => g.title === 'Apprenticeship placements')?.grantProgramme).toEqual([
      { code: 'standard', title: 'Standard grants' },
    ]);
    expectNoPersonalData(text);
  });

  it('publishes the same grants in the 360Giving flat CSV layout', async () => {
    // Act
    const res = await get('/v1/public/cities/sfax/grants.360giving.csv');
    const text = await res.text();
    const rows = parseCsv(text);
    const [header = [], ...data] = rows;
    const col = (name: string) => header.indexOf(name);

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="sfax-grants\.360giving\.csv"/,
    );
    expect(header.slice(0, 6)).toEqual([
      'Identifier',
      'Title',
      'Description',
      'Currency',
      'Amount Applied For',
      'Amount Awarded',
    ]);
    expect(data).toHaveLength(6);
    expect(data.every((r) => r.length === header.length)).toBe(true);
    const clinic = data.find((r) => r[col('Title')] === 'Legal clinic for newly arrived families') ?? [];
    expect(clinic[col('Amount Awarded')]).toBe('12000');
    expect(clinic[col('Funding Org:0:Identifier')]).toBe('360G-passerelle-org-sfax-city-budget');
    expect(clinic[col('Funding Org:1:Name')]).toBe('Fondation Méditerranée Sud (fictional)');
    // Its focus areas (its organisation's: it names none of its own), as the JSON's classifications.
    expect(clinic[col('Classifications:0:Vocabulary')]).toBe('passerelle-focus-area');
    expect(clinic[col('Classifications:0:Code')]).toBe('legal_counselling');
    expectNoPersonalData(text);
  });

  it('keeps every public output free of personal data', async () => {
    // Act
    const outputs = await Promise.all(
      [
        '/v1/public/cities/sfax/register',
        '/v1/public/cities/sfax/register?funder=fondation-sud',
        '/v1/public/cities/malaga/register',
        '/v1/public/cities/malaga/grants.360giving.json',
        '/v1/public/cities/malaga/grants.360giving.csv',
      ].map(async (path) => (await get(path)).text()),
    );

    // Assess
    for (const text of outputs) expectNoPersonalData(text);
  });

  it('lets a funder download its portfolio as JSON, with its share, milestones and totals', async () => {
    // Prepare
    const token = await signIn('funder@sfax.demo');

    // Act
    const res = await get('/v1/exports/portfolio.json', token);
    const body = (await res.json()) as {
      scope: { kind: string };
      grants: {
        title: string;
        share: { amount: number } | null;
        funders: unknown[];
        milestones: {
          dueDate: string;
          submittedAt: string | null;
          acceptedAt: string | null;
          late: boolean;
        }[];
      }[];
      totals: { grants: number; share: { amount: number; currency: string }[]; lateMilestones: number };
    };

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="portfolio-.*\.json"/);
    expect(body.scope.kind).toBe('funder');
    expect(body.grants.map((g) => g.title).sort()).toEqual([
      'CV and interview workshops',
      'Legal clinic for newly arrived families',
      'Parents’ literacy circles',
    ]);
    const clinic = body.grants.find((g) => g.title === 'Legal clinic for newly arrived families');
    expect(clinic?.share?.amount).toBe(4_800_000);
    expect(clinic?.funders).toHaveLength(2);
    expect(body.totals).toMatchObject({ grants: 3, share: [{ amount: 37_800_000, currency: 'TND' }] });
    const cv = body.grants.find((g) => g.title === 'CV and interview workshops');
    expect(cv?.milestones.some((m) => m.late)).toBe(true);
    expect(body.totals.lateMilestones).toBeGreaterThanOrEqual(1);
    const literacy = body.grants.find((g) => g.title === 'Parents’ literacy circles');
    expect(literacy?.milestones.some((m) => m.submittedAt !== null)).toBe(true);
  });

  it('lets a funder download its portfolio as CSV, one row per milestone', async () => {
    // Prepare
    const token = await signIn('funder@sfax.demo');

    // Act
    const res = await get('/v1/exports/portfolio.csv', token);
    const [header = [], ...data] = parseCsv(await res.text());
    const col = (name: string) => header.indexOf(name);

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="portfolio-.*\.csv"/);
    for (const c of [
      'grant_id',
      'funder_share',
      'due_date',
      'submitted_at',
      'accepted_at',
      'late',
      'indicator_totals',
    ]) {
      expect(header).toContain(c);
    }
    expect(data.every((r) => r.length === header.length)).toBe(true);
    expect(new Set(data.map((r) => r[col('grant_id')])).size).toBe(3);
    const clinic = data.find((r) => r[col('title')] === 'Legal clinic for newly arrived families') ?? [];
    expect(clinic[col('funder_share')]).toBe('4800.000');
    expect(data.some((r) => r[col('late')] === 'true')).toBe(true);
  });

  it('lets an officer export the whole city, and nobody else’s', async () => {
    // Prepare
    const sfaxOfficer = await signIn('officer@sfax.demo');
    const malagaOfficer = await signIn('officer@malaga.demo');
    const cso = await signIn('cso@sfax.demo');

    // Act
    const sfax = (await (await get('/v1/exports/portfolio.json', sfaxOfficer)).json()) as {
      scope: { kind: string; cityId: string };
      grants: { cityId: string; share: unknown }[];
      totals: { grants: number; indicatorTotals: { name: string; total: number }[] };
    };
    const malaga = (await (await get('/v1/exports/portfolio.json', malagaOfficer)).json()) as {
      grants: { cityId: string }[];
    };
    const asCso = await get('/v1/exports/portfolio.csv', cso);
    const anonymous = await get('/v1/exports/portfolio.csv');

    // Assess
    expect(sfax.scope).toEqual({ kind: 'city', cityId: 'sfax' });
    expect(sfax.grants).toHaveLength(6);
    expect(sfax.grants.every((g) => g.cityId === 'sfax' && g.share === null)).toBe(true);
    expect(sfax.totals.indicatorTotals).toEqual([
      { name: 'people reached', total: 134 },
      { name: 'sessions held', total: 12 },
    ]);
    expect(malaga.grants.length).toBeGreaterThan(0);
    expect(malaga.grants.every((g) => g.cityId === 'malaga')).toBe(true);
    expect(asCso.status).toBe(403);
    expect(anonymous.status).toBe(401);
  });

  it('documents the public and export routes in the OpenAPI document', async () => {
    // Act
    const doc = (await (await get('/openapi.json')).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };

    // Assess
    for (const path of [
      '/v1/public/cities/{cityId}/register',
      '/v1/public/cities/{cityId}/grants.360giving.json',
      '/v1/public/cities/{cityId}/grants.360giving.csv',
      '/v1/exports/portfolio.csv',
      '/v1/exports/portfolio.json',
    ]) {
      expect(doc.paths[path]?.get, path).toBeDefined();
    }
    expect(Object.keys(doc.paths['/v1/exports/portfolio.csv']?.get?.responses['200']?.content ?? {})).toEqual(
      ['text/csv'],
    );
  });
});
