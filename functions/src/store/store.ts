/**
 * The store: every read and write of Passerelle, over one DynamoDB table.
 * Reads are GetItem, Query or BatchGetItem; never a Scan. Every state change and its audit entry
 * are one TransactWriteItems, conditioned on the record's version.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, CitySettings, Organisation, User } from '#domain/types';
import { type AuditDraft, chainEntry, GENESIS_HASH } from './audit.ts';
import { InvalidCursorError, isUnavailable, StoreUnavailableError, VersionConflictError } from './errors.ts';
import {
  auditSk,
  byCity,
  byCityState,
  byFunderState,
  byParent,
  CITIES_KEY,
  cityPk,
  emailKey,
  FAST_TRACK_SK,
  fundsGrantSk,
  fundsMilestoneSk,
  HIGH,
  idempotencyPk,
  orgPk,
  RECORD_SK,
  type RecordType,
  recordIndexKeys,
  recordPk,
  stripStorage,
  TYPE_KEY,
  userPk,
} from './keys.ts';

type Item = Record<string, unknown>;
type Versioned = { readonly id: string; readonly version: number };
type WorkflowItem = Versioned & {
  readonly cityId: string;
  readonly organisationId: string;
  readonly state: string;
  readonly createdAt: string;
};

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface ListOptions {
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
  readonly state?: string | undefined;
  /** Grants only: the track (fast or standard). */
  readonly track?: string | undefined;
}

/**
 * Conditions on a record's attributes, applied while paging (a FilterExpression): a string is
 * "equals", `true` / `false` is "has / has not the attribute". Undefined values are ignored.
 */
export type Where = Readonly<Record<string, string | boolean | undefined>>;

/** A record as stored: the record and the hash that ends its audit chain. */
export interface Stored<T> {
  readonly record: T;
  readonly auditHash: string;
}

/** One item of a TransactWriteItems call, as the document client takes it. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One write of a transaction. */
export type Write =
  | {
      readonly kind: 'create';
      readonly type: RecordType;
      readonly record: WorkflowItem;
      readonly audit: AuditDraft;
    }
  | {
      readonly kind: 'update';
      readonly type: RecordType;
      readonly record: WorkflowItem;
      readonly expectedVersion: number;
      readonly prevHash: string;
      readonly audit: AuditDraft;
    }
  | {
      readonly kind: 'fundsGrant';
      readonly funderId: string;
      readonly grantId: string;
      readonly createdAt: string;
    }
  | {
      readonly kind: 'fundsMilestone';
      readonly funderId: string;
      readonly milestoneId: string;
      readonly dueDate: string;
      /** The milestone's state, kept on the link by every later write of the milestone (commit). */
      readonly state: string;
    }
  | {
      /** An organisation's profile, conditioned on its version, with the next entry of its audit trail. */
      readonly kind: 'organisation';
      readonly record: Organisation;
      readonly expectedVersion: number;
      /** The seq and hash of the organisation's last audit entry (0 and GENESIS_HASH for the first). */
      readonly lastSeq: number;
      readonly prevHash: string;
      readonly audit: AuditDraft;
    }
  | { readonly kind: 'put'; readonly item: Item; readonly mustNotExist?: boolean }
  | {
      /** A transaction item a per-item module built (e.g. store/documents.ts attachDocumentItem), as is. */
      readonly kind: 'transactItem';
      readonly item: TransactItem;
      /** Named in the VersionConflictError when its condition fails. */
      readonly owner: { readonly type: string; readonly id: string };
    }
  | {
      /** The organisation's fast-track ledger, written only if nobody wrote it since it was read. */
      readonly kind: 'fastTrackLedger';
      readonly orgId: string;
      readonly ledger: FastTrackLedger;
    };

/**
 * Per organisation, the fast-track grants it has submitted that may still be open, and a sequence number.
 * A fast-track submission reads it, counts the open ones with consistent reads, and writes it back in its
 * transaction on condition that the sequence did not move: two simultaneous submissions of one
 * organisation cannot both pass the open-grant limit.
 */
export interface FastTrackLedger {
  readonly seq: number;
  readonly grantIds: readonly string[];
}

export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
}

