/**
 * Documents on the wire: the upload a client declares, the presigned form it gets back, and a document as
 * its readers see it. The allowed types and the 20 MB limit are checked by the service (a 422 with the rule),
 * not here, so that a refused file says why rather than failing as a malformed request.
 */
import { z } from 'zod';
import { Id, Instant, Line } from './fields.ts';

export const UploadRequest = z
  .strictObject({
    fileName: Line(255),
    contentType: z.string().min(1).max(255).meta({ example: 'application/pdf' }),
    size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ description: 'In bytes' }),
  })
  .meta({ id: 'UploadRequest', description: 'A file the client is about to upload' });

export const UploadCreated = z
  .object({
    id: z.string().meta({ description: 'The upload id, to attach the file by' }),
    upload: z.object({
      method: z.literal('POST'),
      url: z.string(),
      fields: z
        .record(z.string(), z.string())
        .meta({ description: 'Form fields to send before the file (the file goes last, as `file`)' }),
    }),
    expiresAt: Instant.meta({ description: 'When the upload is deleted if it has not been attached' }),
    maxBytes: z.number().int(),
  })
  .meta({ id: 'UploadCreated', description: 'A presigned form to send one file straight to storage' });

export const DocumentState = z
  .enum(['uploaded', 'scanning', 'available', 'quarantined'])
  .meta({ id: 'DocumentState', description: '`quarantined`: the malware scan found a threat; never served' });

export const DocumentRecord = z
  .object({
    id: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string().nullable().meta({ description: 'Hex SHA-256 of the file, once attached' }),
    state: DocumentState,
    uploadedBy: z.string(),
    uploadedAt: Instant,
    attachedTo: z.object({ type: z.string(), id: z.string() }).nullable(),
  })
  .meta({ id: 'Document', description: 'A document and the record it is attached to' });

/** A document as the record it is attached to lists it. */
export const AttachedDocument = DocumentRecord.pick({
  id: true,
  fileName: true,
  contentType: true,
  size: true,
  state: true,
}).meta({ id: 'AttachedDocument', description: 'A file attached to this record' });

/** `link`: the link as JSON rather than a redirect, for a page that shows the file inline (img, iframe). */
export const DocumentContentQuery = z.object({
  as: z.enum(['redirect', 'link']).optional().meta({ description: 'Default `redirect` (302)' }),
});

export const DocumentLink = z
  .object({ url: z.string(), expiresAt: Instant })
  .meta({ id: 'DocumentLink', description: 'A link to the file that works for a few minutes' });

/** The upload ids a body attaches. */
export const Attachments = z.array(Id).max(20);
