/**
 * Read-only links to a CSO's impact profile, made by its members for any funder: report once, show
 * everyone. The token is `<id>.<secret>`; the table keeps the secret's SHA-256 only, and the public route
 * answers 404 alike for an unknown, expired or revoked link, so a guess learns nothing.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ImpactLinkInput, ImpactLinkView, ImpactProfileView } from '#contract/impact';
import { NotFoundError } from '#domain/errors';
import type { Actor } from '#domain/types';
import {
  getImpactLink,
  listImpactLinks,
  putImpactLink,
  revokeImpactLink,
  type StoredImpactLink,
} from '#store/impact-links';
import { csoOfActor } from './access.ts';
import type { Deps } from './deps.ts';
import { impactProfile } from './impact.ts';

export const DEFAULT_LINK_DAYS = 30;
const DAY_MS = 86_400_000;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest();

function view(link: StoredImpactLink, now: string, url?: string): ImpactLinkView {
  return {
    id: link.id,
    ...(url ? { url } : {}),
    createdAt: link.createdAt,
    createdBy: link.createdBy,
    expiresAt: link.validUntil,
    ...(link.revokedAt ? { revokedAt: link.revokedAt } : {}),
    active: !link.revokedAt && link.validUntil > now,
  };
}

/** Only a member acts on the organisation's links; anyone else finds none (404). */
async function memberOrg(deps: Deps, actor: Actor, orgId: string) {
  const org = await csoOfActor(deps, actor).catch(() => undefined);
  if (!org || org.id !== orgId) throw new NotFoundError('organisation', orgId);
  return org;
}

/** Makes a link; `webBase` is the web page that opens it, the token is appended. */
export async function createImpactLink(
  deps: Deps,
  actor: Actor,
  orgId: string,
  input: ImpactLinkInput,
  webBase: string,
): Promise<ImpactLinkView> {
  const org = await memberOrg(deps, actor, orgId);
  const now = deps.clock();
  const secret = randomBytes(32).toString('base64url');
  const link: StoredImpactLink = {
    id: deps.newId('il'),
    organisationId: org.id,
    cityId: org.cityId,
    secretHash: hashOf(secret).toString('hex'),
    createdAt: now.toISOString(),
    createdBy: actor.userId,
    validUntil: new Date(now.getTime() + (input.days ?? DEFAULT_LINK_DAYS) * DAY_MS).toISOString(),
  };
  await putImpactLink(deps.store, link);
  return view(link, link.createdAt, `${webBase}${link.id}.${secret}`);
}

export async function listOrganisationImpactLinks(
  deps: Deps,
  actor: Actor,
  orgId: string,
): Promise<{ items: ImpactLinkView[] }> {
  await memberOrg(deps, actor, orgId);
  const now = deps.clock().toISOString();
  return { items: (await listImpactLinks(deps.store, orgId)).map((l) => view(l, now)) };
}

export async function revokeOrganisationImpactLink(
  deps: Deps,
  actor: Actor,
  orgId: string,
  linkId: string,
): Promise<ImpactLinkView> {
  await memberOrg(deps, actor, orgId);
  const now = deps.clock().toISOString();
  const revoked = await revokeImpactLink(deps.store, orgId, linkId, now);
  if (!revoked) throw new NotFoundError('link', linkId);
  return view(revoked, now);
}

/** The profile a link opens, or undefined when the link is unknown, expired or revoked. */
export async function openImpactLink(deps: Deps, token: string): Promise<ImpactProfileView | undefined> {
  const [id, secret] = token.split('.');
  if (!id || !secret) return undefined;
  const link = await getImpactLink(deps.store, id);
  if (!link || link.revokedAt || link.validUntil <= deps.clock().toISOString()) return undefined;
  const given = hashOf(secret);
  const kept = Buffer.from(link.secretHash, 'hex');
  if (kept.length !== given.length || !timingSafeEqual(kept, given)) return undefined;
  const org = await deps.store.getOrganisation(link.organisationId);
  return org ? impactProfile(deps, org) : undefined;
}
