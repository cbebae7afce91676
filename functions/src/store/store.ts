/**
 * The store: every read and write of Passerelle, over one DynamoDB table, as typed methods.
 * Reads are GetItem, Query or BatchGetItem; never a Scan (but for the offline tools, scan.ts). Every state
 * change and its audit entry are one TransactWriteItems, conditioned on the record's version.
 *
 * Each item type lays out its keys in its own module (cities.ts, users.ts, records.ts, notifications.ts …);
 * the generic reads and writes (table-io.ts) are private to store/. Each read says how consistent it is:
 * a strongly consistent read costs twice, so it is chosen only where a stale answer would be wrong.
 */
import type { Grant } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import type { Partnership } from '#domain/partnership';
import type { AuditEntry, CitySettings, Organisation, User } from '#domain/types';
import { AUDIT_RANGE, AUDIT_SK_PREFIX } from './audit-entries.ts';
import { type AndCity, CITIES_KEY, cityItem, cityPk, readWithCity, type WithCity } from './cities.ts';
import { directoryWritten } from './directory-writes.ts';
import { type DynamoClient, TransactionCanceledException } from './dynamo-client.ts';
import {
  AlreadyExistsError,
  CheckFailedError,
  IdempotencyRaceError,
  VersionConflictError,
} from './errors.ts';
import { byFunderState, GRANT_LINK_PREFIX, linkedRecords, milestoneLinkRange } from './funder-links.ts';
import {
  type IdempotencyClaim,
  type IdempotencyRecord,
  idempotencyFromItem,
  idempotencyKey,
} from './idempotency.ts';
import { type JobRun, jobRunItem } from './job-runs.ts';
import { HIGH, RECORD_SK, type RecordType, stripStorage } from './keys.ts';
import { mailFromItem, mailKey, OUTBOX_PENDING, type OutboxMail, sentMailItem } from './mail-outbox.ts';
import { noticeKey } from './notices.ts';
import {
  NOTIFICATION_SK_PREFIX,
  type Notification,
  notificationFromItem,
  readNotificationItem,
  retryingCounterConflicts,
  unreadKey,
} from './notifications.ts';
import { type AuditHead, auditHeadOf, organisationItem, orgKey, orgPk, orgsOfCity } from './organisations.ts';
import {
  byCity,
  byCityState,
  byOrganisation,
  byParent,
  dueRange,
  ORGANISATION_RECORDS_RANGE,
  organisationTypeRange,
  recordFromItem,
  recordKey,
  recordPk,
  storedFromItem,
} from './records.ts';
import {
  type KeptSummary,
  registerSummaryFromItem,
  registerSummaryItem,
  registerSummaryKey,
  type SummaryFilters,
} from './register-summary.ts';
import { newRosterItem, type RosterOwner, rosterUpdates } from './rosters.ts';
import { type StoredStanding, standingFromItem, standingKey } from './standing.ts';
import {
  bindIO,
  type Consistency,
  type Item,
  MUST_NOT_EXIST,
  matches,
  type Page,
  rethrow,
  TableIO,
  type Where,
} from './table-io.ts';
import { transactPuts } from './transact.ts';
import { buildTransaction, CHECK_FUNDER, CHECK_PARTY, TALLY_OWNER, type Write } from './transaction.ts';
import { asUserRecord, userItem, userWrite } from './users.ts';
import { emailKey, userPk, usersOfCity, usersOfOrganisation } from './users-keys.ts';

export { CheckFailedError, IdempotencyRaceError } from './errors.ts';
export type { IdempotencyClaim, IdempotencyRecord } from './idempotency.ts';
export type { Notification } from './notifications.ts';
export type { StandingChange, StoredStanding } from './standing.ts';
export type { Consistency, Page, Where } from './table-io.ts';
export type { Write } from './transaction.ts';

export interface ListOptions {
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
  readonly state?: string | undefined;
  /** Grants only: the track (fast or standard). */
  readonly track?: string | undefined;
}

