/**
 * Documents, from the form handed to the browser to the link that serves the file:
 * - createUpload: the declared file is checked, an upload item written (24 h to be attached) and a
 *   presigned POST returned for that key, that Content-Type and at most the declared size;
 * - inspectForAttach: the stored bytes are copied out of the uploader's reach, checked against what was
 *   declared and hashed; the caller commits attachWrite with the event that attaches the document;
 * - contentUrl: a presigned GET of a few minutes, for whoever may read the record the document belongs to;
 * - sweepExpiredUploads: the daily job's clean-up of uploads never attached.
 * Who may read a document is who may read its record: the caller decides that (domain/access.ts canRead)
 * and passes the answer, so the rule lives in one place.
 */
import { EventNotAllowedError, ForbiddenError, NotFoundError, RuleViolationError } from '#domain/errors';
import type { Actor } from '#domain/types';
import {
  type AttachedTo,
  attachDocumentItem,
  type DocumentRecord,
  deleteUnattached,
  getDocument,
  pageExpiredUploads,
  putUpload,
  setScanState,
  UPLOAD_TTL_SECONDS,
} from '#store/documents';
import type { Store, Write } from '#store/store';
import { checkObject, checkUpload, MAX_DOCUMENT_BYTES, normalContentType, sniffLength } from './rules.ts';
import { documentKey, type FileStorage, type PresignedUpload, uploadKey } from './storage.ts';

export interface DocumentsDeps {
  readonly store: Store;
  readonly files: FileStorage;
  readonly clock: () => Date;
  readonly newId: (prefix: string) => string;
  /**
   * `guardduty` (deployed): an attached document is `scanning` until GuardDuty tags it. `none` (local, where
   * nothing scans): the attach checks are all there is, and the document is `available` at once.
   */
  readonly scanning: 'guardduty' | 'none';
}

/** How long the presigned form may be used to send the file. */
export const UPLOAD_FORM_SECONDS = 15 * 60;
/** How long a download link works: long enough to start a download, short enough not to be passed around. */
export const CONTENT_LINK_SECONDS = 5 * 60;

export interface UploadInput {
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
}

export interface CreatedUpload {
  readonly id: string;
  readonly upload: PresignedUpload;
  /** When the upload is deleted if it has not been attached. */
  readonly expiresAt: string;
  /** The most bytes the form accepts: the declared size. */
  readonly maxBytes: number;
}

/** Anyone who acts on records may upload; an administrator alone manages settings, not files. */
function mayUpload(actor: Actor): boolean {
  return actor.roles.some((r) => r !== 'admin');
}

/** A presigned POST for one declared file; 422 (RuleViolationError) when the file may not be attached at all. */
export async function createUpload(
  deps: DocumentsDeps,
  actor: Actor,
  input: UploadInput,
): Promise<CreatedUpload> {
  if (!mayUpload(actor)) throw new ForbiddenError('Only people who work on records may upload documents.');
  const failures = checkUpload(input);
  if (failures.length > 0) throw new RuleViolationError(failures);
  const now = deps.clock();
  const id = deps.newId('doc');
  const contentType = normalContentType(input.contentType);
  const expiresAt = new Date(now.getTime() + UPLOAD_TTL_SECONDS * 1000).toISOString();
  await putUpload(deps.store, {
    id,
    fileName: input.fileName,
    contentType,
    size: input.size,
    uploadedBy: actor.userId,
    cityId: actor.cityId,
    organisationId: actor.organisationId,
    createdAt: now.toISOString(),
    uploadExpiresAt: expiresAt,
    state: 'uploaded',
  });
  const upload = await deps.files.presignUpload(uploadKey(id), {
    contentType,
    maxBytes: input.size,
    expiresInSeconds: UPLOAD_FORM_SECONDS,
  });
  return { id, upload, expiresAt, maxBytes: input.size };
}

/** An upload that passed the attach checks: its stored bytes are the declared file, with this hash. */
export interface CheckedDocument {
  readonly document: DocumentRecord;
  readonly sha256: string;
  /** The state it takes when attached. */
  readonly state: 'scanning' | 'available';
}

/**
 * Checks an upload before it is attached: it is the actor's, not attached yet, not expired, and its bytes
 * exist, have the declared size and begin like the declared type. The bytes are first copied under
 * documents/, where the uploader's form cannot write, so what is checked and hashed is what is kept.
 * `path` names the body field in the rule failures (e.g. `attachments[0]`).
 */
