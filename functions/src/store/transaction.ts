/**
 * The writes of one transaction, one builder per kind: a record with its audit entry (created, or updated
 * on condition of its version), an organisation's profile, funder links, the organisation's standing, a notice
 * with its notification and mail, and the Idempotency-Key's claim. Store.commit composes them into one
 * TransactWriteItems; each item carries who it belongs to, so that a cancelled transaction names it.
 * A milestone's write also sets its member of its grant's tally (grant-tally.ts): in the grant's own write
 * when the transaction writes the grant too (a transaction touches an item once), else on its own.
 */

import type { TalliedMilestone } from '#domain/report-tally';
import type { AuditEntry, Organisation } from '#domain/types';
import { type AuditDraft, chainEntry, GENESIS_HASH } from './audit.ts';
import { auditItem } from './audit-entries.ts';
import type { Operations } from './dynamo-client.ts';
import { TransactionTooLargeError } from './errors.ts';
import {
  grantLinkItem,
  LINK_RECORD,
  milestoneLinkIndexKeys,
  milestoneLinkItem,
  milestoneLinkKey,
} from './funder-links.ts';
import { type TallyChange, tallyMemberOf, tallySets, tallyUpdate } from './grant-tally.ts';
import { type IdempotencyClaim, idempotencyItem } from './idempotency.ts';
import { isTallyAttribute, type RecordType } from './keys.ts';
import { type OutboxMail, pendingMailItem } from './mail-outbox.ts';
import { noticeItem, noticePk } from './notices.ts';
import { type NewNotification, notificationItem, unreadAdded } from './notifications.ts';
import { organisationItem, orgKey, orgPk } from './organisations.ts';
import { recordItem, recordPk } from './records.ts';
import { type RosterOwner, rosterCheck, rosterName } from './rosters.ts';
import { type StandingChange, standingUpdate } from './standing.ts';
import { type Item, MUST_NOT_EXIST } from './table-io.ts';

/** The owner of a funder check: its failure is CheckFailedError, not a version conflict. */
export const CHECK_FUNDER = 'check:funder';
/** Who a failed check of an agreement's party belongs to (agreements.ts partyCheck). */
export const CHECK_PARTY = 'check:party';

/** Who a failed check of a roster's version belongs to: the audience changed since it was read. */
export const CHECK_ROSTER = 'roster';

