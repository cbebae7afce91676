/**
 * Who may act on which record: the relation between a user and a record, in one place.
 * A role counts only where its holder stands in the right relation to the record:
 * - cso:           a member of the record's organisation, in the record's city;
 * - city_officer, mayor_office: staff of the record's city;
 * - funder:        a member of a funder of the record (grants and their milestones);
 * - admin:         staff of the record's city (settings and users; no workflow events).
 */
import type { Actor, Role } from './types.ts';

export interface AccessSubject {
  readonly cityId: string;
  readonly organisationId?: string | undefined;
  readonly funderIds?: readonly string[] | undefined;
}

export function rolesOn(actor: Actor, subject: AccessSubject): Role[] {
  return actor.roles.filter((role) => {
    switch (role) {
      case 'cso':
        // The city too: a second line behind the token check (auth.ts) that the organisation is the city's.
        return (
          actor.organisationId !== undefined &&
          actor.organisationId === subject.organisationId &&
          actor.cityId === subject.cityId
        );
      case 'city_officer':
      case 'mayor_office':
      case 'admin':
        return actor.cityId === subject.cityId;
      case 'funder':
        return actor.organisationId !== undefined && (subject.funderIds ?? []).includes(actor.organisationId);
      default:
        return false;
    }
  });
}

/** Workflow records are readable by anyone who holds a role on them, except an admin's. */
export function canRead(actor: Actor, subject: AccessSubject): boolean {
  return rolesOn(actor, subject).some((r) => r !== 'admin');
}

/** Segregation of duties: nobody reviews or decides an application of an organisation they belong to. */
export function belongsTo(actor: Actor, subject: AccessSubject): boolean {
  return actor.organisationId !== undefined && actor.organisationId === subject.organisationId;
}
