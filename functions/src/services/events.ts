/**
 * One pipeline for every workflow event of a grant, a partnership or a milestone: load the record the
 * actor may see (If-Match checked), then write the new version with its audit entry, whatever else the
 * event writes, and the notices of the hand-over, in one transaction. Each workflow says only what
 * changes and whom it tells; an event never commits without its notices.
 *
 * Notices: one per event and recipient. The marker of a notice is keyed by the record and the version
 * the event made, so the same event can never notify twice; a retry with the same Idempotency-Key
 * replays the first answer and writes nothing. Each recipient gets an in-app notification and, unless
 * they read their mail as a daily digest, a mail in their language with a link to the record.
 *
 * A transaction holds at most 100 items: the event's own writes come first, then as many notices as fit
 * (2 to 4 items each). Those that do not fit (a city with dozens of officers) are delivered right after
 * the commit, each in its own transaction with the same marker, so a retry of the job or request never
 * sends them twice; only a crash between the two steps can leave them undelivered.
 */
import type { Actor, CitySettings, EntityType, User } from '#domain/types';
import type { ActingRole } from '#domain/workflow';
import type { EventNotice } from '#jobs/event-notices';
import { eventNotices, notify } from '#jobs/on-demand';
import { VersionConflictError } from '#store/errors';
import type { RecordType } from '#store/keys';
import type { Stored, StoredStanding, Write } from '#store/store';
import { itemCount, MAX_TRANSACTION_ITEMS, type WorkflowItem } from '#store/transaction';
import { accessTo, withActorsCity } from './access.ts';
import { auditDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { Hearing } from './directory-cache.ts';
import { type Created, type IdempotencyInput, idempotentCreate } from './idempotency.ts';
import { checkIfMatch, withVersionRace } from './if-match.ts';
import { type ReadStanding, readStanding, standingChanges, standingWrite } from './standing.ts';

/** Who hears of an event: the city's officers, the mayor's office, the organisation's members, or the funders of the record. */
export type Audience = 'officers' | 'mayor_office' | 'members' | 'funders';

/** One notice of an event and the audiences it goes to; someone in two audiences gets the first only. */
export interface Tell {
  readonly to: readonly Audience[];
  readonly notice: EventNotice;
}

/** Why a record was last sent back, shown at the top of the record and of its form. */
export interface LastRequest {
  readonly by: string;
  readonly at: string;
  readonly comment: string;
}

type EventType = 'grant' | 'partnership' | 'milestone';
type Recorded = WorkflowItem & {
  readonly funderIds?: readonly string[] | undefined;
  readonly lastRequest?: LastRequest | undefined;
};

/** The events that send a record back, whose reason the record carries as `lastRequest`. */
const SEND_BACK: readonly string[] = ['request_changes', 'request_revision', 'reject'];

export interface Loaded<R> {
  readonly record: R;
  readonly roles: ActingRole[];
  readonly auditHash: string;
  readonly city: CitySettings;
}

/** The record an event is sent to, as the actor may see it, at the version the client last saw. */
export async function loadForEvent<R extends Recorded>(
  deps: Deps,
  type: RecordType,
  id: string,
  actor: Actor,
  ifMatch?: string,
): Promise<Loaded<R>> {
  return loadedFrom<R, Stored<R>>(
    deps,
    { type, id },
    actor,
    await withActorsCity(deps, actor, (opts) => deps.store.getRecord<R>(type, id, opts)),
    ifMatch,
  );
}

/**
 * A record read by the caller's own means (with what else it read in the same call), loaded for an event
 * as every event's record is: a plain 404 unless the actor may see it, If-Match checked, its city's settings.
 */
export async function loadedFrom<R extends Recorded, S extends Stored<R>>(
  deps: Deps,
  to: { readonly type: RecordType; readonly id: string },
  actor: Actor,
  stored: S | undefined,
  ifMatch?: string,
): Promise<S & Loaded<R>> {
  const access = accessTo(to.type, to.id, actor, stored);
  checkIfMatch(ifMatch, access.record.version);
  return { ...access, city: await deps.cities.get(access.record.cityId) };
}

/** An event sent to a loaded record: by whom, at the version the client saw, and the claim of its retry. */
export interface Sent<R, E> extends Loaded<R> {
  readonly actor: Actor;
  readonly event: E;
  readonly ifMatch?: string | undefined;
  readonly claim?: EventClaim | undefined;
  /** The organisation's standing, read with the record for an event whose rules need it (a submission). */
  readonly standing?: ReadStanding | undefined;
}

/**
 * An event a client sends to a record by its id: loaded as the actor may see it (with its organisation's
 * standing when `needsStanding` says the event reads it), then applied by `apply`.
 */
export function sendEvent<R extends Recorded, E, V>(
  deps: Deps,
  actor: Actor,
  to: { readonly type: RecordType; readonly id: string },
  event: E,
  ifMatch: string | undefined,
  idem: IdempotencyInput | undefined,
  apply: (deps: Deps, sent: Sent<R, E>) => Promise<V>,
  needsStanding: (event: E) => boolean = () => false,
): Promise<Created<V>> {
  return idempotentEvent(deps, actor, idem, async (claim) => {
    const loaded = needsStanding(event)
      ? await loadWithStanding<R>(deps, to.type, to.id, actor, ifMatch)
      : await loadForEvent<R>(deps, to.type, to.id, actor, ifMatch);
    return apply(deps, { ...loaded, actor, event, ifMatch, claim });
  });
}

/**
 * The record and its organisation's standing, for an event whose rules read the standing (a submission):
 * one BatchGetItem when the actor acts for the record's organisation, as a submitter does.
 */
export async function loadWithStanding<R extends Recorded>(
  deps: Deps,
  type: RecordType,
  id: string,
  actor: Actor,
  ifMatch?: string,
): Promise<Loaded<R> & { readonly standing: ReadStanding }> {
  let stored: Stored<R> | undefined;
  let read: StoredStanding | undefined;
  if (actor.organisationId) {
    const orgId = actor.organisationId;
    const both = await withActorsCity(deps, actor, (opts) =>
      deps.store.getRecordWithStanding<R>(type, id, orgId, opts),
    );
    stored = both;
    read = both?.standing;
  } else stored = await withActorsCity(deps, actor, (opts) => deps.store.getRecord<R>(type, id, opts));
  const { record, roles, auditHash } = accessTo(type, id, actor, stored);
  checkIfMatch(ifMatch, record.version);
  const city = await deps.cities.get(record.cityId);
  return {
    record,
    roles,
    auditHash,
    city,
    standing: await readStanding(deps.store, record.organisationId, read),
  };
}

/** An event a client may retry: with an Idempotency-Key, a retry answers what the first one did. */
export function idempotentEvent<V>(
  deps: Deps,
  actor: Actor,
  idem: IdempotencyInput | undefined,
  send: (claim?: EventClaim) => Promise<V>,
): Promise<Created<V>> {
  return idempotentCreate(deps, actor, idem, send, 200);
}

export type EventClaim = Parameters<Parameters<typeof idempotentCreate>[3]>[0];

export interface EventCommit<R extends Recorded> {
  readonly type: EventType;
  readonly record: R;
  readonly next: R;
  readonly auditHash: string;
  readonly actor: Actor;
  readonly role: ActingRole;
  readonly event: { readonly type: string; readonly comment?: string | undefined };
  readonly from: string;
  readonly to: string;
  readonly now: string;
  readonly conflictDeclared?: boolean | undefined;
  readonly data?: Record<string, unknown> | undefined;
  /** What else the event writes in the same transaction (milestones, links, the agreement, …). */
  readonly writes?: readonly Write[] | undefined;
  readonly tell?: readonly Tell[] | undefined;
  readonly ifMatch?: string | undefined;
  readonly claim?: EventClaim | undefined;
  /** The organisation's standing as the event read it: a rebuilt one is written back whole. */
  readonly standing?: ReadStanding | undefined;
  /** Write the standing only if nobody changed it since it was read (the rules it decided still hold). */
  readonly guardStanding?: boolean | undefined;
}

/**
 * Writes the event: the record's next version (with `lastRequest` when it sends the record back), its
 * audit entry, the other writes and the notices; answers `present(next)`, stored with the claim.
 */
export async function commitEvent<R extends Recorded, V>(
  deps: Deps,
  e: EventCommit<R>,
  present: (next: R) => V,
): Promise<V> {
  const next: R =
    SEND_BACK.includes(e.event.type) && e.event.comment
      ? { ...e.next, lastRequest: { by: e.actor.userId, at: e.now, comment: e.event.comment } }
      : e.next;
  const writes: Write[] = [
    {
      kind: 'update',
      type: e.type,
      record: next,
      previous: e.record,
      expectedVersion: e.record.version,
      prevHash: e.auditHash,
      audit: auditDraft({
        entityType: e.type satisfies EntityType,
        entityId: e.record.id,
        event: e.event.type,
        from: e.from,
        to: e.to,
        actor: e.actor,
        role: e.role,
        at: e.now,
        comment: e.event.comment,
        conflictDeclared: e.conflictDeclared,
        data: e.data,
      }),
    },
    ...(e.writes ?? []),
  ];
  // The organisation's standing moves in the same transaction as the record that moves it.
  const standing = standingWrite(
    e.record.organisationId,
    standingChanges(e.type, e.record, next),
    e.standing,
    e.guardStanding,
  );
  if (standing) writes.push(standing);
  const view = present(next);
  // The notices go to the audiences as read (or kept) by this process; the transaction checks that their
  // rosters did not change since, and is built again from a fresh read if another instance changed one.
  const hearing = new Hearing(deps.store);
  let later: Extract<Write, { kind: 'notice' }>[] = [];
  await withVersionRace(e.ifMatch, async () => {
    for (let attempt = 1; ; attempt++) {
      const notices = await noticeWrites(deps, hearing, e.type, next, e.actor, e.tell ?? [], e.now);
      const checks = hearing.checks();
      const split = splitNotices([...writes, ...checks], notices, e.claim ? 1 : 0);
      later = split.later;
      try {
        await deps.store.commit([...writes, ...checks, ...split.now], e.claim && { ...e.claim, body: view });
        return;
      } catch (err) {
        if (!hearing.again(err, attempt)) throw err;
      }
    }
  });
  for (const w of later) {
    try {
      await deps.store.commit([w]);
    } catch (err) {
      if (!(err instanceof VersionConflictError && err.entity === 'notice')) throw err;
    }
  }
  return view;
}

/** The notices that fit in the transaction beside `writes` (and `reserved` items), and those sent after it. */
function splitNotices(
  writes: readonly Write[],
  notices: readonly Extract<Write, { kind: 'notice' }>[],
  reserved: number,
): { now: Write[]; later: Extract<Write, { kind: 'notice' }>[] } {
  let room = MAX_TRANSACTION_ITEMS - writes.reduce((n, w) => n + itemCount(w), 0) - reserved;
  const now: Write[] = [];
  const later: Extract<Write, { kind: 'notice' }>[] = [];
  for (const w of notices) {
    const size = itemCount(w);
    if (size <= room) {
      now.push(w);
      room -= size;
    } else later.push(w);
  }
  return { now, later };
}

const PAGES: Record<EventType, string> = {
  grant: '/grants',
  partnership: '/partnerships',
  milestone: '/milestones',
};

/**
 * The people of one audience of a record, in its city (the person who acted is left out by the caller).
 * Kept per process with their roster's version (directory-cache.ts), so a warm event reads no one.
 */
async function audience(hearing: Hearing, record: Recorded, who: Audience): Promise<User[]> {
  switch (who) {
    case 'officers':
    case 'mayor_office': {
      const role = who === 'officers' ? 'city_officer' : 'mayor_office';
      return (await hearing.users({ kind: 'city', id: record.cityId })).filter((u) => u.roles.includes(role));
    }
    case 'members':
      return (await hearing.users({ kind: 'organisation', id: record.organisationId })).filter(
        (u) => u.roles.includes('cso') && u.cityId === record.cityId,
      );
    case 'funders': {
      const users = await Promise.all(
        (record.funderIds ?? []).map((f) => hearing.users({ kind: 'organisation', id: f })),
      );
      return users.flat().filter((u) => u.roles.includes('funder'));
    }
  }
}

/** The notice writes of an event: for each recipient once, in their language, linked to the record. */
async function noticeWrites(
  deps: Deps,
  hearing: Hearing,
  type: EventType,
  record: Recorded,
  actor: Actor,
  tell: readonly Tell[],
  at: string,
): Promise<Extract<Write, { kind: 'notice' }>[]> {
  if (tell.length === 0) return [];
  const [{ renderEventNotice }, { noticeLanguage, noticeWrite }] = await Promise.all([
    eventNotices(),
    notify(),
  ]);
  const key = `event#${type}#${record.id}#${record.version}`;
  const link = `${PAGES[type]}/${record.id}?from=notice`;
  const seen = new Set<string>([actor.userId]);
  const out: Extract<Write, { kind: 'notice' }>[] = [];
  for (const t of tell) {
    for (const who of t.to) {
      for (const user of await audience(hearing, record, who)) {
        if (seen.has(user.id)) continue;
        seen.add(user.id);
        const language = noticeLanguage(user);
        out.push(
          noticeWrite(user, {
            key,
            kind: t.notice.kind,
            rendered: renderEventNotice(t.notice, language),
            language,
            link,
            baseUrl: deps.publicUrl,
            at,
            mailKind: t.notice.kind,
          }),
        );
      }
    }
  }
  return out;
}
