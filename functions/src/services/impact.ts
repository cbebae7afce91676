/**
 * A CSO's impact profile: every grant and partnership across all its funders, indicators summed by name,
 * money awarded, paid and spent, and whether its reports came on time. One Query reads what it has
 * (store.organisationRecords); the funders' names are one BatchGet.
 *
 * Results count once per grant or partnership: those of its latest accepted report (a final report
 * supersedes an interim one), so a grant reporting twice is not counted twice. Spent is read the same way.
 */
import type { ImpactProfileView } from '#contract/impact';
import { NotFoundError } from '#domain/errors';
import type { Grant } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import { add, type Money, money, sum } from '#domain/money';
import type { Partnership } from '#domain/partnership';
import type { Actor, Organisation } from '#domain/types';
import type { Deps } from './deps.ts';

export type { ImpactProfileView };

/** The members of the organisation and the staff of its city see the profile; nobody else. */
function maySee(actor: Actor, org: Organisation): boolean {
  if (actor.organisationId === org.id && actor.roles.includes('cso')) return true;
  return actor.cityId === org.cityId && actor.roles.some((r) => r === 'city_officer' || r === 'mayor_office');
}

export async function getImpactProfile(deps: Deps, actor: Actor, orgId: string): Promise<ImpactProfileView> {
  const org = await deps.store.getOrganisation(orgId);
  if (org?.kind !== 'cso' || !maySee(actor, org)) throw new NotFoundError('organisation', orgId);
  return impactProfile(deps, org);
}

/** The profile itself, for whoever was let in (a member, the city's staff, a shared link). */
export async function impactProfile(deps: Deps, org: Organisation): Promise<ImpactProfileView> {
  const city = await deps.cities.get(org.cityId);
  const currency = city.currency;
  const zero = money(0, currency);
  const { grants, partnerships, milestones } = await deps.store.organisationRecords(org.id);
  const awarded = grants.filter((g): g is Grant & { award: NonNullable<Grant['award']> } => !!g.award);
  const inForce = partnerships.filter(
    (p): p is Partnership & { term: NonNullable<Partnership['term']> } => !!p.term,
  );
  const latestAccepted = latestAcceptedReports(milestones);
  const funderIds = [...new Set(awarded.flatMap((g) => g.award.funders.map((f) => f.funderId)))];
  const names = new Map((await deps.store.getOrganisations(funderIds)).map((o) => [o.id, o.name]));
  const partnershipAreas = [...new Set(inForce.flatMap((p) => p.focusAreas))];

  const grantRows = awarded
    .map((g) => {
      const spent = latestAccepted.get(g.id)?.report?.spent;
      return {
        id: g.id,
        title: g.title,
        state: g.state,
        track: g.track,
        startDate: g.startDate,
        endDate: g.endDate,
        focusAreas: g.focusAreas?.length ? [...g.focusAreas] : partnershipAreas,
        funders: g.award.funders.map((f) => ({
          id: f.funderId,
          name: names.get(f.funderId) ?? f.funderId,
          share: f.share,
        })),
        awarded: g.award.amount,
        paid: sum(
          g.tranches.filter((t) => t.state === 'paid').map((t) => t.amount),
          currency,
        ),
        spent: spent && spent.currency === currency ? spent : zero,
      };
    })
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id));

  const targets = new Map<string, number>();
  const results = new Map<string, number>();
  const count = (into: Map<string, number>, name: string, n: number) =>
    into.set(name, (into.get(name) ?? 0) + n);
  for (const g of awarded) for (const i of g.indicators) count(targets, i.name, i.target);
  for (const p of inForce) for (const a of p.actionPlan) count(targets, a.indicator, a.target);
  for (const m of latestAccepted.values())
    for (const r of m.report?.indicatorResults ?? []) count(results, r.name, r.value);

  const handedIn = milestones.filter((m) => m.submittedAt !== undefined);
  const total = (pick: (g: (typeof grantRows)[number]) => Money) => grantRows.map(pick).reduce(add, zero);
  return {
    organisation: { id: org.id, name: org.name, cityId: org.cityId },
    currency,
    grants: grantRows,
    partnerships: inForce
      .map((p) => ({
        id: p.id,
        state: p.state,
        focusAreas: [...p.focusAreas],
        start: p.term.start,
        end: p.term.end,
      }))
      .sort((a, b) => a.start.localeCompare(b.start)),
    indicators: [...new Set([...targets.keys(), ...results.keys()])]
      .sort((a, b) => a.localeCompare(b))
      .map((name) => ({ name, target: targets.get(name) ?? 0, result: results.get(name) ?? 0 })),
    totals: { awarded: total((g) => g.awarded), paid: total((g) => g.paid), spent: total((g) => g.spent) },
    reports: {
      submitted: handedIn.length,
      onTime: handedIn.filter((m) => !m.late).length,
      late: handedIn.filter((m) => m.late).length,
      overdue: milestones.filter((m) => m.state === 'overdue').length,
    },
    milestones: milestones
      .map((m) => ({
        id: m.id,
        kind: m.kind,
        title: m.title,
        dueDate: m.dueDate,
        state: m.state,
        late: m.late,
      }))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id)),
  };
}

/** For each grant or partnership, its accepted report due last. */
function latestAcceptedReports(milestones: readonly Milestone[]): Map<string, Milestone> {
  const latest = new Map<string, Milestone>();
  for (const m of milestones) {
    if (m.state !== 'accepted' || !m.report) continue;
    const seen = latest.get(m.parentId);
    if (!seen || seen.dueDate < m.dueDate) latest.set(m.parentId, m);
  }
  return latest;
}
