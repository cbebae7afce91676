/**
 * Workflow records (partnership, grant, milestone): `<TYPE>#<id>` / `R`, with their audit entries beside
 * them (audit-entries.ts) and four index keys that serve the lists, queues and the daily job.
 */
import { HIGH, RECORD_SK, type RecordType, stripStorage, TYPE_KEY } from './keys.ts';
import type { Stored } from './store.ts';
import type { Item } from './table-io.ts';

export const recordPk = (type: RecordType, id: string) => `${TYPE_KEY[type]}#${id}`;
export const recordKey = (type: RecordType, id: string) => ({ PK: recordPk(type, id), SK: RECORD_SK });

/** GSI2PK: a city's records of one type in one state (queues, the daily job, the register). */
export const byCityState = (cityId: string, type: RecordType, state: string) =>
  `CITY#${cityId}#${TYPE_KEY[type]}#${state}`;
/** GSI3PK: a city's records of one type, by creation (or due date). */
export const byCity = (cityId: string, type: RecordType) => `CITY#${cityId}#${TYPE_KEY[type]}`;
/** GSI4PK: the milestones of a grant or partnership. */
export const byParent = (parentType: 'grant' | 'partnership', parentId: string) =>
  `${TYPE_KEY[parentType]}#${parentId}#MILESTONES`;
/** GSI1PK of a record: its organisation (shared with the organisation's own partition key). */
export const byOrganisation = (orgId: string) => `ORG#${orgId}`;
/** GSI1SK bounds of one type of an organisation's records, up to a date when given. */
export const organisationTypeRange = (type: RecordType, dueBefore?: string) => ({
  lo: `${TYPE_KEY[type]}#`,
  hi: dueBefore ? `${TYPE_KEY[type]}#${dueBefore}#${HIGH}` : `${TYPE_KEY[type]}#${HIGH}`,
});
/** GSI1SK bounds of all of an organisation's workflow records (GRANT, MILESTONE, PARTNERSHIP). */
export const ORGANISATION_RECORDS_RANGE = { lo: 'GRANT#', hi: `PARTNERSHIP#${HIGH}` } as const;

interface Keyed {
  readonly id: string;
  readonly cityId: string;
  readonly organisationId: string;
  readonly state: string;
  readonly createdAt: string;
}

/** What the by-state sort key (GSI2SK) of a workflow record is made of. */
export interface UrgencyKeyed {
  readonly id: string;
  readonly createdAt: string;
  readonly decisionDueAt?: string | undefined;
  readonly term?: { readonly end: string } | undefined;
  readonly dueDate?: string | undefined;
}

/**
 * A record's sort key among the records of its city in its state (GSI2SK), what is urgent first:
 * grants by decision deadline, milestones by due date, partnerships by the end of their term.
 */
export function urgencySortKey(type: RecordType, r: UrgencyKeyed): string {
  if (type === 'milestone') return `${r.dueDate}#${r.id}`;
  const urgent = type === 'grant' ? (r.decisionDueAt ?? HIGH) : (r.term?.end ?? HIGH);
  return `${urgent}#${r.createdAt}#${r.id}`;
}

/** The GSI2SK range of records whose date key lies in [from, to] (`to` may be HIGH: no upper date). */
export function dueRange(from: string | undefined, to: string): { lo?: string; hi: string } {
  const hi = to === HIGH ? HIGH : `${to}#${HIGH}`;
  return from ? { lo: from, hi } : { hi };
}

/**
 * The index keys of a workflow record. The sort keys put what is urgent first:
 * grants by decision deadline, milestones by due date, partnerships by the end of their term.
 */
export function recordIndexKeys(
  type: RecordType,
  r: Keyed & Record<string, unknown>,
): Record<string, string> {
  const T = TYPE_KEY[type];
  if (type === 'milestone') {
    const dueDate = r.dueDate as string;
    return {
      GSI1PK: byOrganisation(r.organisationId),
      GSI1SK: `${T}#${dueDate}#${r.id}`,
      GSI2PK: byCityState(r.cityId, type, r.state),
      GSI2SK: urgencySortKey(type, { id: r.id, createdAt: r.createdAt, dueDate }),
      GSI3PK: byCity(r.cityId, type),
      GSI3SK: `${dueDate}#${r.id}`,
      GSI4PK: byParent(r.parentType as 'grant' | 'partnership', r.parentId as string),
      GSI4SK: `${dueDate}#${r.id}`,
    };
  }
  return {
    GSI1PK: byOrganisation(r.organisationId),
    GSI1SK: `${T}#${r.createdAt}#${r.id}`,
    GSI2PK: byCityState(r.cityId, type, r.state),
    GSI2SK: urgencySortKey(type, {
      id: r.id,
      createdAt: r.createdAt,
      decisionDueAt: r.decisionDueAt as string | undefined,
      term: r.term as { end: string } | undefined,
    }),
    GSI3PK: byCity(r.cityId, type),
    GSI3SK: `${r.createdAt}#${r.id}`,
  };
}

/** The stored item of a record: its keys, its index keys, and the hash that ends its audit chain. */
export function recordItem(type: RecordType, record: Keyed & Item, auditHash: string): Item {
  return {
    ...record,
    ...recordKey(type, record.id),
    entity: type,
    auditHash,
    ...recordIndexKeys(type, record),
  };
}

/** A record read back, when the item is one (a partition key can hold audit entries without it). */
export function recordFromItem<T>(type: RecordType, item: Item | undefined): T | undefined {
  return item && item.SK === RECORD_SK && item.entity === type ? stripStorage<T>(item) : undefined;
}

/** A record as an event loads it: with the hash its audit trail ends with. */
export function storedFromItem<T>(type: RecordType, item: Item | undefined): Stored<T> | undefined {
  const record = recordFromItem<T>(type, item);
  return record && item ? { record, auditHash: item.auditHash as string } : undefined;
}

const TYPE_OF_PREFIX: Record<string, RecordType> = {
  [TYPE_KEY.partnership]: 'partnership',
  [TYPE_KEY.grant]: 'grant',
  [TYPE_KEY.milestone]: 'milestone',
};

/** `GRANT#g_123` → grant g_123 (undefined for partitions that are not workflow records). */
export function recordOf(pk: string): { type: RecordType; id: string } | undefined {
  const [prefix, ...rest] = pk.split('#');
  const type =
    prefix !== undefined && Object.hasOwn(TYPE_OF_PREFIX, prefix) ? TYPE_OF_PREFIX[prefix] : undefined;
  return type && rest.length > 0 ? { type, id: rest.join('#') } : undefined;
}
