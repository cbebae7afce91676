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
import { type AccessSubject, canRead } from '#domain/access';
import { NotFoundError, RuleViolationError } from '#domain/errors';
import type { Actor } from '#domain/types';
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
  const out: Attaching = { writes: [], documents: [], audit: [] };
  if (uploadIds.length === 0) return out;
  if (new Set(uploadIds).size !== uploadIds.length)
    throw new RuleViolationError([
      { rule: 'document_already_attached', path, message: 'The same file is attached twice.' },
    ]);
  const d = documentsDeps(deps);
  for (const [i, uploadId] of uploadIds.entries()) {
    const checked = await inspectForAttach(d, uploadId, actor, { path: `${path}[${i}]` });
    const { id, fileName, contentType, size } = checked.document;
    out.writes.push(attachWrite(d, checked, to));
    out.documents.push({ id, fileName, contentType, size, state: checked.state });
    out.audit.push({ id, sha256: checked.sha256 });
  }
  return out;
}
