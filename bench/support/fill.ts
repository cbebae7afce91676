/**
 * Tables of realistic size, fast. The shapes are not written by hand: one real partnership and one real
 * closed grant are driven through the API on a scratch table (a template city `tplcity`, CSO `tplorg`,
 * co-funder `tplfunder`), every item they leave is read back, and copies are written with BatchWriteItem
 * under new ids, organisations and cities. So the copies have exactly the items, keys, index keys and
 * sizes the code writes today; only their audit chains are recomputed for the new ids.
 */
import type { CitySettings, Organisation, User } from '#domain/types';
import { CITIES } from '#seed/data';
import { randomId } from '#services/deps';
import { type AuditDraft, chainEntry, GENESIS_HASH } from '#store/audit';
import type { DynamoClient } from '#store/dynamo-client';
import { type LocalAuth, openSystem } from './system.ts';

export type Item = Record<string, unknown>;

const key = (i: Item) => `${i.PK}|${i.SK}`;

/** Every item of a table (bench set-up only; the application never scans). */
export async function scanAll(db: DynamoClient, tableName: string): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const res = await db.send('Scan', { TableName: tableName, ExclusiveStartKey: start });
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Writes items with BatchWriteItem, 25 at a time, `parallel` batches at once, retrying what is unprocessed. */
export async function writeItems(
  db: DynamoClient,
  tableName: string,
  items: readonly Item[],
  parallel = 8,
): Promise<void> {
  const unique = [...new Map(items.map((i) => [key(i), i])).values()];
  const batches: Item[][] = [];
  for (let i = 0; i < unique.length; i += 25) batches.push(unique.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending = (batches[next++] as Item[]).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error('BatchWriteItem kept items unprocessed');
        const res = await db.send('BatchWriteItem', { RequestItems: { [tableName]: pending } });
        pending = (res.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        if (pending.length > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** The template's names; copies replace them textually (they occur nowhere else). */
const T = { city: 'tplcity', org: 'tplorg', funder: 'tplfunder' } as const;

const TEMPLATE_USERS: User[] = [
  {
    id: `u-cso-${T.org}`,
    email: `cso@${T.org}.bench`,
    name: 'CSO member',
    cityId: T.city,
    roles: ['cso'],
    language: 'fr',
    organisationId: T.org,
  },
  {
    id: `u-officer-${T.city}`,
    email: `officer@${T.city}.bench`,
    name: 'City officer',
    cityId: T.city,
    roles: ['city_officer'],
    language: 'fr',
  },
  {
    id: `u-mayor-${T.city}`,
    email: `mayor@${T.city}.bench`,
    name: 'Office of the Mayor',
    cityId: T.city,
    roles: ['mayor_office'],
    language: 'fr',
  },
];

function templateOrganisation(id: string, kind: 'cso' | 'funder', name: string): Organisation {
  const sfaxOrg = {
    id,
    kind,
    cityId: T.city,
    name,
    version: 1,
    createdAt: '2026-01-01T08:00:00.000Z',
    updatedAt: '2026-01-01T08:00:00.000Z',
  };
  return {
    ...sfaxOrg,
    ...(kind === 'cso'
      ? {
          registrationNumber: 'TN-SFX-2019-0001',
          description: 'Orientation and legal help for people on the move.',
          focusAreas: ['legal_counselling', 'access_to_services'],
          languages: ['ar', 'fr'],
        }
      : {}),
  } as unknown as Organisation;
}

export interface Templates {
  /** A new city: its settings, its two funders, its officer and mayor's office. */
  readonly city: Item[];
  /** A CSO: its profile, a member, and an active partnership with its three annual reviews. */
  readonly cso: Item[];
  /** A closed fast-track grant, co-funded, with its accepted final report. */
  readonly grant: Item[];
  /** Ids of the records in `cso` and `grant`, renewed in each copy. */
  readonly csoIds: string[];
  readonly grantIds: string[];
}

const DOCUMENT_KINDS = ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'];
const TND = (amount: number) => ({ amount, currency: 'TND' });

/** Drives the template records through the API on a scratch table and keeps what each step wrote. */
export async function buildTemplates(endpoint: string, auth: LocalAuth): Promise<Templates> {
  const sys = await openSystem(endpoint, 'bench-template', { auth, users: TEMPLATE_USERS });
  try {
    const sfax = CITIES.find((c) => c.id === 'sfax') as CitySettings;
    const { store } = sys.deps;
    await store.putCity({
      ...sfax,
      id: T.city,
      name: `City ${T.city}`,
      budgetFunderId: `${T.city}-city-budget`,
    });
    await store.putOrganisation(
      templateOrganisation(`${T.city}-city-budget`, 'funder', `City ${T.city} own budget`),
    );
    await store.putOrganisation(templateOrganisation(T.funder, 'funder', `Foundation ${T.funder}`));
    await store.putOrganisation(templateOrganisation(T.org, 'cso', `Association ${T.org}`));
    for (const u of TEMPLATE_USERS) await store.putUser(u);
    const setup = await scanAll(sys.clients.db, sys.tableName);

    const cso = await sys.token(`cso@${T.org}.bench`);
    const officer = await sys.token(`officer@${T.city}.bench`);
    const mayor = await sys.token(`mayor@${T.city}.bench`);
    const ok = async (token: string, method: string, path: string, body?: unknown) => {
      const res = await sys.request(token, method, path, body);
      if (res.status >= 300)
        throw new Error(`template: ${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };

    // An active partnership
    const p = await ok(cso, 'POST', '/v1/partnerships', {
      motivation: 'Orientation and legal help for people on the move.',
      focusAreas: ['legal_counselling'],
      actionPlan: [
        {
          activity: 'Weekly orientation desk',
          quarter: '2027-Q1',
          lead: 'cso',
          indicator: 'people oriented',
          target: 200,
        },
      ],
      documents: DOCUMENT_KINDS.map((kind) => ({ kind, reference: `${kind} on file`, date: '2026-03-01' })),
    });
    const pe = `/v1/partnerships/${p.id}/events`;
    await ok(cso, 'POST', pe, { type: 'submit' });
    await ok(officer, 'POST', pe, { type: 'start_review' });
    await ok(officer, 'POST', pe, { type: 'declare_no_conflict' });
    await ok(officer, 'POST', pe, {
      type: 'record_due_diligence',
      checks: DOCUMENT_KINDS.map((item) => ({ item, ok: true })),
    });
    await ok(mayor, 'POST', pe, { type: 'declare_no_conflict' });
    await ok(mayor, 'POST', pe, { type: 'approve' });
    // In force once both sides have signed the agreement drawn up at approval.
    await ok(cso, 'POST', pe, { type: 'sign', name: 'Bench Member' });
    await ok(mayor, 'POST', pe, { type: 'sign', name: 'Bench Mayor' });
    const afterPartnership = await scanAll(sys.clients.db, sys.tableName);

    // A closed, co-funded fast-track grant with its accepted report
    const g = await ok(cso, 'POST', '/v1/grants', {
      track: 'fast',
      title: 'Winter orientation desk',
      summary: 'A short, concrete response to a need seen this season.',
      need: 'Families arriving this season have no place to get reliable information.',
      targetGroups: ['migrants in transit', 'host families'],
      amountRequested: TND(9_000_000),
      budget: [
        { label: 'Staff time', amount: TND(5_400_000) },
        { label: 'Materials and transport', amount: TND(3_600_000) },
      ],
      startDate: '2027-01-15',
      endDate: '2027-04-15',
      indicators: [
        { name: 'people reached', target: 120 },
        { name: 'sessions held', target: 12 },
      ],
    });
    const ge = `/v1/grants/${g.id}/events`;
    await ok(cso, 'POST', ge, { type: 'submit' });
    await ok(officer, 'POST', ge, { type: 'start_review' });
    await ok(officer, 'POST', ge, { type: 'declare_no_conflict' });
    await ok(officer, 'POST', ge, {
      type: 'recommend',
      recommendation: 'approve',
      comment: 'Clear need, realistic budget.',
    });
    await ok(mayor, 'POST', ge, { type: 'declare_no_conflict' });
    await ok(mayor, 'POST', ge, {
      type: 'approve',
      award: {
        amount: TND(9_000_000),
        funders: [
          { funderId: `${T.city}-city-budget`, share: TND(6_000_000) },
          { funderId: T.funder, share: TND(3_000_000) },
        ],
      },
    });
    await ok(cso, 'POST', ge, { type: 'accept_award' });
    const ms = await ok(cso, 'GET', `/v1/grants/${g.id}/milestones`);
    for (const m of ms.items as { id: string }[]) {
      await ok(cso, 'POST', `/v1/milestones/${m.id}/events`, {
        type: 'submit_report',
        report: {
          narrative: 'We reached 140 people in 12 sessions.',
          indicatorResults: [
            { name: 'people reached', value: 140 },
            { name: 'sessions held', value: 12 },
          ],
          spent: TND(8_900_000),
        },
      });
      await ok(officer, 'POST', `/v1/milestones/${m.id}/events`, { type: 'accept', comment: 'Thank you.' });
    }
    await ok(cso, 'POST', ge, { type: 'complete' });
    await ok(officer, 'POST', ge, { type: 'close' });
    const afterGrant = await scanAll(sys.clients.db, sys.tableName);

    const csoSetup = setup.filter((i) => JSON.stringify(i).includes(T.org));
    const partnership = changedSince(setup, afterPartnership);
    const grant = changedSince(afterPartnership, afterGrant);
    return {
      city: setup.filter((i) => !JSON.stringify(i).includes(T.org)),
      cso: [...csoSetup, ...partnership],
      grant,
      csoIds: recordIds(partnership),
      grantIds: recordIds(grant),
    };
  } finally {
    sys.close();
  }
}

function changedSince(before: readonly Item[], after: readonly Item[]): Item[] {
  const old = new Map(before.map((i) => [key(i), JSON.stringify(i)]));
  return after.filter((i) => old.get(key(i)) !== JSON.stringify(i));
}

function recordIds(items: readonly Item[]): string[] {
  return items
    .filter((i) => i.SK === 'R' && typeof i.id === 'string' && i.PK !== undefined)
    .map((i) => i.id as string);
}

/**
 * A copy of template items with names replaced (they do not overlap) and every date moved `daysBack`
 * days into the past (in values and in keys alike, so that the index order stays true).
 */
function copy(items: readonly Item[], replace: readonly (readonly [string, string])[], daysBack = 0): Item[] {
  let text = JSON.stringify(items);
  for (const [from, to] of replace) text = text.split(from).join(to);
  if (daysBack > 0) text = text.replace(/\b(\d{4}-\d{2}-\d{2})(?=[T"#])/g, (d) => shiftDate(d, -daysBack));
  return rechain(JSON.parse(text) as Item[]);
}

function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Recomputes each record's audit chain (its entries name the record's new id) and its `auditHash`. */
function rechain(items: Item[]): Item[] {
  const byPk = new Map<string, Item[]>();
  for (const i of items)
    if (i.entity === 'audit') byPk.set(i.PK as string, [...(byPk.get(i.PK as string) ?? []), i]);
  const records = new Map(items.filter((i) => i.SK === 'R').map((i) => [i.PK as string, i]));
  for (const [pk, entries] of byPk) {
    entries.sort((a, b) => String(a.SK).localeCompare(String(b.SK)));
    let prev = GENESIS_HASH;
    for (const e of entries) {
      const { PK: _pk, SK: _sk, entity: _e, seq, prevHash: _p, hash: _h, ...draft } = e;
      const entry = chainEntry(draft as unknown as AuditDraft, seq as number, prev);
      e.prevHash = entry.prevHash;
      e.hash = entry.hash;
      prev = entry.hash;
    }
    const record = records.get(pk);
    if (record) record.auditHash = prev;
  }
  return items;
}

/** How the synthetic network is laid out. */
export interface NetworkPlan {
  /** Synthetic CSOs put in Sfax first (with `firstGrants` grants each), so that even a small table has full pages there. */
  readonly sfaxFirst: number;
  readonly firstGrants: number;
  /** Cities the later CSOs are spread over, in turn (Sfax and Malaga among them). */
  readonly cities: number;
  /** Closed grants in each synthetic CSO's history. */
  readonly grantsPerCso: number;
}

export const NETWORK: NetworkPlan = { sfaxFirst: 25, firstGrants: 1, cities: 20, grantsPerCso: 2 };

const DEMO_FUNDERS: Record<string, string> = { sfax: 'fondation-sud' };

/**
 * The history of a growing network, CSO by CSO, until `count` items: each synthetic CSO has an active
 * partnership and `grantsPerCso` closed grants of the past three years (co-funded by its city's budget and a
 * foundation). The open work of each city stays what the demo has: history grows, the queues do not.
 */
export function* network(templates: Templates, plan: NetworkPlan = NETWORK): Generator<Item[]> {
  const cities = new Set(['sfax', 'malaga']);
  const funders = new Set(Object.values(DEMO_FUNDERS));
  for (let n = 0; ; n++) {
    const k = n - plan.sfaxFirst;
    const turn = k < 0 ? 0 : k % plan.cities;
    const cityId = turn === 0 ? 'sfax' : turn === 1 ? 'malaga' : `c${String(turn).padStart(2, '0')}`;
    const funderId = DEMO_FUNDERS[cityId] ?? `${cityId}-fund`;
    const orgId = `${cityId}-cso-${String(n).padStart(5, '0')}`;
    const names = [
      [T.org, orgId],
      [T.funder, funderId],
      [T.city, cityId],
    ] as const;
    const unit: Item[] = [];
    if (!cities.has(cityId)) {
      // A new city: its settings, budget, foundation and staff.
      unit.push(...copy(templates.city, names));
    } else if (!funders.has(funderId)) {
      // A demo city without a second funder (Malaga) gets the foundation the template grants need.
      unit.push(...copy(templates.city, names).filter((i) => i.PK === `ORG#${funderId}`));
    }
    cities.add(cityId);
    funders.add(funderId);
    unit.push(...copy(templates.cso, [...templates.csoIds.map((id) => [id, renew(id)] as const), ...names]));
    for (let g = 0; g < (k < 0 ? plan.firstGrants : plan.grantsPerCso); g++) {
      // History: closed grants from three months to three years ago.
      const daysBack = 90 + ((n * 37 + g * 401) % 1000);
      unit.push(
        ...copy(
          templates.grant,
          [...templates.grantIds.map((id) => [id, renew(id)] as const), ...names],
          daysBack,
        ),
      );
    }
    yield [...new Map(unit.map((i) => [key(i), i])).values()];
  }
}

/** `count` copies of one record (its item and its audit entries), each under a new id. */
export function recordCopies(
  items: readonly Item[],
  pk: string,
  count: number,
): { ids: string[]; items: Item[] } {
  const own = items.filter((i) => i.PK === pk);
  const id = (own.find((i) => i.SK === 'R') as Item).id as string;
  const ids: string[] = [];
  const out: Item[] = [];
  for (let n = 0; n < count; n++) {
    const fresh = renew(id);
    ids.push(fresh);
    out.push(...copy(own, [[id, fresh]]));
  }
  return { ids, items: out };
}

const renew = (id: string) => randomId(id.slice(0, id.indexOf('_')));

/** The units of a network, made once and shared, so that a larger table holds the same first units. */
export function unitsOf(templates: Templates): (n: number) => Item[] {
  const made: Item[][] = [];
  const source = network(templates);
  return (n) => {
    while (made.length <= n) made.push(source.next().value as Item[]);
    return made[n] as Item[];
  };
}

/**
 * Adds units of history to a table until it holds at least `target` items and `minUnits` units; returns the
 * item count.
 */
export async function growTo(
  db: DynamoClient,
  tableName: string,
  unitAt: (n: number) => Item[],
  have: number,
  target: number,
  minUnits = 0,
): Promise<number> {
  let count = have;
  let pending: Item[] = [];
  for (let n = 0; count < target || n < minUnits; n++) {
    const unit = unitAt(n);
    pending.push(...unit);
    count += unit.length;
    if (pending.length >= 5000) {
      await writeItems(db, tableName, pending);
      pending = [];
    }
  }
  await writeItems(db, tableName, pending);
  return count;
}
