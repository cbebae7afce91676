/**
 * An organisation's standing (store/standing.ts): what fast-track eligibility and a partnership's
 * submission read of its other records, on one item kept by the transactions of the events that change
 * it. This module says which events change it, and rebuilds it from the records where a table older than
 * the item has none (or only the members written since).
 */
import type { Standing } from '#domain/eligibility';
import { OPEN_GRANT } from '#domain/grant';
import { wholeStanding } from '#store/standing';
import type { OrganisationRecords, StandingChange, Store, StoredStanding, Write } from '#store/store';

export type { OrganisationRecords } from '#store/store';

/** A partnership in force: another one cannot be submitted (the organisation asks for a renewal). */
export const IN_FORCE: readonly string[] = ['approved', 'active', 'suspended'];

/** An organisation's grants, partnerships and milestones, in one Query. */
export async function organisationRecords(store: Store, orgId: string): Promise<OrganisationRecords> {
  return store.organisationRecords(orgId);
}

/** The standing as its records show it (the index behind them may lag a moment behind a write). */
export function standingFromRecords(records: OrganisationRecords): Omit<StoredStanding, 'seq' | 'built'> {
  return {
    partnerships: Object.fromEntries(
      records.partnerships.filter((p) => IN_FORCE.includes(p.state)).map((p) => [p.id, p.state]),
    ),
    openFastGrantIds: records.grants.filter(isOpenFast).map((g) => g.id),
    // One rule for overdue: any overdue milestone of the organisation, a partnership's annual review too.
    overdueMilestones: records.milestones
      .filter((m) => m.state === 'overdue')
      .map((m) => ({ id: m.id, title: m.title, dueDate: m.dueDate })),
  };
}

/** A standing as read, and whether it had to be rebuilt from the records (then written back whole). */
export interface ReadStanding {
  readonly orgId: string;
  readonly stored: StoredStanding;
  readonly rebuilt: boolean;
}

/**
 * The organisation's standing from its item, as read (one strong GetItem, or the event's BatchGetItem).
 * An item that is not whole is rebuilt from the records (one Query), overlaid with the members the
 * events wrote since: those are newer than any index.
 */
export async function readStanding(
  store: Store,
  orgId: string,
  read?: StoredStanding,
): Promise<ReadStanding> {
  const stored = read ?? (await store.getStanding(orgId));
  if (stored.built) return { orgId, stored, rebuilt: false };
  const fromRecords = standingFromRecords(await store.organisationRecords(orgId));
  const overdue = new Map(fromRecords.overdueMilestones.map((m) => [m.id, m]));
  for (const m of stored.overdueMilestones) overdue.set(m.id, m);
  return {
    orgId,
    rebuilt: true,
    stored: {
      seq: stored.seq,
      built: true,
      partnerships: { ...fromRecords.partnerships, ...stored.partnerships },
      openFastGrantIds: [...new Set([...fromRecords.openFastGrantIds, ...stored.openFastGrantIds])],
      overdueMilestones: [...overdue.values()],
    },
  };
}

/** The standing as the eligibility rules take it, for a grant that is not counted among the open ones. */
export function eligibilityStanding(s: StoredStanding, grantId?: string): Standing {
  return {
    hasActivePartnership: Object.values(s.partnerships).includes('active'),
    overdueMilestones: s.overdueMilestones,
    openFastGrantIds: s.openFastGrantIds.filter((id) => id !== grantId),
  };
}

/** Whether a partnership other than this one is in force. */
export function otherPartnershipInForce(s: StoredStanding, partnershipId: string): boolean {
  return Object.keys(s.partnerships).some((id) => id !== partnershipId);
}

const isOpenFast = (g: { readonly track?: string | undefined; readonly state: string }) =>
  g.track === 'fast' && (OPEN_GRANT as readonly string[]).includes(g.state);

/** What the standing needs of a record that changes: a grant's track, a milestone's title and due date. */
interface Member {
  readonly id: string;
  readonly state: string;
  readonly track?: string | undefined;
  readonly title?: string | undefined;
  readonly dueDate?: string | undefined;
}

/** What an event changes in its organisation's standing: nothing unless the record enters or leaves a set. */
export function standingChanges(
  type: 'grant' | 'partnership' | 'milestone',
  before: Member,
  after: Member,
): StandingChange[] {
  const { id } = after;
  switch (type) {
    case 'grant': {
      const open = isOpenFast(after);
      return open === isOpenFast(before) ? [] : [{ set: 'fastGrant', id, open }];
    }
    case 'partnership': {
      const was = IN_FORCE.includes(before.state) ? before.state : null;
      const is = IN_FORCE.includes(after.state) ? after.state : null;
      return was === is ? [] : [{ set: 'partnership', id, state: is }];
    }
    case 'milestone': {
      const overdue = after.state === 'overdue';
      if (overdue === (before.state === 'overdue')) return [];
      const milestone = overdue ? { title: after.title ?? '', dueDate: after.dueDate ?? '' } : null;
      return [{ set: 'overdue', id, milestone }];
    }
  }
}

/**
 * The standing's write of an event: its changes; with the standing the event read, on condition that it
 * did not move (`guard`), and the whole rebuilt standing where the item was not whole.
 */
export function standingWrite(
  orgId: string,
  changes: readonly StandingChange[],
  read?: ReadStanding,
  guard = false,
): Write | undefined {
  const whole = read?.rebuilt ? wholeStanding(read.stored) : [];
  if (changes.length === 0 && !read?.rebuilt && !guard) return undefined;
  return {
    kind: 'standing',
    orgId,
    changes: [...whole, ...changes],
    // A rebuilt standing is written back only over the item it was rebuilt from.
    ...((guard || read?.rebuilt) && read ? { expectSeq: read.stored.seq } : {}),
    ...(read?.rebuilt ? { rebuilt: true } : {}),
  };
}
