import { ForbiddenError, NotFoundError, RuleViolationError } from '#domain/errors';
import type { Actor, AuditEntry, Organisation, Role } from '#domain/types';
import { GENESIS_HASH } from '#store/audit';
import type { StoredStanding } from '#store/store';
import { auditDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { checkIfMatch, withVersionRace } from './if-match.ts';
import { readStanding } from './standing.ts';

/**
 * Organisation profiles are seen by their members and by the staff and funders of their city;
 * edited by their members, by their city's admin, and for a CSO by their city's officers. Every change
 * is audited (GET /v1/audit/organisation/{id}).
 */
function canSee(actor: Actor, org: Organisation): boolean {
  if (actor.organisationId === org.id) return true;
  return (
    actor.cityId === org.cityId &&
    actor.roles.some((r) => r === 'city_officer' || r === 'mayor_office' || r === 'admin' || r === 'funder')
  );
}

const isMember = (actor: Actor, org: Organisation) =>
  actor.organisationId === org.id && actor.roles.some((r) => r === 'cso' || r === 'funder');
const isCityOfficer = (actor: Actor, org: Organisation) =>
  org.kind === 'cso' && actor.cityId === org.cityId && actor.roles.includes('city_officer');

/** The role in which the actor edits the profile, written to its audit trail. */
function editingRole(actor: Actor, org: Organisation): Role | undefined {
  if (isMember(actor, org)) return actor.roles.includes('cso') ? 'cso' : 'funder';
  if (isCityOfficer(actor, org)) return 'city_officer';
  if (actor.cityId === org.cityId && actor.roles.includes('admin')) return 'admin';
  return undefined;
}

/** The fields that identify a CSO: what due diligence checked and what the public register shows. */
const IDENTITY_FIELDS = ['name', 'registrationNumber'] as const;

/** Whether a partnership is in force, from the standing read with the organisation (rebuilt if older). */
async function hasPartnershipInForce(deps: Deps, orgId: string, standing: StoredStanding): Promise<boolean> {
  const read = await readStanding(deps.store, orgId, standing);
  return Object.keys(read.stored.partnerships).length > 0;
}

export async function getOrganisation(deps: Deps, actor: Actor, id: string): Promise<Organisation> {
  const org = await deps.store.getOrganisation(id);
  if (!org || !canSee(actor, org)) throw new NotFoundError('organisation', id);
  return org;
}

type ProfilePatch = Partial<
  Pick<Organisation, 'name' | 'registrationNumber' | 'description' | 'website' | 'focusAreas' | 'languages'>
>;

export async function editOrganisation(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: ProfilePatch,
  ifMatch?: string,
): Promise<Organisation> {
  // The profile, the head of its audit trail and its standing (is a partnership in force): one read.
  const read = await deps.store.getOrganisationToEdit(id);
  if (!read || !canSee(actor, read.org)) throw new NotFoundError('organisation', id);
  const { org } = read;
  const role = editingRole(actor, org);
  if (!role)
    throw new ForbiddenError('Only members of the organisation or the city admin can edit this profile.');
  checkIfMatch(ifMatch, org.version);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(patch)) {
    const from = org[field as keyof ProfilePatch];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from: from ?? null, to: to ?? null };
  }
  const identity = IDENTITY_FIELDS.filter((f) => f in changes);
  if (identity.length > 0 && role !== 'city_officer' && org.kind === 'cso') {
    if (await hasPartnershipInForce(deps, org.id, read.standing)) {
      throw new RuleViolationError(
        identity.map((field) => ({
          rule: 'profile_locked',
          path: field,
          message:
            'Your name and registration number are locked while your partnership with the city is in force. Ask a city officer to change them.',
        })),
      );
    }
  }
  if (
    role === 'city_officer' &&
    Object.keys(changes).some((f) => !(IDENTITY_FIELDS as readonly string[]).includes(f))
  )
    throw new ForbiddenError("A city officer changes only an organisation's name and registration number.");
  const now = deps.clock().toISOString();
  const next: Organisation = { ...org, ...patch, version: org.version + 1, updatedAt: now };
  // An item written before the head was kept on it: the trail says where it ends.
  const last = read.head ?? (await deps.store.organisationAudit(id)).at(-1);
  await withVersionRace(ifMatch, () =>
    deps.store.commit([
      {
        kind: 'organisation',
        record: next,
        expectedVersion: org.version,
        lastSeq: last?.seq ?? 0,
        prevHash: last?.hash ?? GENESIS_HASH,
        audit: auditDraft({
          entityType: 'organisation',
          entityId: id,
          event: 'edit_profile',
          from: 'profile',
          to: 'profile',
          actor,
          role,
          at: now,
          data: { changes },
        }),
      },
    ]),
  );
  return next;
}

/** An organisation's profile changes, for its members and its city's staff; anyone else gets 404. */
export async function organisationAuditTrail(deps: Deps, actor: Actor, id: string): Promise<AuditEntry[]> {
  const org = await deps.store.getOrganisation(id);
  const staff = actor.roles.some((r) => r === 'city_officer' || r === 'mayor_office' || r === 'admin');
  const allowed = org && (actor.organisationId === org.id || (staff && actor.cityId === org.cityId));
  if (!allowed) throw new NotFoundError('organisation', id);
  return deps.store.organisationAudit(id);
}
