/**
 * The document use cases behind the routes and the attach points. Who may read a document is who may read
 * the record it is attached to (canRead, as for the record itself); anyone else is told it does not exist.
 */

import type { z } from 'zod';
import type {
  DocumentLink,
  DocumentRecord as DocumentView,
  UploadCreated,
  UploadRequest,
} from '#contract/documents';
import { type AccessSubject, canRead, rolesOn } from '#domain/access';
import type { AttachedDocument } from '#domain/documents';
import { NotFoundError, RuleViolationError } from '#domain/errors';
import type { Actor, Role } from '#domain/types';
import type { AttachedTo, DocumentRecord } from '#store/documents';
import type { Write } from '#store/store';
import {
  attachWrite,
  type CheckedDocument,
  CONTENT_LINK_SECONDS,
  contentUrl,
  createUpload,
  type DocumentsDeps,
  documentView,
  inspectForAttach,
  readDocument,
} from '../files/service.ts';
import type { Deps } from './deps.ts';

/** Who reads a record's conversation, and so the files sent with its messages. */
const CONVERSING: readonly Role[] = ['cso', 'city_officer', 'mayor_office'];

/** The documents part of the dependencies; a deployment without a bucket cannot take files. */
export function documentsDeps(deps: Deps): DocumentsDeps {
  if (!deps.files) throw new Error('No store of files is configured (DOCUMENTS_BUCKET).');
  return {
    store: deps.store,
    files: deps.files,
    clock: deps.clock,
    newId: deps.newId,
    scanning: deps.scanning,
  };
}

export async function startUpload(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof UploadRequest>,
): Promise<z.output<typeof UploadCreated>> {
  return createUpload(documentsDeps(deps), actor, input);
}

/** The document if the actor may see it: the reader of its record, or its uploader while unattached. */
async function readable(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ doc: DocumentRecord; mayRead: boolean }> {
  const doc = await readDocument(documentsDeps(deps), id);
  if (!doc || doc.cityId !== actor.cityId) throw new NotFoundError('document', id);
  if (!doc.attachedTo) {
    if (doc.uploadedBy !== actor.userId) throw new NotFoundError('document', id);
    return { doc, mayRead: false };
  }
  const record = await deps.store.getRecord<AccessSubject>(doc.attachedTo.type, doc.attachedTo.id);
  if (!record || !canRead(actor, record.record)) throw new NotFoundError('document', id);
  // A message's file is the conversation's: a funder who reads the grant does not read its conversation.
  if (doc.attachedTo.messageId && !rolesOn(actor, record.record).some((r) => CONVERSING.includes(r)))
    throw new NotFoundError('document', id);
  return { doc, mayRead: true };
}

export async function getDocumentFor(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<z.output<typeof DocumentView>> {
  return documentView((await readable(deps, actor, id)).doc);
}

export async function documentContentUrl(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<z.output<typeof DocumentLink>> {
  const { doc, mayRead } = await readable(deps, actor, id);
  const url = await contentUrl(documentsDeps(deps), doc, mayRead);
  const expiresAt = new Date(deps.clock().getTime() + CONTENT_LINK_SECONDS * 1000).toISOString();
  return { url, expiresAt };
}

/** Uploads checked for attaching to one record: the writes for its commit, the list for its view and the audit's hashes. */
export interface Attaching {
  readonly writes: Write[];
  readonly documents: {
    id: string;
    fileName: string;
    contentType: string;
    size: number;
    state: CheckedDocument['state'];
  }[];
  /** For the audit entry of the attaching event: each file's id and SHA-256. */
  readonly audit: { id: string; sha256: string }[];
}

/** One upload to attach, and the body field that named it (for a refusal's `path`). */
export interface UploadToAttach {
  readonly uploadId: string;
  readonly path: string;
}

/**
 * Checks each upload (exists, size, type; hashed) and prepares its attach write. `path` names the body field
 * in rule failures, each upload by its index (`report.attachments[1]`).
 */
export async function attachUploads(
  deps: Deps,
  actor: Actor,
  uploadIds: readonly string[],
  to: AttachedTo,
  path: string,
): Promise<Attaching> {
  return attachEach(deps, actor, uploadsAt(path, uploadIds), to);
}

async function attachEach(
  deps: Deps,
  actor: Actor,
  uploads: readonly UploadToAttach[],
  to: AttachedTo,
): Promise<Attaching> {
  const out: Attaching = { writes: [], documents: [], audit: [] };
  if (uploads.length === 0) return out;
  const seen = new Set<string>();
  for (const { uploadId, path } of uploads) {
    if (seen.has(uploadId))
      throw new RuleViolationError([
        { rule: 'document_already_attached', path, message: 'The same file is attached twice.' },
      ]);
    seen.add(uploadId);
  }
  const d = documentsDeps(deps);
  for (const { uploadId, path } of uploads) {
    const checked = await inspectForAttach(d, uploadId, actor, { path });
    const { id, fileName, contentType, size } = checked.document;
    out.writes.push(attachWrite(d, checked, to));
    out.documents.push({ id, fileName, contentType, size, state: checked.state });
    out.audit.push({ id, sha256: checked.sha256 });
  }
  return out;
}

/** The files of a record once an event attached more: for its next version, its audit entry and its commit. */
export interface RecordFiles {
  readonly writes: Write[];
  /** Every file of the record, those it had and the new ones; undefined when it has none. */
  readonly files: AttachedDocument[] | undefined;
  /** The new files' ids and SHA-256, for the audit entry's data (undefined when none). */
  readonly audit: { documents: { id: string; sha256: string }[] } | undefined;
  /** The new files, in the order they were named. */
  readonly added: Attaching['documents'];
}

/**
 * Attaches to a record the uploads a body names that it does not hold yet: a form sent again with the files
 * it already has (an edited draft) attaches only what is new. With no uploads named, nothing is read.
 */
export async function attachToRecord(
  deps: Deps,
  actor: Actor,
  to: AttachedTo,
  held: readonly AttachedDocument[] | undefined,
  uploads: readonly UploadToAttach[],
): Promise<RecordFiles> {
  const have = new Set((held ?? []).map((f) => f.id));
  const attaching = await attachEach(
    deps,
    actor,
    uploads.filter((u) => !have.has(u.uploadId)),
    to,
  );
  const files = [...(held ?? []), ...attaching.documents];
  return {
    writes: attaching.writes,
    files: files.length > 0 ? files : undefined,
    audit: attaching.audit.length > 0 ? { documents: attaching.audit } : undefined,
    added: attaching.documents,
  };
}

/** The files of a partnership's declared documents, each named by its place (`documents[2].uploadId`). */
export const documentUploads = (
  documents: readonly { uploadId?: string | undefined }[] | undefined,
): UploadToAttach[] =>
  (documents ?? []).flatMap((d, i) =>
    d.uploadId ? [{ uploadId: d.uploadId, path: `documents[${i}].uploadId` }] : [],
  );

/** The uploads of a list of upload ids, each named by its place in the body field `path`. */
export const uploadsAt = (path: string, ids: readonly string[] | undefined): UploadToAttach[] =>
  (ids ?? []).map((uploadId, i) => ({ uploadId, path: `${path}[${i}]` }));