export async function inspectForAttach(
  deps: DocumentsDeps,
  uploadId: string,
  actor: Actor,
  opts: { path?: string } = {},
): Promise<CheckedDocument> {
  const fail = (rule: string, message: string): never => {
    throw new RuleViolationError([{ rule, message, ...(opts.path ? { path: opts.path } : {}) }]);
  };
  const doc = await getDocument(deps.store, uploadId);
  // Someone else's upload is not for this actor to know about.
  if (!doc || doc.uploadedBy !== actor.userId) throw new NotFoundError('upload', uploadId);
  if (doc.state !== 'uploaded')
    fail('document_already_attached', 'This file is already attached to a record.');
  if (!doc.uploadExpiresAt || doc.uploadExpiresAt <= deps.clock().toISOString())
    fail('document_missing', 'The upload has expired: upload the file again.');

  const key = documentKey(doc.id);
  try {
    await deps.files.copy(uploadKey(doc.id), key);
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NotFound') fail('document_missing', 'The file was not uploaded.');
    throw e;
  }
  const inspected = await deps.files.inspect(key, sniffLength(doc));
  const failures = await checkObject(doc, inspected);
  if (failures.length > 0) {
    await deps.files.delete(key);
    throw new RuleViolationError(failures.map((f) => (opts.path ? { ...f, path: opts.path } : f)));
  }
  const sha256 = await deps.files.sha256(key);
  return { document: doc, sha256, state: deps.scanning === 'none' ? 'available' : 'scanning' };
}

/**
 * The write that attaches a checked document to a record, for the commit of the event that attaches it.
 * Its condition (still unattached, same uploader, not expired) failing cancels the event: 409.
 */
export function attachWrite(deps: DocumentsDeps, checked: CheckedDocument, to: AttachedTo): Write {
  return {
    kind: 'transactItem',
    item: attachDocumentItem(deps.store, checked.document, {
      sha256: checked.sha256,
      state: checked.state,
      attachedTo: to,
      attachedAt: deps.clock().toISOString(),
    }),
    owner: { type: 'document', id: checked.document.id },
  };
}

export interface DocumentView {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string | null;
  readonly state: DocumentRecord['state'];
  readonly uploadedBy: string;
  readonly uploadedAt: string;
  readonly attachedTo: AttachedTo | null;
}

/** What GET /v1/documents/{id} shows. */
export function documentView(doc: DocumentRecord): DocumentView {
  return {
    id: doc.id,
    fileName: doc.fileName,
    contentType: doc.contentType,
    size: doc.size,
    sha256: doc.sha256 ?? null,
    state: doc.state,
    uploadedBy: doc.uploadedBy,
    uploadedAt: doc.createdAt,
    attachedTo: doc.attachedTo ? { type: doc.attachedTo.type, id: doc.attachedTo.id } : null,
  };
}

/**
 * A document with its scan state brought up to date: while `scanning`, GuardDuty's tag is read and a
 * verdict, once there, is written back (a verdict is final; the tag is read no more).
 */
export async function readDocument(deps: DocumentsDeps, id: string): Promise<DocumentRecord | undefined> {
  const doc = await getDocument(deps.store, id);
  if (doc?.state !== 'scanning' || deps.scanning === 'none') return doc;
  const state = await deps.files.scanState(documentKey(id));
  if (state === 'scanning') return doc;
  await setScanState(deps.store, id, state);
  return { ...doc, state };
}

/**
 * A short-lived link to the file (pass the document as readDocument returns it), for a reader of the record it is attached to (`readerMayReadRecord`, from
 * canRead on that record). Anyone else, and any unattached upload: not found. A file still being scanned
 * is not served yet (409); an infected one never is (409, its state says why).
 */
export async function contentUrl(
  deps: DocumentsDeps,
  doc: DocumentRecord,
  readerMayReadRecord: boolean,
): Promise<string> {
  if (!readerMayReadRecord || !doc.attachedTo) throw new NotFoundError('document', doc.id);
  if (doc.state === 'scanning')
    throw new EventNotAllowedError(
      'content',
      doc.state,
      'The file is being checked for malware; it can be opened in a minute or two.',
    );
  if (doc.state !== 'available')
    throw new EventNotAllowedError(
      'content',
      doc.state,
      'The malware scan found a threat in this file: it is kept aside and cannot be opened.',
    );
  return deps.files.presignDownload(documentKey(doc.id), {
    fileName: doc.fileName,
    contentType: doc.contentType,
    expiresInSeconds: CONTENT_LINK_SECONDS,
  });
}

/**
 * The daily job's clean-up: every upload left unattached past its 24 hours loses its objects (the upload and
 * any copy a failed attach left) and its item. In AWS the bucket's lifecycle rule and the table's TTL do the
 * same, lazily; locally nothing else does.
 */
export async function sweepExpiredUploads(
  deps: Pick<DocumentsDeps, 'store' | 'files'>,
  now: Date,
): Promise<{ deleted: number }> {
  let deleted = 0;
  const at = now.toISOString();
  for (const city of await deps.store.listCities()) {
    let cursor: string | undefined;
    do {
      const page = await pageExpiredUploads(deps.store, city.id, at, { cursor, limit: 100 });
      for (const doc of page.items) {
        await deps.files.delete(uploadKey(doc.id), documentKey(doc.id));
        if (await deleteUnattached(deps.store, doc.id)) deleted++;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return { deleted };
}

export { MAX_DOCUMENT_BYTES };