/** A record as stored: the record and the hash that ends its audit chain. */
export interface Stored<T> {
  readonly record: T;
  readonly auditHash: string;
}

/** An organisation's workflow records, by kind (fast-track eligibility, the CSO's queue). */
export interface OrganisationRecords {
  readonly grants: Grant[];
  readonly partnerships: Partnership[];
  readonly milestones: Milestone[];
}

export class Store {
  readonly #io: TableIO;

  constructor(
    readonly db: DynamoClient,
    readonly tableName: string,
  ) {
    this.#io = new TableIO(db, tableName);
    bindIO(this, this.#io);
  }

  // ------------------------------------------------------------------ cities, users, organisations

  /** Eventual: a city's settings change rarely, by an administrator. */
  async getCity(cityId: string): Promise<CitySettings | undefined> {
    return this.#get<CitySettings>(cityPk(cityId), RECORD_SK, 'eventual');
  }

  async listCities(): Promise<CitySettings[]> {
    return this.#index<CitySettings>('GSI3', CITIES_KEY);
  }

  /** A new city comes with its staff roster, complete (rosters.ts); an existing one is overwritten. */
  async putCity(city: CitySettings): Promise<void> {
    if (!(await this.#createWithRoster(cityItem(city), { kind: 'city', id: city.id })))
      await this.#io.put(cityItem(city));
  }

  /** Eventual: a user's roles and profile are read on every request; changes take effect a moment later. */
  async getUser(userId: string): Promise<User | undefined> {
    return this.#get<User>(userPk(userId), RECORD_SK, 'eventual');
  }

  async findUserByEmail(email: string): Promise<User | undefined> {
    return (await this.#index<User>('GSI1', emailKey(email)))[0];
  }

  /**
   * A user is indexed by e-mail (sign-in), by city and by organisation (who to notify), and is on the
   * rosters of who hears of events (rosters.ts): the user and the rosters they were or are on, in one
   * transaction, after reading what the user was. For the demo data, the tests and the bench; the
   * directory's own writes are users.ts's.
   */
  async putUser(user: User): Promise<void> {
    const before = await this.#io.get(userPk(user.id), RECORD_SK, 'strong');
    const previous = before?.entity === 'user' ? asUserRecord(before) : undefined;
    await transactPuts(
      this,
      [{ Item: userItem(user) }],
      () => undefined,
      rosterUpdates(this.tableName, previous, user),
      (i) => i >= 1,
    );
    directoryWritten(this, userWrite(user));
  }

  async listUsersOfCity(cityId: string): Promise<User[]> {
    return this.#index<User>('GSI3', usersOfCity(cityId));
  }

  async listUsersOfOrganisation(orgId: string): Promise<User[]> {
    return this.#index<User>('GSI4', usersOfOrganisation(orgId));
  }

  /**
   * Eventual: a profile is shown; its writes are conditioned on its version, which catches a stale read.
   * Strong where a check in a transaction failed on what it holds and the caller reads it to try again.
   */
  async getOrganisation(
    id: string,
    consistency: Consistency = 'eventual',
  ): Promise<Organisation | undefined> {
    return this.#get<Organisation>(orgPk(id), RECORD_SK, consistency);
  }

  /**
   * An organisation to edit, the head of its audit trail (undefined: read the trail) and its standing, in
   * one BatchGetItem. Eventual, as getOrganisation: the write is conditioned on the version, and the head
   * is on the same item as the version.
   */
  async getOrganisationToEdit(
    id: string,
  ): Promise<{ org: Organisation; head: AuditHead | undefined; standing: StoredStanding } | undefined> {
    const items = await this.#io.batchGetNamed({ org: orgKey(id), standing: standingKey(id) }, 'eventual');
    if (!items.org) return undefined;
    return {
      org: stripStorage<Organisation>(items.org),
      head: auditHeadOf(items.org),
      standing: standingFromItem(items.standing),
    };
  }

  /** Eventual: names and kinds of organisations, for lists. */
  async getOrganisations(ids: readonly string[]): Promise<Organisation[]> {
    const items = await this.#io.batchGet(ids.map(orgKey), 'eventual');
    return items.map((i) => stripStorage<Organisation>(i));
  }

  /** An organisation's audit trail (profile changes), oldest first; its other items are not read. Eventual. */
  async organisationAudit(id: string): Promise<AuditEntry[]> {
    const items = await this.#io.queryAll({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
      values: { ':pk': orgPk(id), ':lo': AUDIT_RANGE.lo, ':hi': AUDIT_RANGE.hi },
    });
    return items.map((i) => stripStorage<AuditEntry>(i));
  }

  /**
   * Without `expectedVersion`, a new organisation comes with its roster, complete (rosters.ts), and an
   * existing one is overwritten.
   */
  async putOrganisation(org: Organisation, expectedVersion?: number): Promise<void> {
    const written =
      expectedVersion === undefined
        ? (await this.#createWithRoster(organisationItem(org), { kind: 'organisation', id: org.id })) ||
          (await this.#io.put(organisationItem(org)))
        : await this.#io.put(organisationItem(org), {
            expression: '#v = :v',
            names: { '#v': 'version' },
            values: { ':v': expectedVersion },
          });
    if (!written) throw new VersionConflictError('organisation', org.id);
    directoryWritten(this, { kind: 'organisation', organisationId: org.id });
  }

  async listOrganisationsOfCity(cityId: string, kind: 'cso' | 'funder'): Promise<Organisation[]> {
    return this.#index<Organisation>('GSI3', orgsOfCity(cityId, kind));
  }

  /**
   * The owner's item and its roster, complete, both only if neither exists: false when either does (an
   * owner written again, or a roster begun by users written before their owner, which stays incomplete).
   */
  async #createWithRoster(item: Item, owner: RosterOwner): Promise<boolean> {
    try {
      await transactPuts(
        this,
        [
          { Item: item, ConditionExpression: MUST_NOT_EXIST.expression },
          { Item: newRosterItem(owner), ConditionExpression: MUST_NOT_EXIST.expression },
        ],
        (codes) => (codes.includes('ConditionalCheckFailed') ? new AlreadyExistsError(owner.id) : undefined),
      );
      return true;
    } catch (e) {
      if (e instanceof AlreadyExistsError) return false;
      throw e;
    }
  }

  // ------------------------------------------------------------------ workflow records

  /**
   * Strong: the record is read to be changed (or its ETag given out); a stale version would make the
   * conditional write fail, or an If-Match the client just received fail.
   */
  async getRecord<T>(
    type: RecordType,
    id: string,
    opts: WithCity = {},
  ): Promise<(Stored<T> & AndCity) | undefined> {
    const { items, city } = await readWithCity(
      this.#io,
      { record: recordKey(type, id) },
      'strong',
      opts.withCity,
    );
    const stored = storedFromItem<T>(type, items.record);
    return stored && { ...stored, city };
  }

  /** `strong` where a count decides a rule (the open fast-track grants of a CSO), else eventual. */
  async getRecords<T>(
    type: RecordType,
    ids: readonly string[],
    consistency: Consistency = 'eventual',
  ): Promise<T[]> {
    const items = await this.#io.batchGet(
      ids.map((id) => recordKey(type, id)),
      consistency,
    );
    return items.map((i) => stripStorage<T>(i));
  }