export interface IdempotencyClaim extends IdempotencyRecord {
  readonly userId: string;
  readonly key: string;
  /** Epoch seconds; DynamoDB's TTL removes the record after it. */
  readonly expiresAt: number;
  /** Epoch seconds, now: an expired record the TTL has not removed yet may be claimed again. */
  readonly claimedAt: number;
}

/**
 * Thrown when a concurrent request with the same Idempotency-Key won the race (or still holds the key).
 * → the first response is replayed; 409 with Retry-After while the first request is still in flight.
 */
export class IdempotencyRaceError extends Error {
  constructor() {
    super('A request with this Idempotency-Key is still being processed. Retry in a moment.');
    this.name = 'IdempotencyRaceError';
  }
}

const INDEX_PK: Record<string, string> = { GSI1: 'GSI1PK', GSI2: 'GSI2PK', GSI3: 'GSI3PK', GSI4: 'GSI4PK' };
const KEY_ATTRIBUTES = new Set([
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
]);

export class Store {
  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  // ------------------------------------------------------------------ cities, users, organisations

  async getCity(cityId: string): Promise<CitySettings | undefined> {
    return this.getItem<CitySettings>(cityPk(cityId), RECORD_SK);
  }

  async listCities(): Promise<CitySettings[]> {
    return this.queryAll<CitySettings>({
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk',
      values: { ':pk': CITIES_KEY },
    });
  }

  async putCity(city: CitySettings): Promise<void> {
    await this.put({
      ...city,
      PK: cityPk(city.id),
      SK: RECORD_SK,
      entity: 'city',
      GSI3PK: CITIES_KEY,
      GSI3SK: city.id,
    });
  }

  async getUser(userId: string): Promise<User | undefined> {
    return this.getItem<User>(userPk(userId), RECORD_SK);
  }

  async findUserByEmail(email: string): Promise<User | undefined> {
    const users = await this.queryAll<User>({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      values: { ':pk': emailKey(email) },
    });
    return users[0];
  }

  /** A user is indexed by e-mail (sign-in), by city and by organisation (who to notify). */
  async putUser(user: User): Promise<void> {
    await this.put({
      ...user,
      PK: userPk(user.id),
      SK: RECORD_SK,
      entity: 'user',
      GSI1PK: emailKey(user.email),
      GSI1SK: 'USER',
      GSI3PK: `CITY#${user.cityId}#USER`,
      GSI3SK: user.id,
      ...(user.organisationId ? { GSI4PK: `ORG#${user.organisationId}#USERS`, GSI4SK: user.id } : {}),
    });
  }

  async listUsersOfCity(cityId: string): Promise<User[]> {
    return this.queryAll<User>({
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk',
      values: { ':pk': `CITY#${cityId}#USER` },
    });
  }

  async listUsersOfOrganisation(orgId: string): Promise<User[]> {
    return this.queryAll<User>({
      IndexName: 'GSI4',
      KeyConditionExpression: 'GSI4PK = :pk',
      values: { ':pk': `ORG#${orgId}#USERS` },
    });
  }

  async getOrganisation(id: string): Promise<Organisation | undefined> {
    return this.getItem<Organisation>(orgPk(id), RECORD_SK);
  }

  async getOrganisations(ids: readonly string[]): Promise<Organisation[]> {
    return this.batchGet<Organisation>(ids.map((id) => ({ PK: orgPk(id), SK: RECORD_SK })));
  }

  private organisationItem(org: Organisation): Item {
    return {
      ...org,
      PK: orgPk(org.id),
      SK: RECORD_SK,
      entity: 'organisation',
      GSI3PK: `CITY#${org.cityId}#ORG#${org.kind}`,
      GSI3SK: `${org.name}#${org.id}`,
    };
  }

  /** An organisation's audit trail (profile changes), oldest first; its other items are not read. */
  async organisationAudit(id: string): Promise<AuditEntry[]> {
    return this.queryAll<AuditEntry>({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
      values: { ':pk': orgPk(id), ':lo': 'A#', ':hi': `A#${HIGH}` },
    });
  }

