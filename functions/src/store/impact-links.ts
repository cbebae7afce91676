/**
 * The read-only links to an organisation's impact profile: one item per link.
 *
 *   PK `IMPACTLINK#<id>`, SK `R`; GSI4 `ORG#<org>#IMPACTLINKS` / `<createdAt>#<id>` lists an organisation's
 *   links. The secret half of the token is kept only as its SHA-256 (`secretHash`): the table never holds
 *   what opens the profile. The TTL deletes a link 30 days after it expires.
 */
import { expiresAfter, RECORD_SK, stripStorage } from './keys.ts';
import type { Store } from './store.ts';
import { TTL_ATTRIBUTE } from './table.ts';
import { ioOf, MUST_NOT_EXIST } from './table-io.ts';

export interface StoredImpactLink {
  readonly id: string;
  readonly organisationId: string;
  readonly cityId: string;
  readonly secretHash: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** When the link stops opening the profile (ISO). */
  readonly validUntil: string;
  readonly revokedAt?: string;
}

const linkPk = (id: string) => `IMPACTLINK#${id}`;
const linksOf = (orgId: string) => `ORG#${orgId}#IMPACTLINKS`;
/** Kept this long after expiry, so the members still see it listed as expired. */
const KEPT_DAYS = 30;

function linkItem(link: StoredImpactLink): Record<string, unknown> {
  return {
    ...link,
    PK: linkPk(link.id),
    SK: RECORD_SK,
    entity: 'impact_link',
    GSI4PK: linksOf(link.organisationId),
    GSI4SK: `${link.createdAt}#${link.id}`,
    [TTL_ATTRIBUTE]: expiresAfter(link.validUntil, KEPT_DAYS),
  };
}

export async function putImpactLink(store: Store, link: StoredImpactLink): Promise<void> {
  await ioOf(store).put(linkItem(link), MUST_NOT_EXIST);
}

export async function getImpactLink(store: Store, id: string): Promise<StoredImpactLink | undefined> {
  const item = await ioOf(store).get(linkPk(id), RECORD_SK, 'strong');
  return item ? stripStorage<StoredImpactLink>(item) : undefined;
}

/** An organisation's links, newest first: one Query. */
export async function listImpactLinks(store: Store, orgId: string): Promise<StoredImpactLink[]> {
  const items = await ioOf(store).queryAll({
    IndexName: 'GSI4',
    KeyConditionExpression: 'GSI4PK = :pk',
    values: { ':pk': linksOf(orgId) },
  });
  return items.map((i) => stripStorage<StoredImpactLink>(i)).reverse();
}

/** Revokes a link of the organisation; false when there is no such link of it. */
export async function revokeImpactLink(
  store: Store,
  orgId: string,
  id: string,
  at: string,
): Promise<StoredImpactLink | undefined> {
  const link = await getImpactLink(store, id);
  if (!link || link.organisationId !== orgId) return undefined;
  if (link.revokedAt) return link;
  const revoked = { ...link, revokedAt: at };
  await ioOf(store).put(linkItem(revoked));
  return revoked;
}
