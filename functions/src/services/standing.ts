import type { Standing } from '#domain/eligibility';
import { type Grant, OPEN_GRANT } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import type { Partnership } from '#domain/partnership';
import { stripStorage } from '#store/keys';
import type { Store } from '#store/store';

export interface OrganisationRecords {
  readonly grants: Grant[];
  readonly partnerships: Partnership[];
  readonly milestones: Milestone[];
}

/**
 * An organisation's grants, partnerships and milestones, in one Query. The store answers raw items (their
 * `entity` tells the kinds apart); each is stripped of the table's attributes before it goes anywhere,
 * since these records are shown as they are (the work queue).
 */
export async function organisationRecords(store: Store, orgId: string): Promise<OrganisationRecords> {
  const items = await store.organisationRecords(orgId);
  const of = <T>(entity: string): T[] =>
    items.filter((i) => i.entity === entity).map((i) => stripStorage<T>(i));
  return {
    grants: of<Grant>('grant'),
    partnerships: of<Partnership>('partnership'),
    milestones: of<Milestone>('milestone'),
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