  async putOrganisation(org: Organisation, expectedVersion?: number): Promise<void> {
    const item = this.organisationItem(org);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedVersion === undefined
            ? {}
            : {
                ConditionExpression: '#v = :v',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':v': expectedVersion },
              }),
        }),
      );
    } catch (e) {
      if (isConditionFailure(e)) throw new VersionConflictError('organisation', org.id);
      rethrow(e);
    }
  }

  async listOrganisationsOfCity(cityId: string, kind: 'cso' | 'funder'): Promise<Organisation[]> {
    return this.queryAll<Organisation>({
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk',
      values: { ':pk': `CITY#${cityId}#ORG#${kind}` },
    });
  }

  // ------------------------------------------------------------------ workflow records

  async getRecord<T>(type: RecordType, id: string): Promise<Stored<T> | undefined> {
    const item = await this.getRaw(recordPk(type, id), RECORD_SK);
    if (!item || item.entity !== type) return undefined;
    return { record: stripStorage<T>(item), auditHash: item.auditHash as string };
  }

  async getRecords<T>(type: RecordType, ids: readonly string[], consistent = false): Promise<T[]> {
    return this.batchGet<T>(
      ids.map((id) => ({ PK: recordPk(type, id), SK: RECORD_SK })),
      consistent,
    );
  }

  async getFastTrackLedger(orgId: string): Promise<FastTrackLedger> {
    const item = await this.getRaw(orgPk(orgId), FAST_TRACK_SK, true);
    return { seq: Number(item?.seq ?? 0), grantIds: (item?.grantIds as string[] | undefined) ?? [] };
  }

  /** A record's records of one kind: an organisation's grants, partnerships or milestones. */
  async listByOrganisation<T>(
    type: RecordType,
    orgId: string,
    opts: ListOptions & { dueBefore?: string | undefined } = {},
  ): Promise<Page<T>> {
    const T = TYPE_KEY[type];
    const upper = opts.dueBefore ? `${T}#${opts.dueBefore}#${HIGH}` : `${T}#${HIGH}`;
    return this.page<T>(
      {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi',
        values: { ':pk': orgPk(orgId), ':lo': `${T}#`, ':hi': upper },
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
    if (opts.state) {
      return this.page<T>(
        {
          IndexName: 'GSI2',
          KeyConditionExpression: `GSI2PK = :pk${range.cond}`,
          names: range.bound ? { '#sk': 'GSI2SK' } : undefined,
          values: { ':pk': byCityState(cityId, type, opts.state), ...range.bound },
          where,
        },
        opts,
      );
    }
    return this.page<T>(
      {
        IndexName: 'GSI3',
        KeyConditionExpression: `GSI3PK = :pk${range.cond}`,
        names: range.bound ? { '#sk': 'GSI3SK' } : undefined,
        values: { ':pk': byCity(cityId, type), ...range.bound },
        where,
      },
      opts,
    );
  }

  /** Everything an organisation has, in one Query: for fast-track eligibility and the CSO's queue. */
  async organisationRecords(orgId: string): Promise<Item[]> {
    return this.queryAll<Item>(
      {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi',
        values: { ':pk': orgPk(orgId), ':lo': 'GRANT#', ':hi': `PARTNERSHIP#${HIGH}` },
      },
      true,
    );
  }

  async listMilestonesOf<T>(parentType: 'grant' | 'partnership', parentId: string): Promise<T[]> {
    return this.queryAll<T>({
      IndexName: 'GSI4',
      KeyConditionExpression: 'GSI4PK = :pk',
      values: { ':pk': byParent(parentType, parentId) },
    });
  }

  /**
   * The grants a funder (co-)funds: Queries of its links, BatchGets of the grants, filtered before they
   * are counted, so that a page is full unless it is the last.
   */
  async listFunderGrants<T extends { state: string }>(
    funderId: string,
    opts: ListOptions = {},
  ): Promise<Page<T>> {
    return this.collect<T>(
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        values: { ':pk': orgPk(funderId), ':p': 'FUNDS#GRANT#' },
      },
      opts,
      'base',
      (links) => this.followed<T>(links, 'grantId', 'grant', { state: opts.state, track: opts.track }),
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
    const hi = opts.dueBefore ? `FUNDS#MS#${opts.dueBefore}#${HIGH}` : `FUNDS#MS#${HIGH}`;
    const follow = (links: Item[]) =>
      this.followed<T>(links, 'milestoneId', 'milestone', { state: opts.state });
    // In one state: the links of that state (GSI2), however long the funder's history; else all links.
    if (opts.state) {
      const upper = `${opts.dueBefore ?? ''}${HIGH}`;
      // strictly after `after`: from the smallest string that sorts after it
      const lower = opts.after === undefined ? undefined : `${opts.after}\u0000`;
      if (lower !== undefined && lower > upper) return { items: [], nextCursor: null };
      return this.collect<T>(
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
    return this.collect<T>(
      {
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
        values: { ':pk': orgPk(funderId), ':lo': 'FUNDS#MS#', ':hi': hi },
      },
      opts,
      'base',
      follow,
    );
  }

  /** The records that links point to, in the links' order, those matching `where` only. */
  private async followed<T>(
    links: readonly Item[],
    idAttr: string,
    type: RecordType,
    where: Where,
  ): Promise<{ source: Item; item: T }[]> {
    const ids = links.map((l) => String(l[idAttr]));
    const records = await this.batchGet<Item>(ids.map((id) => ({ PK: recordPk(type, id), SK: RECORD_SK })));
    const byId = new Map(records.map((r) => [String(r.id), r]));
    const out: { source: Item; item: T }[] = [];
    for (const link of links) {
      const record = byId.get(String(link[idAttr]));
      if (record && matches(record, where)) out.push({ source: link, item: record as T });
    }
    return out;
  }

  /** A record and its audit trail, which share a partition: one Query (R sorts after every A#). */
  async recordWithAudit<T>(
    type: RecordType,
    id: string,
  ): Promise<{ record: T | undefined; entries: AuditEntry[] }> {
    const items = await this.queryAll<Item>(
      { KeyConditionExpression: 'PK = :pk', values: { ':pk': recordPk(type, id) } },
      true,
    );
    const record = items.find((i) => i.SK === RECORD_SK && i.entity === type);
    return {
      record: record ? stripStorage<T>(record) : undefined,
      entries: items.filter((i) => String(i.SK).startsWith('A#')).map((i) => stripStorage<AuditEntry>(i)),
    };
  }

  /**
   * Applies writes atomically: each created record with its first audit entry, each updated record
   * conditioned on its version with its next audit entry. Returns the audit entries written.
   * With an idempotency claim, the claim is part of the same transaction, so a create happens once.
   */
  async commit(writes: readonly Write[], claim?: IdempotencyClaim): Promise<AuditEntry[]> {
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [];
    const owners: { type: string; id: string }[] = [];
    const entries: AuditEntry[] = [];
    const T = this.tableName;
    for (const w of writes) {
      switch (w.kind) {
        case 'create':
        case 'update': {
          const seq = w.record.version;
          const prev = w.kind === 'create' ? GENESIS_HASH : w.prevHash;
          const entry = chainEntry(w.audit, seq, prev);
          entries.push(entry);
          const pk = recordPk(w.type, w.record.id);
          const item = {
            ...(w.record as unknown as Item),
            PK: pk,
            SK: RECORD_SK,
            entity: w.type,
            auditHash: entry.hash,
            ...recordIndexKeys(w.type, w.record as unknown as WorkflowItem & Item),
          };
          items.push({
            Put: {
              TableName: T,
              Item: item,
              ...(w.kind === 'create'
                ? { ConditionExpression: 'attribute_not_exists(PK)' }
                : {
                    ConditionExpression: '#v = :v',
                    ExpressionAttributeNames: { '#v': 'version' },
                    ExpressionAttributeValues: { ':v': w.expectedVersion },
                  }),
            },
          });
          owners.push({ type: w.type, id: w.record.id });
          if (w.kind === 'update' && w.type === 'milestone') this.followLinks(w.record, items, owners);
          items.push({
            Put: {
              TableName: T,
              Item: { ...entry, PK: pk, SK: auditSk(seq), entity: 'audit' },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          });
          owners.push({ type: w.type, id: w.record.id });
          break;
        }
        case 'fundsGrant':
          items.push({
            Put: {
              TableName: T,
              Item: {
                PK: orgPk(w.funderId),
                SK: fundsGrantSk(w.createdAt, w.grantId),
                entity: 'funds',
                grantId: w.grantId,
              },
            },
          });
          owners.push({ type: 'funds', id: w.grantId });
          break;
        case 'fundsMilestone':
          items.push({
            Put: {
              TableName: T,
              Item: {
                PK: orgPk(w.funderId),
                SK: fundsMilestoneSk(w.dueDate, w.milestoneId),
                entity: 'funds',
                milestoneId: w.milestoneId,
                state: w.state,
                GSI2PK: byFunderState(w.funderId, w.state),
                GSI2SK: `${w.dueDate}#${w.milestoneId}`,
              },
            },
          });
          owners.push({ type: 'funds', id: w.milestoneId });
          break;
        case 'fastTrackLedger':
          items.push({
            Put: {
              TableName: T,
              Item: {
                PK: orgPk(w.orgId),
                SK: FAST_TRACK_SK,
                entity: 'fastTrackLedger',
                seq: w.ledger.seq,
                grantIds: [...w.ledger.grantIds],
              },
              ConditionExpression: 'attribute_not_exists(PK) OR #seq = :seen',
              ExpressionAttributeNames: { '#seq': 'seq' },
              ExpressionAttributeValues: { ':seen': w.ledger.seq - 1 },
            },
          });
          owners.push({ type: 'organisation', id: w.orgId });
          break;
        case 'organisation': {
          const seq = w.lastSeq + 1;
          const entry = chainEntry(w.audit, seq, w.prevHash);
          entries.push(entry);
          items.push({
            Put: {
              TableName: T,
              Item: this.organisationItem(w.record),
              ConditionExpression: '#v = :v',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':v': w.expectedVersion },
            },
          });
          owners.push({ type: 'organisation', id: w.record.id });
          items.push({
            Put: {
              TableName: T,
              Item: { ...entry, PK: orgPk(w.record.id), SK: auditSk(seq), entity: 'audit' },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          });
          owners.push({ type: 'organisation', id: w.record.id });
          break;
        }
        case 'transactItem':
          items.push(w.item);
          owners.push(w.owner);
          break;
        case 'put':
          items.push({
            Put: {
              TableName: T,
              Item: w.item,
              ...(w.mustNotExist ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
            },
          });
          owners.push({ type: String(w.item.entity ?? 'item'), id: String(w.item.PK) });
          break;
      }
    }
    if (claim) {
      items.push({
        Put: {
          TableName: T,
          Item: {
            PK: idempotencyPk(claim.userId, claim.key),
            SK: RECORD_SK,
            entity: 'idempotency',
            requestHash: claim.requestHash,
            status: claim.status,
            body: claim.body,
            expiresAt: claim.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR #exp <= :claimedAt',
          ExpressionAttributeNames: { '#exp': 'expiresAt' },
          ExpressionAttributeValues: { ':claimedAt': claim.claimedAt },
        },
      });
      owners.push({ type: 'idempotency', id: claim.key });
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (e) {
      if (e instanceof TransactionCanceledException) {
        const reasons = e.CancellationReasons ?? [];
        const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (failed >= 0) {
          const owner = owners[failed];
          if (owner?.type === 'idempotency') throw new IdempotencyRaceError();
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
    return entries;
  }

  /** A milestone's funder links take its new state, so that each funder's queue is one Query (GSI2). */
  private followLinks(
    record: WorkflowItem,
    items: NonNullable<TransactWriteCommandInput['TransactItems']>,
    owners: { type: string; id: string }[],
  ): void {
    const m = record as unknown as { id: string; state: string; dueDate: string; funderIds?: string[] };
    for (const funderId of m.funderIds ?? []) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: { PK: orgPk(funderId), SK: fundsMilestoneSk(m.dueDate, m.id) },
          UpdateExpression:
            'SET #state = :state, GSI2PK = :gpk, GSI2SK = :gsk, entity = :e, milestoneId = :id',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': m.state,
            ':gpk': byFunderState(funderId, m.state),
            ':gsk': `${m.dueDate}#${m.id}`,
            ':e': 'funds',
            ':id': m.id,
          },
        },
      });
      owners.push({ type: 'funds', id: m.id });
    }
  }

  /** An Idempotency-Key's record with its expiry (epoch seconds), which TTL deletion may not have met yet. */
  async getIdempotency(
    userId: string,
    key: string,
  ): Promise<(IdempotencyRecord & { readonly expiresAt: number }) | undefined> {
    const item = await this.getRaw(idempotencyPk(userId, key), RECORD_SK, true);
    if (!item) return undefined;
    return {
      requestHash: String(item.requestHash),
      status: Number(item.status),
      body: item.body,
      expiresAt: Number(item.expiresAt ?? 0),
    };
  }

  // ------------------------------------------------------------------ generic items (jobs, notifications)

  async put(item: Item, mustNotExist = false): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(mustNotExist ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
        }),
      );
      return true;
    } catch (e) {
      if (mustNotExist && isConditionFailure(e)) return false;
      return rethrow(e);
    }
  }

  async getRaw(pk: string, sk: string, consistent = true): Promise<Item | undefined> {
    try {
      const out = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: { PK: pk, SK: sk }, ConsistentRead: consistent }),
      );
      return out.Item;
    } catch (e) {
      return rethrow(e);
    }
  }

  async getItem<T>(pk: string, sk: string, consistent = false): Promise<T | undefined> {
    const item = await this.getRaw(pk, sk, consistent);
    return item ? stripStorage<T>(item) : undefined;
  }

  /** Queries one partition to its end (for small partitions: an organisation, a record's audit). */
  async queryAll<T>(q: QuerySpec, raw = false): Promise<T[]> {
    const out: T[] = [];
    let start: Item | undefined;
    do {
      const res = await this.send(q, start);
      for (const item of res.Items ?? []) out.push(raw ? (item as T) : stripStorage<T>(item));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /**
   * One page of a Query: `limit` items (25 by default, at most 100) unless it is the last. With a filter
   * (`q.where`), DynamoDB applies `Limit` before filtering, so the page is gathered over as many Queries
   * as it takes; the cursor is the key of the last item returned, and is given only if more items follow.
   */
  async page<T>(q: QuerySpec, opts: ListOptions, index: 'base' | 'index' = 'index'): Promise<Page<T>> {
    return this.collect<T>(q, opts, index, async (items) =>
      items.map((i) => ({ source: i, item: stripStorage<T>(i) })),
    );
  }

  /**
   * Gathers a page from Queries whose items `select` turns into the listed items (filtering them, or
   * following them to records): reads on until it holds one more than `limit` or the partition ends.
   */
  private async collect<T>(
    q: QuerySpec,
    opts: ListOptions,
    index: 'base' | 'index',
    select: (items: Item[]) => Promise<{ source: Item; item: T }[]>,
  ): Promise<Page<T>> {
    const pkAttr = index === 'base' || !q.IndexName ? 'PK' : (INDEX_PK[q.IndexName] ?? 'PK');
    let start = opts.cursor ? decodeCursor(opts.cursor, pkAttr, q.values[':pk'] as string) : undefined;
    const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
    const keyAttrs =
      index === 'base' || !q.IndexName ? ['PK', 'SK'] : ['PK', 'SK', pkAttr, `${q.IndexName}SK`];
    const got: { source: Item; item: T }[] = [];
    // One more than asked for: whether a next page exists is known, never guessed.
    while (got.length <= limit) {
      const want = limit + 1 - got.length;
      // With a filter, read more per call than we need: most of what a Query reads may be filtered out.
      const res = await this.send(q, start, q.where && hasConditions(q.where) ? Math.max(want, 100) : want);
      got.push(...(await select(res.Items ?? [])));
      start = res.LastEvaluatedKey;
      if (!start) break;
    }
    const items = got.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((g) => g.item),
      nextCursor: got.length > limit && last ? encodeCursor(pick(last.source, keyAttrs)) : null,
    };
  }

  private async send(q: QuerySpec, start?: Item, limit?: number) {
    const filter = filterOf(q.where ?? {});
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: q.IndexName,
      KeyConditionExpression: q.KeyConditionExpression,
      ExpressionAttributeValues: { ...q.values, ...filter.values },
      ExpressionAttributeNames: { ...(q.names ?? {}), ...filter.names },
      FilterExpression: filter.expression,
      ExclusiveStartKey: start,
      Limit: limit,
    };
    if (Object.keys(input.ExpressionAttributeNames ?? {}).length === 0) delete input.ExpressionAttributeNames;
    try {
      return await this.db.send(new QueryCommand(input));
    } catch (e) {
      if (start && (e as { name?: string }).name === 'ValidationException') throw new InvalidCursorError();
      return rethrow(e);
    }
  }

  /**
   * Reads items by key, 100 per call, retrying what DynamoDB leaves unprocessed. What is still
   * unprocessed after the retries makes the read fail as unavailable (503): a shorter answer would
   * look complete and mislead, e.g. the count of a CSO's open fast-track grants.
   */
  private async batchGet<T>(keys: readonly Item[], consistent = false): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Item[] | undefined = keys.slice(i, i + 100) as Item[];
      for (let attempt = 0; pending && pending.length > 0 && attempt < 8; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 20 * Math.random()));
        const res = await this.db
          .send(
            new BatchGetCommand({
              RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: consistent } },
            }),
          )
          .catch(rethrow);
        for (const item of res.Responses?.[this.tableName] ?? []) out.push(stripStorage<T>(item));
        pending = res.UnprocessedKeys?.[this.tableName]?.Keys as Item[] | undefined;
      }
      if (pending && pending.length > 0) {
        throw new StoreUnavailableError(
          new Error(`${pending.length} keys were left unprocessed by BatchGetItem after 8 attempts`),
        );
      }
    }
    return out;
  }
}

