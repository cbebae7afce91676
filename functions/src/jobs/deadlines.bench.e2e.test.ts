/**
 * The job's cost with 10,000 open milestones in one city (run with PASSERELLE_BENCH=1): the time of one
 * run and what it reads. Due dates are spread over a year, so a day's run touches only what is due.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { addDays } from '#domain/calendar';
import type { Milestone } from '#domain/milestone';
import { CITIES, ORGANISATIONS, USERS } from '#seed/data';
import { GENESIS_HASH } from '#store/audit';
import { RECORD_SK, recordIndexKeys, recordPk } from '#store/keys';
import { type RunningSystem, startSystem } from '../local/system.ts';
import { runDeadlines } from './deadlines.ts';
import { MemoryMailer } from './mailer.ts';

const OPEN = Number(process.env.PASSERELLE_BENCH_MILESTONES ?? 10_000);

describe.skipIf(!process.env.PASSERELLE_BENCH)('the daily job with 10,000 open milestones', () => {
  let system: RunningSystem;
  afterAll(async () => {
    await system?.close();
  });

  it('reads only what is due', async () => {
    // Prepare: one city, one CSO, OPEN scheduled milestones due from yesterday to a year on.
    system = await startSystem({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `bench5-${Date.now()}`,
    });
    const { store } = system.deps;
    const today = '2027-03-01';
    for (const c of CITIES) await store.putCity(c);
    for (const o of ORGANISATIONS) await store.putOrganisation(o);
    for (const u of USERS) await store.putUser(u);
    const loadStart = Date.now();
    const put = async (i: number) => {
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
        dueDate: addDays(today, -1 + (i % 366)),
        late: false,
        indicators: ['people reached'],
        currency: 'TND',
      };
      await store.put({
        ...m,
        PK: recordPk('milestone', m.id),
        SK: RECORD_SK,
        entity: 'milestone',
        auditHash: GENESIS_HASH,
        ...recordIndexKeys('milestone', m as unknown as Milestone & Record<string, unknown>),
      });
    };
    for (let i = 0; i < OPEN; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, OPEN - i) }, (_, k) => put(i + k)));
    }
    const loadMs = Date.now() - loadStart;

    // Act: one run, then a second run the same day.
    const mailer = new MemoryMailer();
    const first = await runDeadlines(system.deps, {
      now: `${today}T07:00:00.000Z`,
      mailer,
      cityIds: ['sfax'],
    });
    const second = await runDeadlines(system.deps, {
      now: `${today}T09:00:00.000Z`,
      mailer,
      cityIds: ['sfax'],
    });

    // Assess
    const [a] = first.cities;
    const [b] = second.cities;
    console.log(
      JSON.stringify(
        {
          openMilestones: OPEN,
          loadMs,
          first: {
            ms: first.ms,
            queries: a?.queries,
            itemsRead: a?.itemsRead,
            overdue: a?.markedOverdue,
            reminders: a?.reminders,
            mails: first.mail.sent,
          },
          second: { ms: second.ms, queries: b?.queries, itemsRead: b?.itemsRead, mails: second.mail.sent },
        },
        null,
        2,
      ),
    );
    expect(a?.itemsRead).toBeLessThan(OPEN / 10);
    expect(b?.markedOverdue).toBe(0);
    expect(second.mail.sent).toBe(0);
  }, 600_000);
});
