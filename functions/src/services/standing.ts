import type { Standing } from '#domain/eligibility';
import { type Grant, OPEN_GRANT } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import type { Partnership } from '#domain/partnership';
import type { Store } from '#store/store';

export interface OrganisationRecords {
  readonly grants: Grant[];
  readonly partnerships: Partnership[];
  readonly milestones: Milestone[];
}

/** An organisation's grants, partnerships and milestones, in one Query. */
export async function organisationRecords(store: Store, orgId: string): Promise<OrganisationRecords> {
  const items = await store.organisationRecords(orgId);
  const strip = <T>(i: Record<string, unknown>) => i as unknown as T;
  return {
    grants: items.filter((i) => i.entity === 'grant').map(strip<Grant>),
    partnerships: items.filter((i) => i.entity === 'partnership').map(strip<Partnership>),
    milestones: items.filter((i) => i.entity === 'milestone').map(strip<Milestone>),
  };
}

export function standingOf(records: OrganisationRecords, excludingGrantId?: string): Standing {
  return {
    hasActivePartnership: records.partnerships.some((p) => p.state === 'active'),
    overdueMilestones: records.milestones
      .filter((m) => m.parentType === 'grant' && m.state === 'overdue')
      .map((m) => ({ id: m.id, title: m.title, dueDate: m.dueDate })),
    openFastGrantIds: records.grants
      .filter((g) => g.track === 'fast' && g.id !== excludingGrantId && OPEN_GRANT.includes(g.state))
      .map((g) => g.id),
  };
}
