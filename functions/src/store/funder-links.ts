/**
 * A funder's links to what it funds, in the funder's partition (`ORG#<funderId>`):
 * - a grant: SK `FUNDS#GRANT#<createdAt>#<grantId>`;
 * - a milestone of such a grant: SK `FUNDS#MS#<dueDate>#<milestoneId>`, with the milestone's state and
 *   GSI2 `FUNDER#<funderId>#MILESTONE#<state>` / `<dueDate>#<milestoneId>` (the funder's queue of reports).
 * Every write of a milestone rewrites its links' state in the same transaction (transaction.ts).
 * Each link also carries a copy of the record (`record`), rewritten by every write of the record in the
 * same transaction, so that a funder's list is one Query. Links written before they did are followed
 * to their records (BatchGetItem).
 */
import { HIGH, type RecordType, stripStorage } from './keys.ts';
import { orgPk } from './organisations.ts';
import { recordKey } from './records.ts';
import type { Item, TableIO } from './table-io.ts';

const GRANT_LINK = 'FUNDS#GRANT#';
const MILESTONE_LINK = 'FUNDS#MS#';

export const fundsGrantSk = (createdAt: string, grantId: string) => `${GRANT_LINK}${createdAt}#${grantId}`;
export const fundsMilestoneSk = (dueDate: string, milestoneId: string) =>
  `${MILESTONE_LINK}${dueDate}#${milestoneId}`;
/** GSI2 of a funder → milestone link: the funder's milestones in one state (its queue of reports). */
export const byFunderState = (funderId: string, state: string) => `FUNDER#${funderId}#MILESTONE#${state}`;
export const funderMilestoneSortKey = (dueDate: string, milestoneId: string) => `${dueDate}#${milestoneId}`;
export const GRANT_LINK_PREFIX = GRANT_LINK;
/** The sort-key bounds of a funder's milestone links, up to a due date when given. */
export const milestoneLinkRange = (dueBefore?: string) => ({
  lo: MILESTONE_LINK,
  hi: dueBefore ? `${MILESTONE_LINK}${dueBefore}#${HIGH}` : `${MILESTONE_LINK}${HIGH}`,
});

/** The attribute of a link that holds the copy of its record. */
export const LINK_RECORD = 'record';

/** The copy of its record a link carries, if it does. */
function linkRecord(link: Item): Item | undefined {
  const copy = link[LINK_RECORD];
  return copy && typeof copy === 'object' && !Array.isArray(copy) ? (copy as Item) : undefined;
}

/**
 * The records links point to, by id: the copies they carry; those without one (written before links
 * carried copies) are read in one BatchGetItem (eventual: a list).
 */
export async function linkedRecords(
  io: TableIO,
  links: readonly Item[],
  idAttr: 'grantId' | 'milestoneId',
  type: RecordType,
): Promise<Map<string, Item>> {
  const missing = links.filter((l) => !linkRecord(l)).map((l) => recordKey(type, String(l[idAttr])));
  const read = missing.length === 0 ? [] : await io.batchGet(missing, 'eventual');
  const byId = new Map(read.map((r) => [String(r.id), stripStorage<Item>(r)]));
  for (const l of links) {
    const copy = linkRecord(l);
    if (copy) byId.set(String(l[idAttr]), copy);
  }
  return byId;
}

export function grantLinkItem(funderId: string, grantId: string, createdAt: string, record: Item): Item {
  return {
    PK: orgPk(funderId),
    SK: fundsGrantSk(createdAt, grantId),
    entity: 'funds',
    grantId,
    [LINK_RECORD]: record,
  };
}

export function milestoneLinkKey(funderId: string, dueDate: string, milestoneId: string) {
  return { PK: orgPk(funderId), SK: fundsMilestoneSk(dueDate, milestoneId) };
}

/** The index keys a milestone link carries for the milestone's state. */
export function milestoneLinkIndexKeys(
  funderId: string,
  dueDate: string,
  milestoneId: string,
  state: string,
) {
  return {
    GSI2PK: byFunderState(funderId, state),
    GSI2SK: funderMilestoneSortKey(dueDate, milestoneId),
  };
}

export function milestoneLinkItem(
  funderId: string,
  milestoneId: string,
  dueDate: string,
  state: string,
  record: Item,
): Item {
  return {
    ...milestoneLinkKey(funderId, dueDate, milestoneId),
    entity: 'funds',
    milestoneId,
    state,
    [LINK_RECORD]: record,
    ...milestoneLinkIndexKeys(funderId, dueDate, milestoneId, state),
  };
}

/** What a link points at (for the consistency check), or undefined when the item is no link. */
export function linkTarget(item: Item): { type: 'grant' | 'milestone'; id: string } | undefined {
  const sk = String(item.SK);
  if (typeof item.grantId === 'string' && sk.startsWith(GRANT_LINK))
    return { type: 'grant', id: item.grantId };
  if (typeof item.milestoneId === 'string' && sk.startsWith(MILESTONE_LINK))
    return { type: 'milestone', id: item.milestoneId };
  return undefined;
}
