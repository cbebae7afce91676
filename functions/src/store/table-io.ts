/**
 * The generic reads and writes of the one table. Only modules of store/ use them: everything outside
 * store/ goes through the Store's typed methods (store-boundary.test.ts checks that nothing else imports
 * this module, an AWS SDK module for DynamoDB, or spells a key). The Store keeps its TableIO in a private
 * field; the per-type modules of store/ reach it with `ioOf(store)`.
 */
import type { DynamoClient, Operations } from './dynamo-client.ts';
import { InvalidCursorError, isUnavailable, StoreUnavailableError } from './errors.ts';
import { stripStorage } from './keys.ts';
import { INDEXES, PRIMARY_KEY } from './table.ts';

export type Item = Record<string, unknown>;

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface PageOptions {
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/**
 * Conditions on a record's attributes, applied while paging (a FilterExpression): a string is
 * "equals", `true` / `false` is "has / has not the attribute". Undefined values are ignored.
 */
export type Where = Readonly<Record<string, string | boolean | undefined>>;

export interface QuerySpec {
  readonly IndexName?: string;
  readonly KeyConditionExpression: string;
  readonly values: Record<string, unknown>;
  readonly names?: Record<string, string> | undefined;
  /** Conditions on the items, applied by DynamoDB after it reads them (see page()). */
  readonly where?: Where | undefined;
}

/** A condition on a single-item write. */
export interface Condition {
  readonly expression: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

/**
 * How strongly a read is consistent. `strong` costs twice the read capacity and exists on the table only
 * (an index is always eventually consistent): each caller says why it needs it.
 */
export type Consistency = 'strong' | 'eventual';

const INDEX_PK: Record<string, string> = Object.fromEntries(INDEXES.map((i) => [i.name, i.partitionKey]));
const KEY_ATTRIBUTES = new Set<string>([
  PRIMARY_KEY.partitionKey,
  PRIMARY_KEY.sortKey,
  ...INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
]);

export const MUST_NOT_EXIST: Condition = { expression: 'attribute_not_exists(PK)' };

export class TableIO {
  constructor(
    readonly db: DynamoClient,
    readonly tableName: string,
  ) {}

  /** Writes an item; with a condition, false when the condition failed. */
  async put(item: Item, condition?: Condition): Promise<boolean> {
    try {
      await this.db.send('PutItem', { TableName: this.tableName, Item: item, ...conditionOf(condition) });
      return true;
    } catch (e) {
      if (condition && isConditionFailure(e)) return false;
      return rethrow(e);
    }
  }

  /**
   * Writes items without conditions, 25 to a BatchWriteItem (DynamoDB's most); what DynamoDB leaves
   * unprocessed is sent again with backoff, and still unprocessed after 8 attempts is a 503.
   */
  async putAll(items: readonly Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let pending: { PutRequest: { Item: Item } }[] | undefined = items
        .slice(i, i + 25)
        .map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending && pending.length > 0 && attempt < 8; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 20 * Math.random()));
        const res = await this.db
          .send('BatchWriteItem', { RequestItems: { [this.tableName]: pending } })
          .catch(rethrow);
        pending = res.UnprocessedItems?.[this.tableName] as typeof pending;
      }
      if (pending && pending.length > 0) {
        throw new StoreUnavailableError(
          new Error(`${pending.length} items were left unprocessed by BatchWriteItem after 8 attempts`),
        );
      }
    }
  }

  async delete(key: Item, condition?: Condition): Promise<boolean> {
    try {
      await this.db.send('DeleteItem', { TableName: this.tableName, Key: key, ...conditionOf(condition) });
      return true;
    } catch (e) {
      if (condition && isConditionFailure(e)) return false;
      return rethrow(e);
    }
  }

  async get(pk: string, sk: string, consistency: Consistency): Promise<Item | undefined> {
    try {
      const out = await this.db.send('GetItem', {
        TableName: this.tableName,
        Key: { PK: pk, SK: sk },
        ConsistentRead: consistency === 'strong',
      });
      return out.Item;
    } catch (e) {
      return rethrow(e);
    }
  }

  /** Queries one partition to its end (for small partitions: an organisation, a record's audit). */
  async queryAll(q: QuerySpec): Promise<Item[]> {
    const out: Item[] = [];
    let start: Item | undefined;
    do {
      const res = await this.send(q, start);
      out.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /**
   * One page of a Query: `limit` items (25 by default, at most 100) unless it is the last. With a filter
   * (`q.where`), DynamoDB applies `Limit` before filtering, so the page is gathered over as many Queries
   * as it takes; the cursor is the key of the last item returned, and is given only if more items follow.
   */
  async page<T>(q: QuerySpec, opts: PageOptions, index: 'base' | 'index' = 'index'): Promise<Page<T>> {
    return this.collect<T>(q, opts, index, async (items) =>
      items.map((i) => ({ source: i, item: stripStorage<T>(i) })),
    );
  }

  /**
   * Gathers a page from Queries whose items `select` turns into the listed items (filtering them, or
   * following them to records): reads on until it holds one more than `limit` or the partition ends.
   */
  async collect<T>(
    q: QuerySpec,
    opts: PageOptions,
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
    const input: Operations['Query']['input'] = {
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
      return await this.db.send('Query', input);
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
  /**
   * Items of different kinds in one BatchGetItem, each under the name its key was given (undefined where
   * there is no such item): what a request that needs a record and its neighbours reads once.
   */
  async batchGetNamed<N extends string>(
    keys: { readonly [K in N]: Item | undefined },
    consistency: Consistency,
  ): Promise<{ [K in N]?: Item }> {
    const wanted = Object.values<Item | undefined>(keys).filter((k): k is Item => k !== undefined);
    const [lone] = wanted;
    // One key (a record read with nothing beside it): a GetItem, as a plain read of it would be.
    const items =
      wanted.length === 1 && lone
        ? [await this.get(String(lone.PK), String(lone.SK), consistency)].filter((i) => i !== undefined)
        : await this.batchGet(wanted, consistency);
    const named: { [K in N]?: Item } = {};
    for (const name of Object.keys(keys) as N[]) {
      const key = keys[name];
      if (key) named[name] = items.find((i) => i.PK === key.PK && i.SK === key.SK);
    }
    return named;
  }

  async batchGet(keys: readonly Item[], consistency: Consistency): Promise<Item[]> {
    const out: Item[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Item[] | undefined = keys.slice(i, i + 100) as Item[];
      for (let attempt = 0; pending && pending.length > 0 && attempt < 8; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 20 * Math.random()));
        const res = await this.db
          .send('BatchGetItem', {
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: consistency === 'strong' } },
          })
          .catch(rethrow);
        out.push(...(res.Responses?.[this.tableName] ?? []));
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

  /** Every item of the table, page by page, strongly consistent: for the offline tools only (scan.ts). */
  async *scan(): AsyncGenerator<Item> {
    let start: Item | undefined;
    do {
      const page = await this.db
        .send('Scan', { TableName: this.tableName, ExclusiveStartKey: start, ConsistentRead: true })
        .catch(rethrow);
      for (const item of page.Items ?? []) yield item;
      start = page.LastEvaluatedKey;
    } while (start);
  }
}

/** The TableIO of each Store: a private field there, reached by the per-type modules of store/ only. */
const ios = new WeakMap<object, TableIO>();

export function bindIO(owner: object, io: TableIO): void {
  ios.set(owner, io);
}

export function ioOf(owner: object): TableIO {
  const io = ios.get(owner);
  if (!io) throw new Error('This store was not constructed by Store');
  return io;
}

function conditionOf(c: Condition | undefined) {
  if (!c) return {};
  return {
    ConditionExpression: c.expression,
    ...(c.names ? { ExpressionAttributeNames: c.names } : {}),
    ...(c.values ? { ExpressionAttributeValues: c.values } : {}),
  };
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
export function matches(item: Item, where: Where): boolean {
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

export function isConditionFailure(e: unknown): boolean {
  return (e as { name?: string }).name === 'ConditionalCheckFailedException';
}

/** Network failures and exhausted throttling retries become StoreUnavailableError; the rest pass through. */
export function rethrow(e: unknown): never {
  if (e instanceof StoreUnavailableError) throw e;
  if (isUnavailable(e)) throw new StoreUnavailableError(e);
  throw e;
}
