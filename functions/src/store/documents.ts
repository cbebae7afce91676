/**
 * Documents as the table keeps them: one item per upload, `DOC#<id>` / `R`. An upload is written when its
 * presigned form is handed out (state `uploaded`, a 24 h TTL, listed under its city by expiry so the daily
 * sweep finds it); attaching it sets its hash, scan state and the record it belongs to, removes the TTL and
 * lists it under that record instead. The attach is a transaction item, so that the event that attaches a
 * document and the document itself are written together or not at all.
 */
import { AlreadyExistsError } from './errors.ts';
import { HIGH, RECORD_SK, type RecordType, stripStorage, TYPE_KEY } from './keys.ts';
import type { Store } from './store.ts';
import { TTL_ATTRIBUTE } from './table.ts';
import { ioOf, isConditionFailure, MUST_NOT_EXIST, type Page, rethrow } from './table-io.ts';
import type { TransactItem } from './transaction.ts';

export type DocumentState = 'uploaded' | 'scanning' | 'available' | 'quarantined';

/** The record a document is attached to. */
export interface AttachedTo {
  readonly type: RecordType;
  readonly id: string;
  /** A file sent with a message of the record's conversation: read only by those who converse. */
  readonly messageId?: string | undefined;
}

export interface DocumentRecord {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly uploadedBy: string;
  readonly cityId: string;
  readonly organisationId?: string | undefined;
  readonly createdAt: string;
  /** While unattached: when the upload is deleted (ISO); the TTL attribute holds the same in epoch seconds. */
  readonly uploadExpiresAt?: string | undefined;
  readonly state: DocumentState;
  /** From attach on. */
  readonly sha256?: string | undefined;
  readonly attachedTo?: AttachedTo | undefined;
  readonly attachedAt?: string | undefined;
}

/** How long an unattached upload is kept. */
export const UPLOAD_TTL_SECONDS = 24 * 3600;

export const documentPk = (id: string) => `DOC#${id}`;
/** GSI3: a city's unattached uploads, by expiry (the sweep's query). */
export const uploadsOfCity = (cityId: string) => `CITY#${cityId}#UPLOAD`;
/** GSI4: the documents attached to a record. */
export const documentsOf = (to: AttachedTo) => `${TYPE_KEY[to.type]}#${to.id}#DOCUMENTS`;

function asDocument(item: Record<string, unknown>): DocumentRecord {
  return stripStorage<DocumentRecord>(item);
}

/** Writes a new upload; it must not exist yet. */
export async function putUpload(
  store: Store,
  doc: DocumentRecord & { uploadExpiresAt: string },
): Promise<void> {
  const written = await ioOf(store).put(
    {
      ...doc,
      state: 'uploaded',
      PK: documentPk(doc.id),
      SK: RECORD_SK,
      entity: 'document',
      [TTL_ATTRIBUTE]: Math.floor(Date.parse(doc.uploadExpiresAt) / 1000),
      GSI3PK: uploadsOfCity(doc.cityId),
      GSI3SK: `${doc.uploadExpiresAt}#${doc.id}`,
    },
    MUST_NOT_EXIST,
  );
  if (!written) throw new AlreadyExistsError(`A document with id ${doc.id} already exists.`);
}

/** A document by id, strongly consistent (an attach reads it just before writing it). */
export async function getDocument(store: Store, id: string): Promise<DocumentRecord | undefined> {
  const item = await ioOf(store).get(documentPk(id), RECORD_SK, 'strong');
  if (item?.entity !== 'document') return undefined;
  return asDocument(item);
}

export interface Attachment {
  readonly sha256: string;
  readonly state: Exclude<DocumentState, 'uploaded'>;
  readonly attachedTo: AttachedTo;
  readonly attachedAt: string;
}

/**
 * The transaction item that attaches an upload to a record: only an upload still unattached, by the user
 * who uploaded it, not expired at `attachedAt`. Put it in the same commit as the event that attaches it
 * (`{ kind: 'transactItem', ... }`); its condition failing cancels the whole event.
 */
export function attachDocumentItem(
  store: Store,
  doc: Pick<DocumentRecord, 'id' | 'uploadedBy'>,
  attachment: Attachment,
): TransactItem {
  return {
    Update: {
      TableName: store.tableName,
      Key: { PK: documentPk(doc.id), SK: RECORD_SK },
      UpdateExpression:
        'SET #state = :state, sha256 = :sha, attachedTo = :to, attachedAt = :at, GSI4PK = :g4pk, GSI4SK = :g4sk ' +
        'REMOVE #ttl, uploadExpiresAt, GSI3PK, GSI3SK',
      ConditionExpression: '#state = :uploaded AND uploadedBy = :by AND #ttl > :now',
      ExpressionAttributeNames: { '#state': 'state', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: {
        ':state': attachment.state,
        ':sha': attachment.sha256,
        ':to': {
          type: attachment.attachedTo.type,
          id: attachment.attachedTo.id,
          ...(attachment.attachedTo.messageId ? { messageId: attachment.attachedTo.messageId } : {}),
        },
        ':at': attachment.attachedAt,
        ':g4pk': documentsOf(attachment.attachedTo),
        ':g4sk': `${attachment.attachedAt}#${doc.id}`,
        ':uploaded': 'uploaded',
        ':by': doc.uploadedBy,
        ':now': Math.floor(Date.parse(attachment.attachedAt) / 1000),
      },
    },
  };
}

/** A scan verdict arrived: the document leaves `scanning` (only from `scanning`: a verdict is final). */
export async function setScanState(
  store: Store,
  id: string,
  state: 'available' | 'quarantined',
): Promise<boolean> {
  try {
    const io = ioOf(store);
    await io.db.send('UpdateItem', {
      TableName: io.tableName,
      Key: { PK: documentPk(id), SK: RECORD_SK },
      UpdateExpression: 'SET #state = :state',
      ConditionExpression: '#state = :scanning',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': state, ':scanning': 'scanning' },
    });
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    return rethrow(e);
  }
}

/** The documents attached to a record, in the order they were attached. */
export async function documentsOfRecord(store: Store, to: AttachedTo): Promise<DocumentRecord[]> {
  const items = await ioOf(store).queryAll({
    IndexName: 'GSI4',
    KeyConditionExpression: 'GSI4PK = :pk',
    values: { ':pk': documentsOf(to) },
  });
  return items.map(asDocument);
}

/** One page of a city's unattached uploads that expired at or before `at` (ISO), oldest first. */
export async function pageExpiredUploads(
  store: Store,
  cityId: string,
  at: string,
  opts: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<Page<DocumentRecord>> {
  const page = await ioOf(store).page<Record<string, unknown>>(
    {
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK <= :at',
      values: { ':pk': uploadsOfCity(cityId), ':at': `${at}#${HIGH}` },
    },
    opts,
  );
  return { items: page.items.map(asDocument), nextCursor: page.nextCursor };
}

/** Deletes an upload that was never attached (an attach that won meanwhile keeps it). */
export async function deleteUnattached(store: Store, id: string): Promise<boolean> {
  return ioOf(store).delete(
    { PK: documentPk(id), SK: RECORD_SK },
    { expression: '#state = :uploaded', names: { '#state': 'state' }, values: { ':uploaded': 'uploaded' } },
  );
}
