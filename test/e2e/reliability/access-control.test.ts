/**
 * Access control: a matrix generated from every route of the rules table (functions/src/http/policy.ts)
 * × every role × own or other organisation × own or other city, each cell checked against the expected
 * allow or deny computed from that table and the record relation (functions/src/domain/access.ts),
 * written out plainly below. And bad tokens: expired, wrong issuer or audience, alg none, tampered.
 *
 * How a cell is probed without changing anything: reads are plain GETs; a change to a record carries
 * `If-Match: "0"`, a version no record has, so a caller who passes every access check gets 412 and
 * nothing is written. Denials: 403 when the role may not call the route at all (whatever the record),
 * 404 when the role may but the record is not theirs to see (SPEC: another city's or organisation's
 * record is not found rather than forbidden, so its existence does not leak), 401 for a token whose
 * organisation belongs to another city than the token's own.
 */
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, User } from '#domain/types';
import { ROUTE_RULES, type RouteId } from '#http/policy';
import { PDF } from '#test/support/samples';
import { postUploadForm } from '#test/support/upload-form';
import { type Client, fastApplication, startTestSystem, type TestSystem } from '../../support/harness.ts';
import { recordFigures, tally } from './figures.ts';

type Rel = 'own' | 'other';
type Outcome = 'allowed' | 'forbidden' | 'hidden' | 'unauthenticated';

const ROLES: readonly Role[] = ['cso', 'city_officer', 'mayor_office', 'funder', 'admin'];

/** Where each organisation of the demo belongs. */
const ORG_CITY: Record<string, string> = {
  'amal-sfax': 'sfax',
  'horizons-sfax': 'sfax',
  'acoge-malaga': 'malaga',
  'fondation-sud': 'sfax',
  'sfax-city-budget': 'sfax',
  'malaga-city-budget': 'malaga',
};

interface Subject {
  readonly id: string;
  readonly cityId: string;
  readonly organisationId: string;
  readonly funderIds: readonly string[];
}

interface MatrixActor {
  readonly role: Role;
  readonly org: Rel;
  readonly city: Rel;
  readonly user: User;
  client?: Client;
}

/**
 * The actor of one cell. "Own organisation" is the target records' organisation for a CSO member, the
 * funder of the target grant for a funder member, and (for city staff) membership of the applying CSO.
 */
function matrixUser(role: Role, org: Rel, city: Rel): User {
  const cityId = city === 'own' ? 'sfax' : 'malaga';
  let organisationId: string | undefined;
  if (role === 'cso')
    organisationId = org === 'own' ? 'amal-sfax' : city === 'own' ? 'horizons-sfax' : 'acoge-malaga';
  else if (role === 'funder')
    organisationId =
      org === 'own' ? 'fondation-sud' : city === 'own' ? 'sfax-city-budget' : 'malaga-city-budget';
  else organisationId = org === 'own' ? 'amal-sfax' : undefined;
  return {
    id: `u-matrix-${role}-${org}-${city}`,
    email: `${role}.${org}.${city}@matrix.test`,
    name: `Matrix ${role} ${org} ${city}`,
    cityId,
    roles: [role],
    language: 'en',
    ...(organisationId ? { organisationId } : {}),
  };
}

/** Which record a route is about (undefined: a collection, or the caller's own things). */
function subjectOf(
  route: RouteId,
): 'grant' | 'milestone' | 'partnership' | 'organisation' | 'document' | 'registration' | 'user' | undefined {
  if (route.includes('/v1/documents/{id}')) return 'document';
  if (route.includes('/v1/organisations/{id}')) return 'organisation';
  if (route.includes('/v1/registrations/{id}')) return 'registration';
  if (route.includes('/v1/users/{id}')) return 'user';
  if (route.includes('/v1/grants/{id}') || route === 'GET /v1/audit/{entityType}/{id}') return 'grant';
  if (route.includes('/v1/milestones/{id}')) return 'milestone';
  if (route.includes('/v1/partnerships/{id}')) return 'partnership';
  return undefined;
}

