/**
 * An organisation's standing: `ORG#<id>` / `STANDING`, beside its profile. What fast-track eligibility and
 * a partnership's submission need to know of the organisation's other records, on one item: its
 * partnerships in force (with their state), its open fast-track grants and its overdue milestones.
 *
 * Every event that moves a record in or out of one of these sets changes the item in the same transaction
 * (one attribute per member: `P#<id>`, `G#<id>`, `M#<id>`, set or removed, and `seq` incremented), so the
 * standing is never behind its records. A fast-track submission writes it on condition that `seq` did not
 * move since it was read: two submissions at once cannot both pass the open-grant limit.
 *
 * Tables older than this item: an event on a record writes its members without the others, and the item
 * lacks `built`. Whoever reads such an item rebuilds the standing from the organisation's records (one
 * Query) overlaid with the members written since, and the next transaction that conditions on it writes
 * the whole standing back with `built` (standingWrite's `rebuilt`).
 */
import { orgPk } from './organisations.ts';
import type { Item } from './table-io.ts';

export const STANDING_SK = 'STANDING';
export const standingKey = (orgId: string) => ({ PK: orgPk(orgId), SK: STANDING_SK });

export interface OverdueMilestone {
  readonly id: string;
  readonly title: string;
  readonly dueDate: string;
}

export interface StoredStanding {
  /** Moves with every change; 0 when there is no item. */
  readonly seq: number;
  /** False for an item written before the standing was kept whole (or none): rebuild it. */
  readonly built: boolean;
  /** Partnerships in force (approved, active, suspended) → their state. */
  readonly partnerships: Readonly<Record<string, string>>;
  readonly openFastGrantIds: readonly string[];
  readonly overdueMilestones: readonly OverdueMilestone[];
}

/** One member in or out of the standing: `null` takes it out. */
export type StandingChange =
  | { readonly set: 'partnership'; readonly id: string; readonly state: string | null }
  | { readonly set: 'fastGrant'; readonly id: string; readonly open: boolean }
  | {
      readonly set: 'overdue';
      readonly id: string;
      readonly milestone: { readonly title: string; readonly dueDate: string } | null;
    };

const PREFIX = { partnership: 'P#', fastGrant: 'G#', overdue: 'M#' } as const;

function member(c: StandingChange): { name: string; value: unknown } {
  const name = `${PREFIX[c.set]}${c.id}`;
  switch (c.set) {
    case 'partnership':
      return { name, value: c.state };
    case 'fastGrant':
      return { name, value: c.open ? true : null };
    case 'overdue':
      return { name, value: c.milestone };
  }
}

/** The changes that write a whole standing (a rebuilt one). */
export function wholeStanding(s: Omit<StoredStanding, 'seq' | 'built'>): StandingChange[] {
  return [
    ...Object.entries(s.partnerships).map(([id, state]) => ({ set: 'partnership' as const, id, state })),
    ...s.openFastGrantIds.map((id) => ({ set: 'fastGrant' as const, id, open: true })),
    ...s.overdueMilestones.map(({ id, title, dueDate }) => ({
      set: 'overdue' as const,
      id,
      milestone: { title, dueDate },
    })),
  ];
}

/**
 * The UpdateItem of a change: members set or removed, `seq` incremented; `expectSeq` conditions it on the
 * sequence read, `rebuilt` marks the item whole.
 */
export function standingUpdate(
  orgId: string,
  changes: readonly StandingChange[],
  opts: { readonly expectSeq?: number | undefined; readonly rebuilt?: boolean | undefined } = {},
): {
  Key: Item;
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const names: Record<string, string> = { '#seq': 'seq', '#e': 'entity' };
  const values: Record<string, unknown> = { ':one': 1, ':e': 'standing' };
  const sets = ['#e = :e'];
  const removes: string[] = [];
  // The last change of a member wins (one path may appear once in an expression).
  const byName = new Map(changes.map((c) => [member(c).name, member(c).value]));
  [...byName].forEach(([name, value], i) => {
    names[`#m${i}`] = name;
    if (value === null) removes.push(`#m${i}`);
    else {
      values[`:m${i}`] = value;
      sets.push(`#m${i} = :m${i}`);
    }
  });
  if (opts.rebuilt) {
    names['#b'] = 'built';
    values[':b'] = true;
    sets.push('#b = :b');
  }
  let condition: string | undefined;
  if (opts.expectSeq !== undefined) {
    values[':seen'] = opts.expectSeq;
    condition = opts.expectSeq === 0 ? 'attribute_not_exists(#seq) OR #seq = :seen' : '#seq = :seen';
  }
  return {
    Key: standingKey(orgId),
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''} ADD #seq :one`,
    ...(condition ? { ConditionExpression: condition } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

export function standingFromItem(item: Item | undefined): StoredStanding {
  const partnerships: Record<string, string> = {};
  const openFastGrantIds: string[] = [];
  const overdueMilestones: OverdueMilestone[] = [];
  for (const [name, value] of Object.entries(item ?? {})) {
    if (name.startsWith(PREFIX.partnership) && typeof value === 'string')
      partnerships[name.slice(PREFIX.partnership.length)] = value;
    else if (name.startsWith(PREFIX.fastGrant) && value === true)
      openFastGrantIds.push(name.slice(PREFIX.fastGrant.length));
    else if (name.startsWith(PREFIX.overdue) && value && typeof value === 'object') {
      const m = value as { title?: unknown; dueDate?: unknown };
      overdueMilestones.push({
        id: name.slice(PREFIX.overdue.length),
        title: String(m.title ?? ''),
        dueDate: String(m.dueDate ?? ''),
      });
    }
  }
  overdueMilestones.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
  openFastGrantIds.sort();
  return {
    seq: Number(item?.seq ?? 0),
    built: item?.built === true,
    partnerships,
    openFastGrantIds,
    overdueMilestones,
  };
}
