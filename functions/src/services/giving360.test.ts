import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Grant, GrantState, Tranche } from '#domain/grant';
import type { CitySettings, Organisation } from '#domain/types';
import { CITIES, ORGANISATIONS } from '#seed/data';
import type { Deps } from './deps.ts';
import {
  AWARDED_STATES,
  csvField,
  GIVING360_CSV_COLUMNS,
  giving360Csv,
  giving360CsvRow,
  giving360Json,
  grantIdentifier,
  MAX_FUNDERS,
  OrganisationCache,
  orgIdentifier,
  toGiving360Grant,
  toGiving360Package,
} from './giving360.ts';

// ------------------------------------------------------------------ the schemas, as CI checks them out

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// The schemas, copied unchanged from the 360Giving standard (see its README there for source and licence).
const schemaDir = resolve(repoRoot, 'test/fixtures/360giving');
const grantSchema = JSON.parse(readFileSync(resolve(schemaDir, '360-giving-schema.json'), 'utf8'));
const packageSchema = JSON.parse(readFileSync(resolve(schemaDir, '360-giving-package-schema.json'), 'utf8'));

function packageValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
  addFormats(ajv);
  // The standard's own annotation keywords (codelists, flattening hints): known, not validated.
  ajv.addVocabulary(['codelist', 'openCodelist', 'rollUp']);
  // The schemas name the 2020-12 meta-schema with http://; Ajv knows it as https://.
  ajv.addMetaSchema({
    $id: 'http://json-schema.org/draft/2020-12/schema',
    $ref: 'https://json-schema.org/draft/2020-12/schema',
  });
  ajv.addSchema(grantSchema);
  // The package schema (1.4.3) refers to the grant schema by its 1.4.2 address; the copied grant schema
  // is 1.4.3. Register the same schema under the address the package uses.
  ajv.addSchema({ ...grantSchema, $id: packageSchema.properties.grants.items.$ref });
  return ajv.compile(packageSchema);
}
const validatePackage = packageValidator();

function expectValid(pkg: unknown) {
  const ok = validatePackage(pkg);
  expect(validatePackage.errors ?? [], JSON.stringify(validatePackage.errors?.slice(0, 5))).toEqual([]);
  expect(ok).toBe(true);
}

// ------------------------------------------------------------------ fixtures

const sfax = CITIES.find((c) => c.id === 'sfax') as CitySettings;

function organisationsOf(list: readonly Organisation[]) {
  const byId = new Map(list.map((o) => [o.id, o]));
  return { get: (id: string) => byId.get(id), name: (id: string) => byId.get(id)?.name ?? id };
}

const demoGrant = (over: Partial<Grant> = {}): Grant => ({
  id: 'g_legal',
  cityId: 'sfax',
  organisationId: 'amal-sfax',
  organisationName: 'Amal Sfax',
  state: 'active',
  version: 7,
  createdAt: '2026-05-01T09:00:00.000Z',
  updatedAt: '2026-06-01T09:00:00.000Z',
  createdBy: 'u-cso-sfax',
  track: 'fast',
  title: 'Legal clinic for newly arrived families',
  summary: 'A weekly legal clinic.',
  need: 'Families arriving this season have no place to get reliable information.',
  targetGroups: ['migrants in transit'],
  amountRequested: { amount: 12_000_000, currency: 'TND' },
  budget: [{ label: 'Staff time', amount: { amount: 12_000_000, currency: 'TND' } }],
  startDate: '2026-05-20',
  endDate: '2026-09-17',
  indicators: [{ name: 'people reached', target: 120 }],
  conflictDeclarations: [],
  decidedAt: '2026-05-10T10:00:00.000Z',
  award: {
    amount: { amount: 12_000_000, currency: 'TND' },
    funders: [
      { funderId: 'sfax-city-budget', share: { amount: 7_200_000, currency: 'TND' } },
      { funderId: 'fondation-sud', share: { amount: 4_800_000, currency: 'TND' } },
    ],
  },
  funderIds: ['sfax-city-budget', 'fondation-sud'],
  tranches: [
    {
      id: 't1',
      amount: { amount: 12_000_000, currency: 'TND' },
      condition: 'award_accepted',
      state: 'released',
      releasedAt: '2026-05-11T10:00:00.000Z',
    },
  ],
  ...over,
});

