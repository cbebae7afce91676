/**
 * The organisation behind an application, as a reviewer needs it beside the application: its profile,
 * its partnership and term, its earlier grants, how it has reported, and what is overdue. One GetItem of
 * the profile and one Query of everything the organisation has (access pattern 4).
 */
import type { OrganisationRecordSummaryView } from '#contract/workspace';
import { NotFoundError } from '#domain/errors';
import type { Grant } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import type { Partnership } from '#domain/partnership';
import type { Actor } from '#domain/types';
import type { Deps } from './deps.ts';

const STAFF = ['city_officer', 'mayor_office'] as const;
const IN_FORCE = ['active', 'approved', 'suspended'];
const REPORTED = ['submitted', 'accepted', 'revision_requested'];

export async function organisationRecord(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<OrganisationRecordSummaryView> {
  const org = await deps.store.getOrganisation(id);
  // Staff of its city, or its own members; anyone else is told there is no such organisation.
  const staff = STAFF.some((r) => actor.roles.includes(r)) && org?.cityId === actor.cityId;
  const member = actor.roles.includes('cso') && actor.organisationId === id && org?.cityId === actor.cityId;
  if (org?.kind !== 'cso' || !(staff || member)) throw new NotFoundError('organisation', id);
  const records = await deps.store.organisationRecords(id);
  return summarise(org, records);
}

/** The summary of an organisation's records (pure: the unit tests give it records directly). */
export function summarise(
  org: {
    id: string;
    name: string;
    registrationNumber?: string;
    description?: string;
    website?: string;
    focusAreas?: readonly string[];
  },
  records: {
    grants: readonly Grant[];
    partnerships: readonly Partnership[];
    milestones: readonly Milestone[];
  },
): OrganisationRecordSummaryView {
  const newestFirst = <T extends { createdAt: string }>(xs: readonly T[]) =>
    [...xs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const partnerships = newestFirst(records.partnerships);
  const partnership = partnerships.find((p) => IN_FORCE.includes(p.state)) ?? partnerships[0];
  const reported = records.milestones.filter((m) => REPORTED.includes(m.state));
  const overdue = records.milestones
    .filter((m) => m.state === 'overdue')
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return {
    organisation: {
      id: org.id,
      name: org.name,
      ...(org.registrationNumber ? { registrationNumber: org.registrationNumber } : {}),
      ...(org.description ? { description: org.description } : {}),
      ...(org.website ? { website: org.website } : {}),
      focusAreas: org.focusAreas ?? [],
    },
    partnership: partnership
      ? {
          id: partnership.id,
          state: partnership.state,
          ...(partnership.term ? { term: partnership.term } : {}),
        }
      : null,
    grants: newestFirst(records.grants)
      .filter((g) => g.state !== 'draft')
      .map((g) => ({
        id: g.id,
        title: g.title,
        state: g.state,
        track: g.track,
        amountRequested: g.amountRequested,
        ...(g.award ? { amountAwarded: g.award.amount } : {}),
        ...(g.submittedAt ? { submittedAt: g.submittedAt } : {}),
        ...(g.decidedAt ? { decidedAt: g.decidedAt } : {}),
      })),
    reports: {
      onTime: reported.filter((m) => !m.late).length,
      late: reported.filter((m) => m.late).length,
      overdue: overdue.length,
    },
    overdue: overdue.map((m) => ({
      id: m.id,
      title: m.title,
      kind: m.kind,
      dueDate: m.dueDate,
      parentType: m.parentType,
      parentId: m.parentId,
    })),
  };
}