  /**
   * Strong: the standing's seq is the condition of a fast-track submission's transaction, and its members
   * decide rules (a stale read would let a second open grant through, or refuse a good one).
   */
  async getStanding(orgId: string): Promise<StoredStanding> {
    const { PK, SK } = standingKey(orgId);
    return standingFromItem(await this.#io.get(PK, SK, 'strong'));
  }

  /**
   * A record and its organisation's standing in one BatchGetItem (strong, as getRecord and getStanding):
   * an event that needs both reads once. `orgId` is who the caller expects to own the record; the
   * standing returned is of the record's organisation only when it is that one (else undefined).
   */
  async getRecordWithStanding<T extends { organisationId: string }>(
    type: RecordType,
    id: string,
    orgId: string,
    opts: WithCity = {},
  ): Promise<(Stored<T> & AndCity & { standing: StoredStanding | undefined }) | undefined> {
    const { items, city } = await readWithCity(
      this.#io,
      { record: recordKey(type, id), standing: standingKey(orgId) },
      'strong',
      opts.withCity,
    );
    const stored = storedFromItem<T>(type, items.record);
    if (!stored) return undefined;
    const own = stored.record.organisationId === orgId;
    return { ...stored, city, standing: own ? standingFromItem(items.standing) : undefined };
  }

  /** A record's records of one kind: an organisation's grants, partnerships or milestones. */
  async listByOrganisation<T>(
    type: RecordType,
    orgId: string,
    opts: ListOptions & { dueBefore?: string | undefined } = {},
  ): Promise<Page<T>> {
    const range = organisationTypeRange(type, opts.dueBefore);
    return this.#io.page<T>(
      {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi',
        values: { ':pk': byOrganisation(orgId), ':lo': range.lo, ':hi': range.hi },
        where: { state: opts.state, track: opts.track },
      },
      opts,
    );
  }