// Every optional field of the records filled, with awkward text (quotes, commas, line breaks, scripts).
const text = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
const instant = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const day = instant.map((i) => i.slice(0, 10));
const currency = fc.constantFrom('TND', 'EUR', 'JPY');
const FOCUS = ['legal_counselling', 'access_to_services', 'housing', 'health', 'education', 'employment'];

const fullOrganisation = (id: string, kind: Organisation['kind']) =>
  fc.record({
    id: fc.constant(id),
    kind: fc.constant(kind),
    cityId: fc.constant('sfax'),
    name: text,
    registrationNumber: text,
    description: text,
    website: fc.webUrl(),
    focusAreas: fc.subarray(FOCUS, { minLength: 1 }),
    languages: fc.subarray(['ar', 'fr', 'en']),
    version: fc.nat(),
    createdAt: instant,
    updatedAt: instant,
  });

const fullGrant = (i: number) =>
  fc
    .record({
      cur: currency,
      minor: fc.integer({ min: 1, max: 1_000_000_000_000 }),
      funderCount: fc.integer({ min: 1, max: MAX_FUNDERS }),
      trancheStates: fc.array(fc.constantFrom<Tranche['state']>('scheduled', 'released', 'held', 'paid'), {
        minLength: 1,
        maxLength: 3,
      }),
      state: fc.constantFrom<GrantState>(...AWARDED_STATES),
      track: fc.constantFrom<Grant['track']>('fast', 'standard'),
      title: text,
      summary: text,
      start: day,
      end: day,
      at: instant,
      comment: text,
    })
    .map((r): Grant => {
      const funderIds = Array.from({ length: r.funderCount }, (_, k) => `funder-${k}`);
      const each = Math.floor(r.minor / r.funderCount);
      const shares = funderIds.map((_, k) => (k === 0 ? r.minor - each * (r.funderCount - 1) : each));
      const money = (amount: number) => ({ amount, currency: r.cur });
      const [startDate = r.start, endDate = r.end] = [r.start, r.end].sort();
      return {
        id: `g_${i}`,
        cityId: 'sfax',
        organisationId: `cso-${i}`,
        organisationName: `CSO ${i}`,
        state: r.state,
        version: 5,
        createdAt: r.at,
        updatedAt: r.at,
        createdBy: 'u-secret-creator',
        funderIds,
        track: r.track,
        title: r.title,
        summary: r.summary,
        need: r.comment,
        targetGroups: [r.comment],
        amountRequested: money(r.minor),
        budget: [{ label: r.comment, amount: money(r.minor) }],
        startDate,
        endDate,
        indicators: [{ name: 'people reached', target: 10 }],
        submittedAt: r.at,
        decisionDueAt: r.start,
        decidedAt: r.at,
        decidedBy: 'u-secret-mayor',
        decisionLate: true,
        decisionComment: `private comment ${r.comment}`,
        recommendation: { value: 'approve', comment: r.comment, by: 'u-secret-officer', at: r.at },
        conflictDeclarations: [{ userId: 'u-secret-officer', role: 'city_officer', at: r.at }],
        award: {
          amount: money(r.minor),
          funders: funderIds.map((funderId, k) => ({ funderId, share: money(shares[k] ?? 0) })),
        },
        tranches: r.trancheStates.map((state, k) => ({
          id: `t${k}`,
          amount: money(k === 0 ? r.minor : 0),
          condition: k === 0 ? 'award_accepted' : 'final_report_accepted',
          state,
          releasedAt: r.at,
          paidAt: r.at,
        })),
        awardAcceptedAt: r.at,
      };
    });

