/**
 * How each record is laid out in the one table: its primary key and index keys.
 * docs/data-model.md lists the access patterns these keys serve.
 */
import type { EntityType } from '#domain/types';

export type RecordType = Exclude<EntityType, 'organisation'>;

export const TYPE_KEY: Record<EntityType, string> = {
  partnership: 'PARTNERSHIP',
  grant: 'GRANT',
  milestone: 'MILESTONE',
  organisation: 'ORG',
};

/** The sort key of a record's own item; its audit entries sit beside it as `A#<seq>`. */
export const RECORD_SK = 'R';
export const recordPk = (type: EntityType, id: string) => `${TYPE_KEY[type]}#${id}`;
export const auditSk = (seq: number) => `A#${String(seq).padStart(8, '0')}`;

export const orgPk = (orgId: string) => `ORG#${orgId}`;
export const cityPk = (cityId: string) => `CITY#${cityId}`;
export const userPk = (userId: string) => `USER#${userId}`;
export const emailKey = (email: string) => `EMAIL#${email.toLowerCase()}`;
export const CITIES_KEY = 'CITIES';
/** Sort key of an organisation's fast-track ledger (store.ts FastTrackLedger), beside its profile. */
export const FAST_TRACK_SK = 'FASTTRACK';
export const idempotencyPk = (userId: string, key: string) => `IDEMP#${userId}#${key}`;

export const byCityState = (cityId: string, type: RecordType, state: string) =>
  `CITY#${cityId}#${TYPE_KEY[type]}#${state}`;
export const byCity = (cityId: string, type: RecordType) => `CITY#${cityId}#${TYPE_KEY[type]}`;
export const byParent = (parentType: 'grant' | 'partnership', parentId: string) =>
  `${TYPE_KEY[parentType]}#${parentId}#MILESTONES`;
export const fundsGrantSk = (createdAt: string, grantId: string) => `FUNDS#GRANT#${createdAt}#${grantId}`;
/** GSI2 of a funder → milestone link: the funder's milestones in one state (its queue of reports). */
export const byFunderState = (funderId: string, state: string) => `FUNDER#${funderId}#MILESTONE#${state}`;
export const fundsMilestoneSk = (dueDate: string, milestoneId: string) =>
  `FUNDS#MS#${dueDate}#${milestoneId}`;

/** Marks the end of a key range: sorts after any `#…` suffix. */
export const HIGH = '~';

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
      GSI1PK: orgPk(r.organisationId),
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
    GSI1PK: orgPk(r.organisationId),
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

/** Attributes that belong to the table, not to the record. */
export const STORAGE_ATTRIBUTES = [
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'GSI4PK',
  'GSI4SK',
  'entity',
  'auditHash',
  'expiresAt',
] as const;

export function stripStorage<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...item };
  for (const a of STORAGE_ATTRIBUTES) delete out[a];
  return out as T;
}
