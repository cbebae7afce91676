/**
 * Organisations (CSOs and funders): `ORG#<id>` / `R`, listed per city and kind on GSI3
 * (`CITY#<city>#ORG#<kind>`, by name). Their partition also holds their audit entries (`A#…`), the
 * standing (standing.ts) and a funder's links (funder-links.ts); GSI1 under the same key
 * lists the organisation's workflow records (records.ts).
 */
import type { Organisation } from '#domain/types';
import { RECORD_SK } from './keys.ts';
import type { Item } from './table-io.ts';

export const orgPk = (orgId: string) => `ORG#${orgId}`;
export const orgKey = (orgId: string) => ({ PK: orgPk(orgId), SK: RECORD_SK });
/** GSI3PK: a city's organisations of one kind. */
export const orgsOfCity = (cityId: string, kind: 'cso' | 'funder') => `CITY#${cityId}#ORG#${kind}`;

/**
 * The last entry of the organisation's audit trail, kept on its item (`auditSeq`, `auditHash`) by every
 * write that appends one, so the next entry is chained without reading the trail. An item written before
 * (or by a write that audits nothing, which drops it) has none: the trail is read instead.
 */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

export function organisationItem(org: Organisation, head?: AuditHead): Item {
  return {
    ...org,
    ...orgKey(org.id),
    entity: 'organisation',
    GSI3PK: orgsOfCity(org.cityId, org.kind),
    GSI3SK: `${org.name}#${org.id}`,
    ...(head ? { auditSeq: head.seq, auditHash: head.hash } : {}),
  };
}

export function auditHeadOf(item: Item | undefined): AuditHead | undefined {
  if (typeof item?.auditSeq !== 'number' || typeof item.auditHash !== 'string') return undefined;
  return { seq: item.auditSeq, hash: item.auditHash };
}