const fullData = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    grants: fc.tuple(...Array.from({ length: n }, (_, i) => fullGrant(i))),
    recipients: fc.tuple(...Array.from({ length: n }, (_, i) => fullOrganisation(`cso-${i}`, 'cso'))),
    funders: fc.tuple(
      ...Array.from({ length: MAX_FUNDERS }, (_, k) => fullOrganisation(`funder-${k}`, 'funder')),
    ),
  }),
);

// ------------------------------------------------------------------ tests

describe('360Giving package', () => {
  it('validates against the schemas for the demo city, co-funded grants included', () => {
    // Prepare
    const grants = [
      demoGrant(),
      demoGrant({ id: 'g_closed', state: 'closed', award: undefined, funderIds: undefined, tranches: [] }),
      demoGrant({ id: 'g_term', state: 'terminated', track: 'standard' }),
    ];

    // Act
    const pkg = toGiving360Package(grants, {
      city: sfax,
      organisations: organisationsOf(ORGANISATIONS),
      issued: '2026-06-02T08:00:00.000Z',
      baseUrl: 'https://passerelle.example',
    });

    // Assess
    expectValid(pkg);
    const [first] = pkg.grants as Record<string, unknown>[];
    expect(first).toMatchObject({
      id: '360G-passerelle-sfax-g_legal',
      amountAwarded: 12_000,
      amountDisbursed: 12_000,
      currency: 'TND',
      plannedDates: [{ startDate: '2026-05-20', endDate: '2026-09-17', duration: 4 }],
      recipientOrganization: [{ id: '360G-passerelle-org-amal-sfax', name: 'Association Amal Sfax' }],
      fundingOrganization: [
        { id: '360G-passerelle-org-sfax-city-budget', name: 'City of Sfax — own budget' },
        { id: '360G-passerelle-org-fondation-sud', name: 'Fondation Méditerranée Sud (fictional)' },
      ],
      grantProgramme: [{ code: 'fast_track', title: 'Fast-track grants' }],
      beneficiaryLocation: [{ name: 'Sfax', countryCode: 'TN' }],
    });
  });

  it('classifies a grant by its own focus areas where it names them, else by its organisation’s', () => {
    // Prepare
    const grants = [demoGrant({ id: 'g_own', focusAreas: ['housing'] }), demoGrant({ id: 'g_inherits' })];
    // Act
    const pkg = toGiving360Package(grants, {
      city: sfax,
      organisations: organisationsOf(ORGANISATIONS),
      issued: '2026-06-02T08:00:00.000Z',
    });
    // Assess
    expectValid(pkg);
    const codes = (pkg.grants as { classifications?: { code: string }[] }[]).map((g) =>
      (g.classifications ?? []).map((c) => c.code),
    );
    const amal = ORGANISATIONS.find((o) => o.id === 'amal-sfax');
    expect(codes).toEqual([['housing'], [...(amal?.focusAreas ?? [])]]);
    expect(codes[1]?.length).toBeGreaterThan(0);
  });

  it('validates for generated data that fills every optional field, and leaks none of the private ones', () => {
    fc.assert(
      fc.property(fullData, ({ grants, recipients, funders }) => {
        // Prepare
        const organisations = organisationsOf([...recipients, ...funders]);

        // Act
        const pkg = toGiving360Package(grants, {
          city: sfax,
          organisations,
          issued: '2026-06-02',
          baseUrl: 'https://passerelle.example',
        });

        // Assess
        expectValid(pkg);
        const out = JSON.stringify(pkg);
        for (const secret of ['u-secret', 'private comment', 'registrationNumber', 'website', 'languages']) {
          expect(out).not.toContain(secret);
        }
        for (const [i, g] of (pkg.grants as { fundingOrganization: unknown[] }[]).entries()) {
          expect(g.fundingOrganization).toHaveLength(grants[i]?.award?.funders.length ?? 0);
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
  }, 30_000);

  it('validates with no optional field filled (a grant as bare as the records allow)', () => {
    // Prepare
    const bare = demoGrant({ decidedAt: undefined, award: undefined, funderIds: undefined, tranches: [] });
    const city: CitySettings = { ...sfax, country: 'Tunisia', programmes: undefined };

    // Act
    const pkg = toGiving360Package([bare], {
      city,
      organisations: organisationsOf([]),
      issued: '2026-06-02',
    });

    // Assess
    expectValid(pkg);
    expect(pkg.grants).toMatchObject([
      { amountDisbursed: 0, recipientOrganization: [{ name: 'amal-sfax' }] },
    ]);
  });
});

describe('360Giving identifiers and CSV', () => {
  it('makes stable identifiers with the 360G- prefix, replacing unsafe characters', () => {
    // Act and assess
    expect(grantIdentifier('sfax', 'g_abc')).toBe('360G-passerelle-sfax-g_abc');
    expect(orgIdentifier('fondation sud/1')).toBe('360G-passerelle-org-fondation_sud_1');
  });

  it('quotes fields as RFC 4180 asks and defuses spreadsheet formulas', () => {
    // Act and assess
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"\nnow')).toBe('"say ""hi""\nnow"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(null)).toBe('');
  });

  it('defuses a formula wherever a spreadsheet may split the cell: after a line break, a ; or a ,', () => {
    // Act
    const cells = [
      'Kits\n=1+1;',
      'Kits;=HYPERLINK("http://x")',
      'Kits,+1',
      'Kits\r\n@SUM(A1)',
      'a;-2+3',
      'Kits\t=1',
    ].map(csvField);
    // Assess: no part that a split on line breaks, ; , or tab can make starts a formula
    for (const cell of cells) {
      const unquoted = cell.replace(/^"|"$/g, '').replace(/""/g, '"');
      for (const part of unquoted.split(/[\r\n;,\t]/)) expect(part).not.toMatch(/^[=+\-@]/);
    }
    expect(csvField('Kits\n=1+1;')).toBe(`"Kits\n'=1+1;"`);
    expect(csvField('Blankets; 120 families, 3 sites')).toBe('"Blankets; 120 families, 3 sites"');
  });

  it('uses the standard column titles', () => {
    // Assess
    expect(GIVING360_CSV_COLUMNS.slice(0, 8)).toEqual([
      'Identifier',
      'Title',
      'Description',
      'Currency',
      'Amount Applied For',
      'Amount Awarded',
      'Amount Disbursed',
      'Award Date',
    ]);
    expect(GIVING360_CSV_COLUMNS).toContain('Funding Org:1:Identifier');
    expect(GIVING360_CSV_COLUMNS).toContain('Recipient Org:Identifier');
  });

  it('writes a grant’s focus areas as classifications and what was disbursed (known row)', () => {
    // Prepare: a grant with two focus areas of its own, 12,000 TND awarded, 9,000 released of it
    const [advance] = demoGrant().tranches as [Tranche];
    const grant = demoGrant({
      focusAreas: ['legal_counselling', 'housing'],
      tranches: [
        { ...advance, amount: { amount: 9_000_000, currency: 'TND' } },
        {
          id: 't2',
          amount: { amount: 3_000_000, currency: 'TND' },
          condition: 'final_report_accepted',
          state: 'scheduled',
        },
      ],
    });
    const ctx = { city: sfax, organisations: organisationsOf(ORGANISATIONS) };

    // Act
    const line = giving360CsvRow(toGiving360Grant(grant, ctx)).trimEnd();

    // Assess: no field needs quoting here, so the row splits on its commas, one field per column
    expect(line).not.toContain('"');
    const row = Object.fromEntries(GIVING360_CSV_COLUMNS.map((c, i) => [c, line.split(',')[i]]));
    expect(row).toMatchObject({
      'Amount Awarded': '12000',
      'Amount Disbursed': '9000',
      'Classifications:0:Vocabulary': 'passerelle-focus-area',
      'Classifications:0:Code': 'legal_counselling',
      'Classifications:0:Title': 'Legal counselling',
      'Classifications:1:Vocabulary': 'passerelle-focus-area',
      'Classifications:1:Code': 'housing',
      'Classifications:1:Title': 'Housing',
      'Classifications:2:Code': '',
    });
    expect(line.split(',')).toHaveLength(GIVING360_CSV_COLUMNS.length);
  });
});

describe('streamed 360Giving output', () => {
  // A store that holds 250 grants per awarded state and counts how it is read.
  function fakeDeps(perState: number) {
    const reads: { state: string | undefined; limit: number | undefined }[] = [];
    const store = {
      async listByCity(
        _type: string,
        _city: string,
        opts: { state?: string; cursor?: string; limit?: number },
      ) {
        reads.push({ state: opts.state, limit: opts.limit });
        const from = Number(opts.cursor ?? 0);
        const to = Math.min(perState, from + (opts.limit ?? 25));
        const items = Array.from({ length: to - from }, (_, k) =>
          demoGrant({ id: `g_${opts.state}_${from + k}`, state: opts.state as GrantState }),
        );
        return { items, nextCursor: to < perState ? String(to) : null };
      },
      async getOrganisations(ids: readonly string[]) {
        return ORGANISATIONS.filter((o) => ids.includes(o.id));
      },
    };
    const deps = {
      store,
      clock: () => new Date('2026-06-02T08:00:00Z'),
      cities: { get: async () => sfax },
    } as unknown as Deps;
    return { deps, reads };
  }

  it('writes a valid package page by page, reading the store only as the output is consumed', async () => {
    // Prepare
    const { deps, reads } = fakeDeps(250);

    // Act
    const chunks = await giving360Json(deps, 'sfax');
    const iterator = (chunks as AsyncIterable<string>)[Symbol.asyncIterator]();
    const head = await iterator.next();
    const readsAfterHead = reads.length;
    let text = head.value as string;
    let largest = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      text += next.value;
      largest = Math.max(largest, next.value.length);
    }

    // Assess
    expect(readsAfterHead).toBe(1);
    expect(reads.every((r) => (r.limit ?? 0) <= 100)).toBe(true);
    const pkg = JSON.parse(text);
    expect(pkg.grants).toHaveLength(250 * AWARDED_STATES.length);
    expectValid(pkg);
    expect(largest).toBeLessThan(text.length / 10);
  }, 30_000);

  it('writes the CSV with a header row and one row per grant', async () => {
    // Prepare
    const { deps } = fakeDeps(3);

    // Act
    let csv = '';
    for await (const chunk of (await giving360Csv(deps, 'sfax')) as AsyncIterable<string>) csv += chunk;

    // Assess
    const lines = csv.trimEnd().split('\r\n');
    expect(
      lines[0]?.startsWith('Identifier,Title,Description,Currency,Amount Applied For,Amount Awarded'),
    ).toBe(true);
    expect(lines).toHaveLength(1 + 3 * AWARDED_STATES.length);
    expect(lines[1]).toContain('360G-passerelle-sfax-g_approved_0');
    expect(lines[1]).toContain('360G-passerelle-org-fondation-sud');
  });

  it('gives nothing for a city without an awarded grant', async () => {
    // Prepare
    const { deps } = fakeDeps(0);

    // Act and assess
    expect(await giving360Json(deps, 'sfax')).toBeUndefined();
  });

  it('fetches each organisation once per request', async () => {
    // Prepare
    let batches = 0;
    const cache = new OrganisationCache({
      getOrganisations: async (ids: readonly string[]) => {
        batches++;
        return ORGANISATIONS.filter((o) => ids.includes(o.id));
      },
    } as never);

    // Act
    await cache.loadFor([demoGrant(), demoGrant()]);
    await cache.loadFor([demoGrant()]);

    // Assess
    expect(batches).toBe(1);
    expect(cache.name('fondation-sud')).toBe('Fondation Méditerranée Sud (fictional)');
  });
});