  /**
   * A city's records of one kind, by state in deadline order, or all of them by creation.
   * `after`: only those whose index sort key is after it (the queue resumes several lists this way).
   */
  async listByCity<T>(
    type: RecordType,
    cityId: string,
    opts: ListOptions & { dueBefore?: string | undefined; after?: string | undefined; where?: Where } = {},
  ): Promise<Page<T>> {
    if (opts.dueBefore && opts.after) throw new Error('listByCity: dueBefore and after do not combine');
    const range = opts.dueBefore
      ? { cond: ' AND #sk <= :hi', bound: { ':hi': `${opts.dueBefore}#${HIGH}` } }
      : opts.after
        ? { cond: ' AND #sk > :lo', bound: { ':lo': opts.after } }
        : { cond: '', bound: undefined };
    const where = { ...opts.where, track: opts.track };
    const [index, pk] = opts.state
      ? (['GSI2', byCityState(cityId, type, opts.state)] as const)
      : (['GSI3', byCity(cityId, type)] as const);
    return this.#io.page<T>(
      {
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk${range.cond}`,
        names: range.bound ? { '#sk': `${index}SK` } : undefined,
        values: { ':pk': pk, ...range.bound },
        where,
      },
      opts,
    );
  }

  /**
   * The records of a city in one state whose date key (GSI2SK: due date, decision deadline or term end)
   * lies in [from, to], in that order; `to` may be HIGH (no upper date). For the daily job: one Query.
   */
  async listDue<T>(
    cityId: string,
    type: RecordType,
    state: string,
    from: string | undefined,
    to: string,
  ): Promise<T[]> {
    const range = dueRange(from, to);
    const items = await this.#io.queryAll({
      IndexName: 'GSI2',
      KeyConditionExpression:
        range.lo !== undefined
          ? 'GSI2PK = :pk AND GSI2SK BETWEEN :lo AND :hi'
          : 'GSI2PK = :pk AND GSI2SK <= :hi',
      values: {
        ':pk': byCityState(cityId, type, state),
        ':hi': range.hi,
        ...(range.lo !== undefined ? { ':lo': range.lo } : {}),
      },
    });
    return items.map((i) => stripStorage<T>(i));
  }

  /** Everything an organisation has, in one Query: for fast-track eligibility and the CSO's queue. */
  async organisationRecords(orgId: string): Promise<OrganisationRecords> {
    const items = await this.#io.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi',
      values: {
        ':pk': byOrganisation(orgId),
        ':lo': ORGANISATION_RECORDS_RANGE.lo,
        ':hi': ORGANISATION_RECORDS_RANGE.hi,
      },
    });
    const of = <T>(entity: RecordType): T[] =>
      items.filter((i) => i.entity === entity).map((i) => stripStorage<T>(i));
    return {
      grants: of<Grant>('grant'),
      partnerships: of<Partnership>('partnership'),
      milestones: of<Milestone>('milestone'),
    };
  }

  async listMilestonesOf<T>(parentType: 'grant' | 'partnership', parentId: string): Promise<T[]> {
    return this.#index<T>('GSI4', byParent(parentType, parentId));
  }

  /**
   * The grants a funder (co-)funds: Queries of its links, BatchGets of the grants, filtered before they
   * are counted, so that a page is full unless it is the last.
   */
  async listFunderGrants<T extends { state: string }>(
    funderId: string,
    opts: ListOptions = {},
  ): Promise<Page<T>> {
    return this.#io.collect<T>(
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        values: { ':pk': orgPk(funderId), ':p': GRANT_LINK_PREFIX },
      },
      opts,
      'base',
      (links) => this.#followed<T>(links, 'grantId', 'grant', { state: opts.state, track: opts.track }),
    );
  }

  /**
   * The milestones of the grants a funder funds, by due date.
   * `after`: in one state, only those whose link sorts after it (`<dueDate>#<id>`).
   */
  async listFunderMilestones<T extends { state: string }>(
    funderId: string,
    opts: ListOptions & { dueBefore?: string | undefined; after?: string | undefined } = {},
  ): Promise<Page<T>> {
    const follow = (links: Item[]) =>
      this.#followed<T>(links, 'milestoneId', 'milestone', { state: opts.state });
    // In one state: the links of that state (GSI2), however long the funder's history; else all links.
    if (opts.state) {
      const upper = `${opts.dueBefore ?? ''}${HIGH}`;
      // strictly after `after`: from the smallest string that sorts after it
      const lower = opts.after === undefined ? undefined : `${opts.after}\u0000`;
      if (lower !== undefined && lower > upper) return { items: [], nextCursor: null };
      return this.#io.collect<T>(
        {
          IndexName: 'GSI2',
          KeyConditionExpression: `GSI2PK = :pk AND ${lower === undefined ? 'GSI2SK <= :hi' : 'GSI2SK BETWEEN :lo AND :hi'}`,
          values: {
            ':pk': byFunderState(funderId, opts.state),
            ':hi': upper,
            ...(lower === undefined ? {} : { ':lo': lower }),
          },
        },
        opts,
        'index',
        follow,
      );
    }
    const range = milestoneLinkRange(opts.dueBefore);
    return this.#io.collect<T>(
      {
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
        values: { ':pk': orgPk(funderId), ':lo': range.lo, ':hi': range.hi },
      },
      opts,
      'base',
      follow,
    );
  }

