/** Documents: the presigned upload form, a document's record, and a short-lived link to its file. */
import { createRoute } from '@hono/zod-openapi';
import {
  DocumentContentQuery,
  DocumentLink,
  DocumentRecord,
  UploadCreated,
  UploadRequest,
} from '#contract/documents';
import { documentContentUrl, getDocumentFor, startUpload } from '#services/documents';
import { bearer, idParams, json, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const documentRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/uploads',
      operationId: 'createUpload',
      tags: ['documents'],
      summary: 'A presigned form to upload one file straight to storage, to attach it afterwards',
      security: bearer,
      middleware: [allow('POST /v1/uploads')] as const,
      request: { body: { content: { 'application/json': { schema: UploadRequest } }, required: true } },
      responses: {
        201: json(UploadCreated, 'The form to post the file with'),
        ...problems,
        422: problem('A type that is not accepted, or more than 20 MB'),
      },
    }),
    async (c) => c.json(await startUpload(c.var.deps, c.var.actor, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/documents/{id}',
      operationId: 'getDocument',
      tags: ['documents'],
      summary: 'A document, for whoever may read the record it is attached to',
      security: bearer,
      middleware: [allow('GET /v1/documents/{id}')] as const,
      request: { params: idParams },
      responses: { 200: json(DocumentRecord, 'The document'), ...problems },
    }),
    async (c) => c.json(await getDocumentFor(c.var.deps, c.var.actor, c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/documents/{id}/content',
      operationId: 'getDocumentContent',
      tags: ['documents'],
      summary: 'Redirects to a link to the file that works for a few minutes (or gives it, with as=link)',
      security: bearer,
      middleware: [allow('GET /v1/documents/{id}/content')] as const,
      request: { params: idParams, query: DocumentContentQuery },
      responses: {
        200: json(DocumentLink, 'The link (as=link)'),
        302: {
          description: 'The file, at a presigned link (Location)',
          headers: { Location: { schema: { type: 'string' } } },
        },
        ...problems,
        409: problem('The file is still being scanned, or the scan found a threat'),
      },
    }),
    async (c) => {
      const link = await documentContentUrl(c.var.deps, c.var.actor, c.req.valid('param').id);
      return c.req.valid('query').as === 'link' ? c.json(link, 200) : c.redirect(link.url, 302);
    },
  );