/** The expected outcome of one cell: the rules table, then the relation to the record. */
function expected(route: RouteId, actor: MatrixActor, subjects: Record<string, Subject>): Outcome {
  const { user, role } = actor;
  // 1. A token naming an organisation of another city than its own is not a valid sign-in.
  if (user.organisationId && ORG_CITY[user.organisationId] !== user.cityId) return 'unauthenticated';
  // 2. The one rules table: may this role call this route at all?
  if (!(ROUTE_RULES[route] as readonly Role[]).includes(role)) return 'forbidden';
  const kind = subjectOf(route);
  if (kind === undefined) return 'allowed';
  const s = subjects[kind] as Subject;
  // 3a. Registrations are seen by the staff of their city; users are managed by the admin of theirs.
  if (kind === 'registration' || kind === 'user') return user.cityId === s.cityId ? 'allowed' : 'hidden';
  // 3b. An admin has no relation to workflow records: their audit trails are not theirs to read.
  if (route === 'GET /v1/audit/{entityType}/{id}' && role === 'admin') return 'hidden';
  // 3. Organisation profiles: seen by members and by the staff and funders of their city; edited by
  //    members, by the admin of their city and, for a CSO, by its city's officers (its name and number
  //    once a partnership is in force: functions/src/services/organisations.ts).
  if (kind === 'organisation') {
    const member = user.organisationId === s.id;
    const here =
      user.cityId === s.cityId && ['city_officer', 'mayor_office', 'admin', 'funder'].includes(role);
    if (!(member || here)) return 'hidden';
    if (route.startsWith('PATCH')) {
      const editor =
        (member && (role === 'cso' || role === 'funder')) ||
        ((role === 'admin' || role === 'city_officer') && user.cityId === s.cityId);
      if (!editor) return 'forbidden';
    }
    return 'allowed';
  }
  // 4. Workflow records: a CSO member sees its organisation's, staff their city's, a funder what it funds.
  const related =
    role === 'cso'
      ? user.organisationId === s.organisationId
      : role === 'funder'
        ? s.funderIds.includes(user.organisationId ?? '')
        : user.cityId === s.cityId;
  if (!related) return 'hidden';
  // 5a. The conversation on a record is the organisation's and the city's: a funder finds none (its
  //     channel is the report review).
  if (route.endsWith('/messages') && role === 'funder') return 'hidden';
  // 5. Separation of duties: nobody records a payment to an organisation they belong to.
  if (route.endsWith('/pay') && user.organisationId === s.organisationId) return 'forbidden';
  return 'allowed';
}

const STATUS: Record<Exclude<Outcome, 'allowed'>, number> = {
  forbidden: 403,
  hidden: 404,
  unauthenticated: 401,
};

interface Probe {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly allowed: readonly number[];
}