  /**
   * The records that links point to, in the links' order, those matching `where` only: the copy each link
   * carries; links written before they carried one are followed (BatchGetItem, eventual).
   */
  async #followed<T>(
    links: readonly Item[],
    idAttr: 'grantId' | 'milestoneId',
    type: RecordType,
    where: Where,
  ): Promise<{ source: Item; item: T }[]> {
    const byId = await linkedRecords(this.#io, links, idAttr, type);
    const out: { source: Item; item: T }[] = [];
    for (const link of links) {
      const record = byId.get(String(link[idAttr]));
      if (record && matches(record, where)) out.push({ source: link, item: record as T });
    }
    return out;
  }

  /** A record and its audit trail, which share a partition: one Query (R sorts after every A#). Eventual. */
  async recordWithAudit<T>(
    type: RecordType,
    id: string,
  ): Promise<{ record: T | undefined; entries: AuditEntry[] }> {
    const items = await this.#io.queryAll({
      KeyConditionExpression: 'PK = :pk',
      values: { ':pk': recordPk(type, id) },
    });
    const record = items.map((i) => recordFromItem<T>(type, i)).find((r) => r !== undefined);
    return {
      record,
      entries: items
        .filter((i) => String(i.SK).startsWith(AUDIT_SK_PREFIX))
        .map((i) => stripStorage<AuditEntry>(i)),
    };
  }

  /**
   * Applies writes atomically: each created record with its first audit entry, each updated record
   * conditioned on its version with its next audit entry (transaction.ts builds them, one builder per
   * kind). Returns the audit entries written. With an idempotency claim, the claim is part of the same
   * transaction, so a create happens once. More than 100 items: TransactionTooLargeError, nothing sent.
   */
  async commit(writes: readonly Write[], claim?: IdempotencyClaim): Promise<AuditEntry[]> {
    const { parts, entries } = buildTransaction(this.tableName, writes, claim);
    try {
      await retryingCounterConflicts(
        () => this.db.send('TransactWriteItems', { TransactItems: parts.map((p) => p.item) }),
        // A member of a grant's tally is an attribute of its own set by its milestone's write (whose
        // version guards it): two reports of one grant at once conflict only there, and commute too.
        (i) => parts[i]?.owner.type === 'unread' || parts[i]?.owner.type === TALLY_OWNER,
      );
    } catch (e) {
      if (e instanceof TransactionCanceledException) {
        const owners = parts.map((p) => p.owner);
        const reasons = e.CancellationReasons ?? [];
        const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (failed >= 0) {
          const owner = owners[failed];
          if (owner?.type === 'idempotency') throw new IdempotencyRaceError();
          if (owner?.type === CHECK_FUNDER) throw new CheckFailedError('funder', owner.id);
          if (owner?.type === CHECK_PARTY) throw new CheckFailedError('party', owner.id);
          throw new VersionConflictError(owner?.type ?? 'record', owner?.id ?? '');
        }
        const conflict = reasons.findIndex((r) => r.Code === 'TransactionConflict');
        if (conflict >= 0) {
          // Another transaction held one of these items. On the Idempotency-Key's item, that is a retry
          // of the same create still in flight: the caller replays its answer, or asks to retry.
          if (owners[conflict]?.type === 'idempotency') throw new IdempotencyRaceError();
          const owner = owners[conflict] ?? owners[0];
          throw new VersionConflictError(owner?.type ?? 'record', owner?.id ?? '');
        }
      }
      rethrow(e);
    }
    for (const w of writes)
      if (w.kind === 'organisation')
        directoryWritten(this, { kind: 'organisation', organisationId: w.record.id });
    return entries;
  }

  /**
   * An Idempotency-Key's record with its expiry (epoch seconds), which TTL deletion may not have met yet.
   * Strong: a retry right after the first request must find its answer, not run it again.
   */
  async getIdempotency(
    userId: string,
    key: string,
  ): Promise<(IdempotencyRecord & { readonly expiresAt: number }) | undefined> {
    const { PK, SK } = idempotencyKey(userId, key);
    return idempotencyFromItem(await this.#io.get(PK, SK, 'strong'));
  }

  // ------------------------------------------------------------------ notices, notifications, mail

  /**
   * Whether a notice's marker exists for this person. Strong: a run that just delivered it must not try
   * again (the marker's condition would refuse it, at the cost of a cancelled transaction).
   */
  async hasNotice(key: string, userId: string): Promise<boolean> {
    const { PK, SK } = noticeKey(key, userId);
    return (await this.#io.get(PK, SK, 'strong')) !== undefined;
  }

  /** When a notice's marker was written for this person, if it was (strong, as hasNotice). */
  async noticeAt(key: string, userId: string): Promise<string | undefined> {
    const { PK, SK } = noticeKey(key, userId);
    const at = (await this.#io.get(PK, SK, 'strong'))?.at;
    return typeof at === 'string' ? at : undefined;
  }

  /** A user's notifications, newest first, one page. Eventual: a notification arriving a moment late is fine. */
  async listNotifications(userId: string, opts: { cursor?: string | undefined; limit?: number | undefined }) {
    const page = await this.#io.page<Item>(
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        values: { ':pk': userPk(userId), ':p': NOTIFICATION_SK_PREFIX },
      },
      opts,
      'base',
    );
    return { items: page.items.map(notificationFromItem), nextCursor: page.nextCursor } as Page<Notification>;
  }

  /** A user's unread notifications (GSI4, a sparse index: always eventual). */
  async unreadNotifications(userId: string): Promise<Notification[]> {
    const items = await this.#io.queryAll({
      IndexName: 'GSI4',
      KeyConditionExpression: 'GSI4PK = :pk',
      values: { ':pk': unreadKey(userId) },
    });
    return items.map(notificationFromItem);
  }

  /** Rewrites notifications as read (out of the unread index), 25 to a BatchWriteItem. */
  async markNotificationsRead(ns: readonly Notification[], readAt: string): Promise<void> {
    await this.#io.putAll(ns.map((n) => readNotificationItem(n, readAt)));
  }

  /** The ids of the pending mails, oldest first (GSI3 `OUTBOX#PENDING`, a sparse index: eventual). */
  async pendingMailIds(): Promise<string[]> {
    const items = await this.#io.queryAll({
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk',
      values: { ':pk': OUTBOX_PENDING },
    });
    return items.map((i) => String(i.id));
  }

  /**
   * A mail of the outbox, unless it was sent. Strong: the index lags behind the table, and a mail sent a
   * moment ago must not go out twice.
   */
  async pendingMail<M extends OutboxMail>(id: string): Promise<M | undefined> {
    const { PK, SK } = mailKey(id);
    const item = await this.#io.get(PK, SK, 'strong');
    if (!item) return undefined;
    const { mail, sent } = mailFromItem<M>(item);
    return sent ? undefined : mail;
  }

  /** Records a mail as sent: out of the outbox, removed by TTL after a while. */
  async markMailSent(mail: OutboxMail, sentAt: string): Promise<void> {
    await this.#io.put(sentMailItem(mail, sentAt));
  }

  // ------------------------------------------------------------------ jobs, the register's cache

  async putJobRun(run: JobRun): Promise<void> {
    await this.#io.put(jobRunItem(run));
  }

  /** A kept register summary. Eventual: it is a cache, minutes old by design. */
  async getRegisterSummary<S, K>(
    cityId: string,
    filters: SummaryFilters,
  ): Promise<KeptSummary<S, K> | undefined> {
    const { PK, SK } = registerSummaryKey(cityId, filters);
    return registerSummaryFromItem<S, K>(await this.#io.get(PK, SK, 'eventual'));
  }

  async putRegisterSummary<S, K>(
    cityId: string,
    filters: SummaryFilters,
    kept: KeptSummary<S, K>,
  ): Promise<void> {
    await this.#io.put(registerSummaryItem(cityId, filters, kept));
  }

  // ------------------------------------------------------------------ helpers

  async #get<T>(pk: string, sk: string, consistency: Consistency): Promise<T | undefined> {
    const item = await this.#io.get(pk, sk, consistency);
    return item ? stripStorage<T>(item) : undefined;
  }

  /** Every item under one index key (an index is always eventually consistent). */
  async #index<T>(index: 'GSI1' | 'GSI3' | 'GSI4', pk: string): Promise<T[]> {
    const items = await this.#io.queryAll({
      IndexName: index,
      KeyConditionExpression: `${index}PK = :pk`,
      values: { ':pk': pk },
    });
    return items.map((i) => stripStorage<T>(i));
  }
}