/** The most items DynamoDB writes in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

type Versioned = { readonly id: string; readonly version: number };
export type WorkflowItem = Versioned & {
  readonly cityId: string;
  readonly organisationId: string;
  readonly state: string;
  readonly createdAt: string;
};

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
      /** The version read, which `record` replaces: what it had and `record` lacks is removed. */
      readonly previous: WorkflowItem;
      readonly expectedVersion: number;
      readonly prevHash: string;
      readonly audit: AuditDraft;
    }
  | {
      /** A funder's link to a milestone it funds, created with it (a grant's links: recordWrite). */
      readonly kind: 'fundsMilestone';
      readonly funderId: string;
      /** The milestone: its state and a copy of it are kept on the link by every later write of it. */
      readonly milestone: WorkflowItem & { readonly dueDate: string };
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
  | {
      /**
       * A notice to one person: its marker (written only if it does not exist yet: once per person), the
       * in-app notification and the pending mail. The daily digest is a mail with its marker and no
       * notification: it only gathers notifications already written.
       */
      readonly kind: 'notice';
      readonly key: string;
      readonly userId: string;
      readonly noticeKind: string;
      readonly at: string;
      readonly notification?: NewNotification | undefined;
      /**
       * The mail as the mailer takes it (jobs/mailer.ts), stored as it is; none for someone who reads
       * their notices in the daily digest.
       */
      readonly mail?: (OutboxMail & Readonly<Record<string, unknown>>) | undefined;
    }
  | {
      /**
       * Members in or out of an organisation's standing (standing.ts); with `expectSeq`, only if nobody
       * changed it since it was read; `rebuilt` marks a standing rebuilt from the records as whole.
       */
      readonly kind: 'standing';
      readonly orgId: string;
      readonly changes: readonly StandingChange[];
      readonly expectSeq?: number | undefined;
      readonly rebuilt?: boolean | undefined;
    }
  | {
      /**
       * A check, written nothing: the organisation is a funder of this city (an award's funder). Fails the
       * transaction with CheckFailedError('funder', id) otherwise.
       */
      readonly kind: 'isFunder';
      readonly funderId: string;
      readonly cityId: string;
    }
  | {
      /**
       * The grant's tally of its milestones is whole with the milestones this transaction creates: the
       * award that schedules them all (a grant has no milestone before).
       */
      readonly kind: 'tallyWhole';
      readonly grantId: string;
    }
  | {
      /**
       * A check, written nothing: the roster whose users an event's notices went to is still at the
       * version they were read at (rosters.ts). Fails with VersionConflictError('roster', name) otherwise.
       */
      readonly kind: 'rosterCheck';
      readonly roster: RosterOwner;
      readonly version: number;
    }
  | {
      /** An item a per-item module of the store built as it is (a document attached by the event). */
      readonly kind: 'transactItem';
      readonly item: TransactItem;
      /** Named in the VersionConflictError when its condition fails. */
      readonly owner: { readonly type: string; readonly id: string };
    };

export type TransactItem = NonNullable<Operations['TransactWriteItems']['input']['TransactItems']>[number];

/** An item of the transaction and whom it belongs to (named by the error when its condition fails). */
export interface Part {
  readonly item: TransactItem;
  readonly owner: { readonly type: string; readonly id: string };
}

/** What a group of writes adds to a transaction: its items, and the audit entries it chains. */
export interface Built {
  readonly parts: Part[];
  readonly entries: AuditEntry[];
}

const put = (TableName: string, item: Item, condition?: Record<string, unknown>): TransactItem => ({
  Put: { TableName, Item: item, ...condition },
});

const ifVersion = (expected: number) => ({
  ConditionExpression: '#v = :v',
  ExpressionAttributeNames: { '#v': 'version' },
  ExpressionAttributeValues: { ':v': expected },
});
const ifNew = { ConditionExpression: MUST_NOT_EXIST.expression };

/**
 * A created record with its first audit entry, or an updated one (on its version) with the next. A grant
 * carries `tally`, the members of its tally this transaction's milestone writes set.
 */
function recordWrite(
  table: string,
  w: Extract<Write, { kind: 'create' | 'update' }>,
  tally?: TallyChange,
): Built {
  const seq = w.record.version;
  const entry = chainEntry(w.audit, seq, w.kind === 'create' ? GENESIS_HASH : w.prevHash);
  const owner = { type: w.type, id: w.record.id };
  const item = recordItem(w.type, w.record as WorkflowItem & Item, entry.hash);
  const record =
    w.type === 'grant' && w.kind === 'update'
      ? grantUpdate(table, item, w.previous, w.expectedVersion, tally)
      : put(
          table,
          { ...item, ...(tally ? tallyItem(tally) : {}) },
          w.kind === 'create' ? ifNew : ifVersion(w.expectedVersion),
        );
  const links =
    w.type === 'grant'
      ? grantLinks(table, w.record)
      : w.kind === 'update' && w.type === 'milestone'
        ? followLinks(table, w.record)
        : [];
  return {
    parts: [
      { item: record, owner },
      ...links,
      { item: put(table, auditItem(recordPk(w.type, w.record.id), entry), ifNew), owner },
    ],
    entries: [entry],
  };
}

/**
 * A grant's next version as an UpdateItem on condition of its version: every attribute of the new item
 * SET, those it drops REMOVEd (set to `undefined`, or left out of it while the version read had them: the
 * same outcome as a Put of the whole item), and its tally left as it is but for the members this
 * transaction sets. A Put would replace the whole item and lose a milestone's member written since the
 * grant was read.
 */
function grantUpdate(
  table: string,
  item: Item,
  previous: WorkflowItem,
  expectedVersion: number,
  tally?: TallyChange,
): TransactItem {
  const { PK, SK, ...attributes } = item;
  for (const name of Object.keys(previous)) if (!(name in attributes)) attributes[name] = undefined;
  const names: Record<string, string> = { '#v': 'version' };
  const values: Record<string, unknown> = { ':v': expectedVersion };
  const sets: string[] = [];
  const removes: string[] = [];
  Object.entries(attributes).forEach(([name, value], i) => {
    if (isTallyAttribute(name)) return;
    names[`#a${i}`] = name;
    if (value === undefined) removes.push(`#a${i}`);
    else {
      values[`:a${i}`] = value;
      sets.push(`#a${i} = :a${i}`);
    }
  });
  if (tally) {
    const t = tallySets(tally);
    sets.push(...t.sets);
    Object.assign(names, t.names);
    Object.assign(values, t.values);
  }
  return {
    Update: {
      TableName: table,
      Key: { PK, SK },
      UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The tally's attributes on a grant written whole (a created one). */
function tallyItem(tally: TallyChange): Item {
  const { names, values } = tallySets(tally);
  return Object.fromEntries(Object.entries(names).map(([n, name]) => [name, values[`:${n.slice(1)}`]]));
}

/**
 * An awarded grant's funder links, each with a copy of the grant: written at the award and again by every
 * later write of the grant, so that a funder's list of grants is one Query.
 */
function grantLinks(table: string, record: WorkflowItem): Part[] {
  const award =
    'award' in record ? (record.award as { funders?: { funderId?: unknown }[] } | undefined) : undefined;
  const funderIds = (award?.funders ?? [])
    .map((f) => f.funderId)
    .filter((f): f is string => typeof f === 'string');
  return [...new Set(funderIds)].map((funderId) => ({
    item: put(table, grantLinkItem(funderId, record.id, record.createdAt, { ...record })),
    owner: { type: 'funds', id: record.id },
  }));
}

/** A milestone's funder links take its new state, so that each funder's queue is one Query (GSI2). */
function followLinks(table: string, record: WorkflowItem): Part[] {
  const dueDate = 'dueDate' in record && typeof record.dueDate === 'string' ? record.dueDate : undefined;
  const funderIds =
    'funderIds' in record && Array.isArray(record.funderIds)
      ? record.funderIds.filter((f): f is string => typeof f === 'string')
      : [];
  if (dueDate === undefined) return [];
  const m = { id: record.id, state: record.state, dueDate };
  return funderIds.map((funderId) => {
    const index = milestoneLinkIndexKeys(funderId, m.dueDate, m.id, m.state);
    return {
      item: {
        Update: {
          TableName: table,
          Key: milestoneLinkKey(funderId, m.dueDate, m.id),
          UpdateExpression:
            'SET #state = :state, GSI2PK = :gpk, GSI2SK = :gsk, entity = :e, milestoneId = :id, #rec = :rec',
          ExpressionAttributeNames: { '#state': 'state', '#rec': LINK_RECORD },
          ExpressionAttributeValues: {
            ':rec': { ...record },
            ':state': m.state,
            ':gpk': index.GSI2PK,
            ':gsk': index.GSI2SK,
            ':e': 'funds',
            ':id': m.id,
          },
        },
      },
      owner: { type: 'funds', id: m.id },
    };
  });
}

function organisationWrite(table: string, w: Extract<Write, { kind: 'organisation' }>): Built {
  const entry = chainEntry(w.audit, w.lastSeq + 1, w.prevHash);
  const owner = { type: 'organisation', id: w.record.id };
  return {
    parts: [
      {
        item: put(table, organisationItem(w.record, entry), ifVersion(w.expectedVersion)),
        owner,
      },
      { item: put(table, auditItem(orgPk(w.record.id), entry), ifNew), owner },
    ],
    entries: [entry],
  };
}

function noticeWrite(table: string, w: Extract<Write, { kind: 'notice' }>): Built {
  const owner = { type: 'notice', id: noticePk(w.key) };
  return {
    parts: [
      { item: put(table, noticeItem(w.key, w.userId, w.noticeKind, w.at), ifNew), owner },
      // The notification and one more on its recipient's unread counter, together.
      ...(w.notification
        ? [
            {
              item: put(table, notificationItem(w.notification)),
              owner: { type: 'notification', id: w.notification.id },
            },
            {
              item: unreadAdded(table, w.notification.userId),
              owner: { type: 'unread', id: w.notification.userId },
            },
          ]
        : []),
      ...(w.mail
        ? [{ item: put(table, pendingMailItem(w.mail)), owner: { type: 'mail', id: w.mail.id } }]
        : []),
    ],
    entries: [],
  };
}

function standingWrite(table: string, w: Extract<Write, { kind: 'standing' }>): Built {
  const update = standingUpdate(w.orgId, w.changes, { expectSeq: w.expectSeq, rebuilt: w.rebuilt });
  const item: TransactItem = { Update: { TableName: table, ...update } };
  return { parts: [{ item, owner: { type: 'standing', id: w.orgId } }], entries: [] };
}

/**
 * The items of one write; a grant's own write takes the members of its tally that the transaction sets
 * (`tallies`, by grant id). A milestone's member of a grant not written here is buildTransaction's.
 */
export function buildWrite(table: string, w: Write, tallies?: ReadonlyMap<string, TallyChange>): Built {
  switch (w.kind) {
    case 'create':
    case 'update':
      return recordWrite(table, w, w.type === 'grant' ? tallies?.get(w.record.id) : undefined);
    case 'organisation':
      return organisationWrite(table, w);
    case 'fundsMilestone': {
      const m = w.milestone;
      return {
        parts: [
          {
            item: put(table, milestoneLinkItem(w.funderId, m.id, m.dueDate, m.state, { ...m })),
            owner: { type: 'funds', id: m.id },
          },
        ],
        entries: [],
      };
    }
    case 'standing':
      return standingWrite(table, w);
    case 'notice':
      return noticeWrite(table, w);
    case 'isFunder':
      return {
        parts: [
          {
            item: {
              ConditionCheck: {
                TableName: table,
                Key: orgKey(w.funderId),
                ConditionExpression: '#kind = :funder AND #city = :city',
                ExpressionAttributeNames: { '#kind': 'kind', '#city': 'cityId' },
                ExpressionAttributeValues: { ':funder': 'funder', ':city': w.cityId },
              },
            },
            owner: { type: CHECK_FUNDER, id: w.funderId },
          },
        ],
        entries: [],
      };
    case 'rosterCheck':
      return {
        parts: [
          {
            item: rosterCheck(table, w.roster, w.version),
            owner: { type: CHECK_ROSTER, id: rosterName(w.roster) },
          },
        ],
        entries: [],
      };
    case 'transactItem':
      return { parts: [{ item: w.item, owner: w.owner }], entries: [] };
    case 'tallyWhole':
      return { parts: [], entries: [] };
  }
}

/** The Idempotency-Key's claim: written unless the key is held by a record that has not expired. */
export function claimPart(table: string, claim: IdempotencyClaim): Part {
  return {
    item: put(table, idempotencyItem(claim), {
      ConditionExpression: 'attribute_not_exists(PK) OR #exp <= :claimedAt',
      ExpressionAttributeNames: { '#exp': 'expiresAt' },
      ExpressionAttributeValues: { ':claimedAt': claim.claimedAt },
    }),
    owner: { type: 'idempotency', id: claim.key },
  };
}

/** Who a member of a grant's tally written on its own belongs to (the grant's own write is the grant's). */
export const TALLY_OWNER = 'tally';

/**
 * The tally changes of a transaction, by grant: the member of each milestone written (the last write of a
 * milestone wins), and `whole` where a `tallyWhole` write says the grant's milestones are all here.
 */
function tallyChanges(writes: readonly Write[]): Map<string, TallyChange> {
  const out = new Map<string, { members: Map<string, TalliedMilestone>; whole: boolean }>();
  const of = (grantId: string) => {
    const c = out.get(grantId) ?? { members: new Map<string, TalliedMilestone>(), whole: false };
    out.set(grantId, c);
    return c;
  };
  for (const w of writes) {
    if ((w.kind === 'create' || w.kind === 'update') && w.type === 'milestone') {
      const member = tallyMemberOf(w.record);
      if (member) of(member.grantId).members.set(member.name, member.value);
    } else if (w.kind === 'tallyWhole') of(w.grantId).whole = true;
  }
  return out;
}

/**
 * The whole transaction: every write's items, the tally members of grants it does not write, then the
 * claim. More than DynamoDB takes in one transaction is TransactionTooLargeError, before anything is sent.
 */
export function buildTransaction(table: string, writes: readonly Write[], claim?: IdempotencyClaim): Built {
  const tallies = tallyChanges(writes);
  const built = writes.map((w) => buildWrite(table, w, tallies));
  const written = new Set(
    writes.flatMap((w) =>
      (w.kind === 'create' || w.kind === 'update') && w.type === 'grant' ? [w.record.id] : [],
    ),
  );
  const tallyParts: Part[] = [...tallies]
    .filter(([grantId]) => !written.has(grantId))
    .map(([grantId, change]) => ({
      item: { Update: { TableName: table, ...tallyUpdate(grantId, change) } },
      owner: { type: TALLY_OWNER, id: grantId },
    }));
  const parts = [
    ...built.flatMap((b) => b.parts),
    ...tallyParts,
    ...(claim ? [claimPart(table, claim)] : []),
  ];
  if (parts.length > MAX_TRANSACTION_ITEMS)
    throw new TransactionTooLargeError(parts.length, MAX_TRANSACTION_ITEMS);
  return { parts, entries: built.flatMap((b) => b.entries) };
}

/** How many items a write adds to a transaction (at most: a tally member may join a grant's write). */
export function itemCount(w: Write): number {
  return buildTransaction('', [w]).parts.length;
}