describe('access control', () => {
  let sys: TestSystem;
  const subjects: Record<string, Subject> = {};
  let trancheId = 't1';
  let impactLinkId = 'il_none';
  const actors: MatrixActor[] = [];

  beforeAll(async () => {
    sys = await startTestSystem();
    const [cso, officer, mayor] = await Promise.all([
      sys.as('cso@sfax.demo'),
      sys.as('officer@sfax.demo'),
      sys.as('mayor@sfax.demo'),
    ]);
    // The target grant: amal-sfax's, in Sfax, funded by fondation-sud alone, active, with its milestones.
    const { body } = await cso.post(
      '/v1/grants',
      fastApplication({ track: 'standard', title: 'Matrix target' }),
    );
    const steps: [Client, Record<string, unknown>][] = [
      [cso, { type: 'submit' }],
      [officer, { type: 'start_review' }],
      [officer, { type: 'declare_no_conflict' }],
      [officer, { type: 'recommend', recommendation: 'approve', comment: 'Fine.' }],
      [mayor, { type: 'declare_no_conflict' }],
      [
        mayor,
        {
          type: 'approve',
          award: {
            amount: { amount: 5_000_000, currency: 'TND' },
            funders: [{ funderId: 'fondation-sud', share: { amount: 5_000_000, currency: 'TND' } }],
          },
        },
      ],
      [cso, { type: 'accept_award' }],
    ];
    for (const [who, event] of steps) {
      const res = await who.event(`/v1/grants/${body.id}`, event);
      if (res.status !== 200) throw new Error(`${String(event.type)}: ${JSON.stringify(res.body)}`);
    }
    const grant = (await cso.get(`/v1/grants/${body.id}`)).body;
    trancheId = grant.tranches[0]?.id ?? 't1';
    const milestone = (await cso.get(`/v1/grants/${body.id}/milestones`)).body.items[0];
    const partnership = (await cso.get('/v1/partnerships')).body.items.find(
      (p: { state: string }) => p.state === 'active',
    );
    // The target document: a receipt attached to that milestone's report, read as the report is.
    const declared = { fileName: 'receipt.pdf', contentType: 'application/pdf', size: PDF.length };
    const created = (await cso.post('/v1/uploads', declared)).body;
    await postUploadForm(created.upload, PDF);
    const submitted = await cso.event(`/v1/milestones/${milestone.id}`, {
      type: 'submit_report',
      report: {
        narrative: 'Done.',
        indicatorResults: [{ name: 'families supported', value: 120 }],
        spent: { amount: 5_000_000, currency: 'TND' },
        attachments: [created.id],
      },
    });
    if (submitted.status !== 200) throw new Error(`submit_report: ${JSON.stringify(submitted.body)}`);
    subjects.grant = grant;
    subjects.milestone = milestone;
    subjects.document = { ...milestone, id: created.id };
    subjects.partnership = { ...partnership, funderIds: [] };
    subjects.organisation = { id: 'amal-sfax', cityId: 'sfax', organisationId: 'amal-sfax', funderIds: [] };
    // A link to amal-sfax's impact profile, for the revoke probe (revoking twice answers the same).
    impactLinkId = (await cso.post('/v1/organisations/amal-sfax/impact/links', {})).body.id;
    // A registration of Sfax, declined already: a decision sent to it is refused (409) and writes nothing.
    const registered = await fetch(`${sys.url}/v1/public/cities/sfax/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        organisation: {
          name: 'Matrix association',
          legalForm: 'association',
          registrationNumber: 'M-1',
          description: 'Matrix probe.',
          focusAreas: ['education'],
          languages: ['ar'],
        },
        contact: { name: 'Matrix', email: 'matrix.contact@matrix.test', language: 'en' },
      }),
    });
    const registration = (await registered.json()) as { id: string };
    await officer.event(`/v1/registrations/${registration.id}`, { type: 'decline', comment: 'Matrix.' });
    subjects.registration = { id: registration.id, cityId: 'sfax', organisationId: '', funderIds: [] };
    const officerId = (await officer.get('/v1/me')).body.id as string;
    subjects.user = { id: officerId, cityId: 'sfax', organisationId: '', funderIds: [] };
    for (const role of ROLES)
      for (const org of ['own', 'other'] as const)
        for (const city of ['own', 'other'] as const) {
          const user = matrixUser(role, org, city);
          actors.push({ role, org, city, user, client: await sys.asUser(user) });
        }
  });
  afterAll(async () => {
    await sys?.close();
  });

  function probe(route: RouteId): Probe {
    const [method, template] = route.split(' ') as [string, string];
    const kind = subjectOf(route);
    const id = kind ? (subjects[kind] as Subject).id : '';
    const path = template
      .replace('{entityType}', 'grant')
      .replace('{id}', id)
      .replace('{trancheId}', trancheId)
      .replace('{linkId}', impactLinkId);
    // A document's file: the link as JSON, rather than following the redirect to the storage.
    if (route === 'GET /v1/documents/{id}/content')
      return { method, path: `${path}?as=link`, allowed: [200] };
    if (method === 'GET') return { method, path, allowed: [200] };
    // a message is appended, never a change to the record: it is written (and is harmless)
    if (route.endsWith('/messages')) return { method, path, body: { body: 'Matrix probe' }, allowed: [201] };
    if (kind === 'registration') return { method, path, body: { type: 'verify' }, allowed: [409] };
    if (kind === 'user') return { method, path, body: {}, allowed: [200] };
    if (route === 'POST /v1/organisations/{id}/members')
      return {
        method,
        path,
        body: { email: 'matrix.colleague@matrix.test', name: 'Matrix colleague', language: 'en' },
        allowed: [201, 409],
      };
    if (route === 'POST /v1/organisations/{id}/impact/links')
      return { method, path, body: { days: 1 }, allowed: [201] };
    if (route === 'POST /v1/organisations/{id}/impact/links/{linkId}/revoke')
      return { method, path, body: {}, allowed: [200] };
    if (kind) {
      // a change to one record: a stale If-Match, so that passing every access check gives 412
      const body = route.endsWith('/events')
        ? { type: kind === 'milestone' ? 'accept' : 'withdraw' }
        : route.startsWith('PATCH') && kind === 'organisation'
          ? { description: 'Matrix probe' }
          : route.startsWith('PATCH')
            ? kind === 'partnership'
              ? { motivation: 'Matrix probe' }
              : { title: 'Matrix probe' }
            : undefined;
      return { method, path, body, allowed: [412] };
    }
    if (route === 'POST /v1/users' || route === 'POST /v1/organisations' || route === 'PATCH /v1/me')
      // past the role check, an empty body is refused by validation: nothing is created
      return { method, path, body: {}, allowed: [400] };
    // past the role check, an empty template is refused by validation: nothing is saved
    if (route === 'PUT /v1/city/agreement-template') return { method, path, body: {}, allowed: [400] };
    if (route === 'POST /v1/grants')
      return { method, path, body: fastApplication({ title: 'Matrix draft' }), allowed: [201, 422] };
    if (route === 'POST /v1/partnerships')
      return {
        method,
        path,
        body: {
          motivation: 'Matrix probe',
          focusAreas: ['legal_counselling'],
          actionPlan: [{ activity: 'A', quarter: '2027-Q1', lead: 'cso', indicator: 'people', target: 1 }],
          documents: [{ kind: 'statutes', reference: 'S-1', date: '2026-05-01' }],
        },
        allowed: [201, 422],
      };
    if (route === 'POST /v1/uploads')
      return {
        method,
        path,
        body: { fileName: 'receipt.pdf', contentType: 'application/pdf', size: 100 },
        allowed: [201],
      };
    return { method, path, body: {}, allowed: [200] };
  }

  it('matches the rules table and the record relation in every cell of route × role × organisation × city', async () => {
    // Prepare: every cell
    const routes = Object.keys(ROUTE_RULES) as RouteId[];
    const cells = routes.flatMap((route) => actors.map((actor) => ({ route, actor, probe: probe(route) })));
    // Act: send each probe (in batches, to keep DynamoDB Local responsive)
    const results: { route: RouteId; actor: MatrixActor; status: number; want: Outcome; body: any }[] = [];
    for (let i = 0; i < cells.length; i += 25) {
      const batch = cells.slice(i, i + 25);
      const answers = await Promise.all(
        batch.map(({ actor, probe: p }) => {
          const c = actor.client as Client;
          const headers = p.allowed.includes(412) ? { 'If-Match': '"0"' } : undefined;
          return p.method === 'GET'
            ? c.get(p.path)
            : p.method === 'PATCH'
              ? c.patch(p.path, p.body, headers)
              : p.method === 'PUT'
                ? c.put(p.path, p.body, headers)
                : c.post(p.path, p.body, headers);
        }),
      );
      answers.forEach((res, j) => {
        const { route, actor } = batch[j] as (typeof cells)[number];
        results.push({
          route,
          actor,
          status: res.status,
          want: expected(route, actor, subjects),
          body: res.body,
        });
      });
    }
    // Assess: each cell as expected
    const wrong = results
      .filter(({ route, status, want }) =>
        want === 'allowed' ? !probe(route).allowed.includes(status) : status !== STATUS[want],
      )
      .map(({ route, actor, status, want, body }) => ({
        cell: `${route} as ${actor.role} (${actor.org} org, ${actor.city} city)`,
        want,
        status,
        detail: body?.detail,
      }));
    expect(wrong).toEqual([]);
    // and no cell gives another city's record to someone with no organisational tie to it
    const crossCity = results.filter(({ route, actor }) => {
      const kind = subjectOf(route);
      if (!kind || actor.city === 'own') return false;
      return actor.org === 'other';
    });
    expect(
      crossCity.filter((r) => r.status >= 200 && r.status < 300 && subjectOf(r.route) !== 'organisation'),
    ).toEqual([]);
    recordFigures('access-control', 'matrix', {
      routes: routes.length,
      actors: actors.length,
      cells: results.length,
      outcomes: tally(results.map((r) => r.want)),
      statuses: tally(results.map((r) => r.status)),
      crossCityCells: crossCity.length,
      crossCityRecordReads: crossCity.filter((r) => r.status < 300 && subjectOf(r.route) !== 'organisation')
        .length,
    });
    // The PDF routes render a whole PDF for each allowed cell: slower than the JSON routes.
  }, 120_000);

  it("lists, queues and exports nothing of another city's or another organisation's", async () => {
    // Prepare: the signed-in, tenancy-consistent actors
    const valid = actors.filter(
      (a) => !a.user.organisationId || ORG_CITY[a.user.organisationId] === a.user.cityId,
    );
    const related = (a: MatrixActor, r: { cityId: string; organisationId: string; funderIds?: string[] }) =>
      a.role === 'cso'
        ? r.organisationId === a.user.organisationId && r.cityId === a.user.cityId
        : a.role === 'funder'
          ? (r.funderIds ?? []).includes(a.user.organisationId ?? '')
          : r.cityId === a.user.cityId;
    let checked = 0;
    const foreign: string[] = [];
    // Act / Assess
    for (const a of valid) {
      const c = a.client as Client;
      for (const list of ['/v1/grants?limit=100', '/v1/milestones?limit=100', '/v1/partnerships?limit=100']) {
        const res = await c.get(list);
        if (res.status !== 200) continue;
        for (const item of res.body.items) {
          checked++;
          if (!related(a, item)) foreign.push(`${a.user.id} ${list} ${item.id}`);
        }
      }
      const queue = await c.get('/v1/queue');
      for (const item of queue.body.items ?? []) {
        checked++;
        if (!related(a, item.record)) foreign.push(`${a.user.id} queue ${item.record.id}`);
      }
      const exported = await c.get('/v1/exports/portfolio.json');
      if (exported.status === 200) {
        for (const g of exported.body.grants) {
          checked++;
          const stored = await sys.deps.store.getRecord<any>('grant', g.id);
          if (!stored || !related(a, stored.record)) foreign.push(`${a.user.id} export ${g.id}`);
        }
      }
    }
    expect(foreign).toEqual([]);
    expect(checked).toBeGreaterThan(50);
    recordFigures('access-control', 'lists', {
      actors: valid.length,
      itemsChecked: checked,
      foreign: foreign.length,
    });
  });

  it('refuses every bad token with 401 problem+json: expired, wrong issuer, audience, alg none, tampered', async () => {
    // Prepare: tokens of the demo CSO, each broken one way
    const secret = sys.auth.secret;
    const now = Math.floor(Date.now() / 1000);
    const claims = { city: 'sfax', org: 'amal-sfax', roles: ['cso'] };
    const sign = (build: (j: SignJWT) => SignJWT, alg = 'HS256', key: Uint8Array | CryptoKey = secret) =>
      build(new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).setSubject('u-cso-sfax')).sign(key);
    const good = await sign((j) =>
      j
        .setIssuer(sys.auth.issuer)
        .setAudience(sys.auth.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + 600),
    );
    const [h, p, s] = good.split('.') as [string, string, string];
    const asAdmin = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(p, 'base64url').toString()),
        roles: ['admin', 'mayor_office'],
      }),
    ).toString('base64url');
    const { privateKey } = await generateKeyPair('RS256');
    const bad: Record<string, string> = {
      expired: await sign((j) =>
        j
          .setIssuer(sys.auth.issuer)
          .setAudience(sys.auth.audience)
          .setIssuedAt(now - 7200)
          .setExpirationTime(now - 3600),
      ),
      'wrong issuer': await sign((j) =>
        j
          .setIssuer('https://evil.example')
          .setAudience(sys.auth.audience)
          .setExpirationTime(now + 600),
      ),
      'wrong audience': await sign((j) =>
        j
          .setIssuer(sys.auth.issuer)
          .setAudience('another-app')
          .setExpirationTime(now + 600),
      ),
      'no expiry': await sign((j) => j.setIssuer(sys.auth.issuer).setAudience(sys.auth.audience)),
      'not yet valid': await sign((j) =>
        j
          .setIssuer(sys.auth.issuer)
          .setAudience(sys.auth.audience)
          .setNotBefore(now + 3600)
          .setExpirationTime(now + 7200),
      ),
      'alg none': new UnsecuredJWT({ ...claims, sub: 'u-cso-sfax' })
        .setIssuer(sys.auth.issuer)
        .setAudience(sys.auth.audience)
        .setExpirationTime(now + 600)
        .encode(),
      'alg none, signature kept': `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.${s}`,
      'tampered signature': `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`,
      'tampered payload (roles)': `${h}.${asAdmin}.${s}`,
      'other key': await sign(
        (j) =>
          j
            .setIssuer(sys.auth.issuer)
            .setAudience(sys.auth.audience)
            .setExpirationTime(now + 600),
        'HS256',
        new TextEncoder().encode('not-the-local-signing-key-but-32-bytes!!'),
      ),
      'HS512 with the right key': await sign(
        (j) =>
          j
            .setIssuer(sys.auth.issuer)
            .setAudience(sys.auth.audience)
            .setExpirationTime(now + 600),
        'HS512',
      ),
      'RS256 with an unknown key': await sign(
        (j) =>
          j
            .setIssuer(sys.auth.issuer)
            .setAudience(sys.auth.audience)
            .setExpirationTime(now + 600),
        'RS256',
        privateKey,
      ),
      'not a JWT': 'abc.def.ghi',
      empty: '',
    };
    // Act
    const control = await fetch(`${sys.url}/v1/me`, { headers: { authorization: `Bearer ${good}` } });
    const answers = await Promise.all(
      Object.entries(bad).map(async ([name, token]) => {
        const res = await fetch(`${sys.url}/v1/grants`, { headers: { authorization: `Bearer ${token}` } });
        return { name, res, body: await res.text() };
      }),
    );
    // Assess
    expect(control.status).toBe(200);
    for (const { name, res, body } of answers) {
      expect(res.status, name).toBe(401);
      expect(res.headers.get('content-type'), name).toContain('application/problem+json');
      expect(res.headers.get('www-authenticate'), name).toBe('Bearer');
      expect(JSON.parse(body).status, name).toBe(401);
    }
    recordFigures('access-control', 'tokens', {
      refused: answers.filter((a) => a.res.status === 401).map((a) => a.name),
      statuses: tally(answers.map((a) => a.res.status)),
    });
  });
});
