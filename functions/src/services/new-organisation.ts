/**
 * A new organisation of a city with the audit entry of its registration, whichever way it comes in: a
 * funder registered by the city's admin, or a CSO whose registration was verified.
 */
import type { Actor, Organisation } from '#domain/types';
import type { ActingRole } from '#domain/workflow';
import type { NewOrganisation } from '#store/registrations';
import { auditDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';

export function newOrganisation(
  deps: Deps,
  o: {
    readonly profile: Omit<Organisation, 'id' | 'kind' | 'cityId' | 'version' | 'createdAt' | 'updatedAt'>;
    readonly kind: Organisation['kind'];
    readonly cityId: string;
    /** As the city compares them (normalised), when the organisation has one. */
    readonly registrationNumber: string | undefined;
    readonly actor: Actor;
    readonly role: ActingRole;
    readonly at: string;
    readonly data?: Record<string, unknown> | undefined;
  },
): NewOrganisation {
  const organisation: Organisation = {
    ...o.profile,
    id: deps.newId('org'),
    kind: o.kind,
    cityId: o.cityId,
    version: 1,
    createdAt: o.at,
    updatedAt: o.at,
  };
  return {
    organisation,
    registrationNumber: o.registrationNumber,
    audit: auditDraft({
      entityType: 'organisation',
      entityId: organisation.id,
      event: 'register',
      from: null,
      to: 'profile',
      actor: o.actor,
      role: o.role,
      at: o.at,
      data: o.data,
    }),
  };
}
