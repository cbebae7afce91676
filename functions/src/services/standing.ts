import type { Standing } from '#domain/eligibility';
import { OPEN_GRANT } from '#domain/grant';
import type { OrganisationRecords, Store } from '#store/store';

export type { OrganisationRecords } from '#store/store';

/** An organisation's grants, partnerships and milestones, in one Query. */
export async function organisationRecords(store: Store, orgId: string): Promise<OrganisationRecords> {
  return store.organisationRecords(orgId);
}

export function standingOf(records: OrganisationRecords, excludingGrantId?: string): Standing {
  return {
    hasActivePartnership: records.partnerships.some((p) => p.state === 'active'),
    // One rule for overdue: any overdue milestone of the organisation, a partnership's annual review too.
    overdueMilestones: records.milestones
      .filter((m) => m.state === 'overdue')
      .map((m) => ({ id: m.id, title: m.title, dueDate: m.dueDate })),
    openFastGrantIds: records.grants
      .filter((g) => g.track === 'fast' && g.id !== excludingGrantId && OPEN_GRANT.includes(g.state))
      .map((g) => g.id),
  };
}
