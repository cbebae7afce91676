/** A file as the record it is attached to lists it (the contract's AttachedDocument). */
import type { z } from 'zod';
import type { AttachedDocument as AttachedDocumentSchema } from '../contract/documents.ts';

export type AttachedDocument = z.output<typeof AttachedDocumentSchema>;