export interface QuerySpec {
  readonly IndexName?: string;
  readonly KeyConditionExpression: string;
  readonly values: Record<string, unknown>;
  readonly names?: Record<string, string> | undefined;
  /** Conditions on the items, applied by DynamoDB after it reads them (see page()). */
  readonly where?: Where | undefined;
}

function hasConditions(where: Where): boolean {
  return Object.values(where).some((v) => v !== undefined);
}

function filterOf(where: Where): {
  expression: string | undefined;
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let n = 0;
  for (const [attr, v] of Object.entries(where)) {
    if (v === undefined) continue;
    const name = `#w${n}`;
    names[name] = attr;
    if (typeof v === 'string') {
      values[`:w${n}`] = v;
      parts.push(`${name} = :w${n}`);
    } else parts.push(v ? `attribute_exists(${name})` : `attribute_not_exists(${name})`);
    n++;
  }
  return { expression: parts.length > 0 ? parts.join(' AND ') : undefined, names, values };
}

/** The same conditions as filterOf, checked here (on records read by key). */
function matches(item: Item, where: Where): boolean {
  return Object.entries(where).every(([attr, v]) =>
    v === undefined ? true : typeof v === 'string' ? item[attr] === v : (item[attr] !== undefined) === v,
  );
}

function pick(item: Item, attrs: readonly string[]): Item {
  const out: Item = {};
  for (const a of attrs) if (item[a] !== undefined) out[a] = item[a];
  return out;
}

export function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor is accepted only if it is a key this store could have handed out for this very list. */
export function decodeCursor(cursor: string, pkAttr: string, pk: string): Item {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursorError();
  const entries = Object.entries(key as Item);
  const ok =
    entries.length > 0 &&
    entries.length <= 4 &&
    entries.every(([k, v]) => KEY_ATTRIBUTES.has(k) && typeof v === 'string' && v.length < 1024) &&
    (key as Item)[pkAttr] === pk;
  if (!ok) throw new InvalidCursorError();
  return key as Item;
}

function isConditionFailure(e: unknown): boolean {
  return (e as { name?: string }).name === 'ConditionalCheckFailedException';
}

/** Network failures and exhausted throttling retries become StoreUnavailableError; the rest pass through. */
export function rethrow(e: unknown): never {
  if (e instanceof StoreUnavailableError) throw e;
  if (isUnavailable(e)) throw new StoreUnavailableError(e);
  throw e;
}
