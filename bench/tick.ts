/**
 * Section 4: the daily deadline job over 10,000 open milestones of one city (written with BatchWriteItem):
 * scheduled annual reviews of
 * a CSO, due from yesterday to a year on, so that one day's run finds some overdue, some reminders due and
 * most not due yet. Then the same run again on the same day, which must find nothing left to do.
 */
import { addDays } from '#domain/calendar';
import type { Milestone } from '#domain/milestone';
import { runDeadlines } from '#jobs/deadlines';
import { MemoryMailer } from '#jobs/mailer';
import { CITIES, ORGANISATIONS, USERS } from '#seed/data';
import { GENESIS_HASH } from '#store/audit';
import { RECORD_SK } from '#store/keys';
import { recordIndexKeys, recordPk } from '#store/records';
import { type Item, writeItems } from './support/fill.ts';
import { round } from './support/stats.ts';
import type { BenchSystem } from './support/system.ts';

export interface TickRun {
  readonly seconds: number;
  readonly capacityUnits: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly calls: number;
  readonly itemsRead: number;
  readonly markedOverdue: number;
  readonly reminders: number;
  readonly mails: number;
}

export interface TickResult {
  readonly milestones: number;
  readonly seconds: number;
  readonly capacityUnits: number;
  readonly first: TickRun;
  readonly again: TickRun;
}

const TODAY = '2027-03-01';

function milestoneItem(i: number): Item {
  const m: Milestone = {
    id: `mb${String(i).padStart(6, '0')}`,
    cityId: 'sfax',
    organisationId: 'amal-sfax',
    state: 'scheduled',
    version: 1,
    createdAt: '2027-01-01T08:00:00.000Z',
    updatedAt: '2027-01-01T08:00:00.000Z',
    createdBy: 'bench',
    parentType: 'partnership',
    parentId: 'p_bench',
    partnershipId: 'p_bench',
    kind: 'annual_review',
    title: `Annual review ${i}`,
    dueDate: addDays(TODAY, -1 + (i % 366)),
    late: false,
    indicators: ['people reached'],
    currency: 'TND',
  };
  return {
    ...m,
    PK: recordPk('milestone', m.id),
    SK: RECORD_SK,
    entity: 'milestone',
    auditHash: GENESIS_HASH,
    ...recordIndexKeys('milestone', m as unknown as Milestone & Record<string, unknown>),
  };
}

/** Loads the city, its people and `count` open milestones into the (empty) table of `sys`. */
export async function loadOpenMilestones(sys: BenchSystem, count: number): Promise<void> {
  const { store } = sys.deps;
  for (const c of CITIES) await store.putCity(c);
  for (const o of ORGANISATIONS) await store.putOrganisation(o);
  for (const u of USERS) await store.putUser(u);
  await writeItems(
    sys.clients.db,
    sys.tableName,
    Array.from({ length: count }, (_, i) => milestoneItem(i)),
  );
}

async function run(sys: BenchSystem, now: string): Promise<TickRun> {
  sys.log.reset();
  const started = performance.now();
  const report = await runDeadlines(sys.deps, { now, mailer: new MemoryMailer(), cityIds: ['sfax'] });
  const seconds = (performance.now() - started) / 1000;
  const city = report.cities[0];
  return {
    seconds: round(seconds, 3),
    capacityUnits: round(sys.log.readUnits + sys.log.writeUnits),
    readUnits: round(sys.log.readUnits),
    writeUnits: round(sys.log.writeUnits),
    calls: sys.log.count,
    itemsRead: city?.itemsRead ?? 0,
    markedOverdue: city?.markedOverdue ?? 0,
    reminders: city?.reminders ?? 0,
    mails: report.mail.sent,
  };
}

export async function measureTick(sys: BenchSystem, milestones: number): Promise<TickResult> {
  await loadOpenMilestones(sys, milestones);
  const first = await run(sys, `${TODAY}T07:00:00.000Z`);
  const again = await run(sys, `${TODAY}T09:00:00.000Z`);
  return { milestones, seconds: first.seconds, capacityUnits: first.capacityUnits, first, again };
}
