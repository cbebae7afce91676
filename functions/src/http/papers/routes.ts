/**
 * The papers of a record (signed in): a partnership's agreement and a decided grant's letter, each as a
 * printable HTML page and as a PDF, in Arabic, French or English. Whoever may read the record may read
 * its papers; before there is one (no approval, no decision) it is a 404.
 */
import { createHash } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { agreementHtml, agreementPdf, grantLetter } from '#services/papers';
import { bearer, idParams, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

const LangQuery = z.object({
  lang: z
    .enum(['ar', 'fr', 'en'])
    .default('en')
    .meta({ param: { name: 'lang', in: 'query' }, description: 'The language of the paper' }),
});

const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: z.string() } },
});
const pdf = (description: string) => ({
  description,
  content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
});

/**
 * A page of the API's origin that shows a user's record: nothing runs in it and it loads nothing. Its
 * one inline style sheet is allowed by its hash, so that no injected markup could add another.
 */
function paperPolicy(page: string): string {
  const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `style-src 'sha256-${hash}'`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function htmlPaper(c: Context, page: string): Response {
  c.header('Content-Security-Policy', paperPolicy(page));
  c.header('Cache-Control', 'private, no-store');
  return c.body(page, 200, { 'Content-Type': 'text/html; charset=utf-8' });
}

function pdfPaper(c: Context, bytes: Uint8Array, name: string): Response {
  c.header('Cache-Control', 'private, no-store');
  c.header('Content-Disposition', `inline; filename="${name}"`);
  return c.body(new Uint8Array(bytes).buffer, 200, { 'Content-Type': 'application/pdf' });
}

export const paperRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/partnerships/{id}/agreement',
      operationId: 'getPartnershipAgreement',
      tags: ['partnerships'],
      summary: 'The partnership agreement as a printable page, signatures as they stand',
      description: 'Right to left in Arabic; its footer carries the reference and the hash that is signed.',
      security: bearer,
      middleware: [allow('GET /v1/partnerships/{id}/agreement')] as const,
      request: { params: idParams, query: LangQuery },
      responses: { 200: html('The agreement, a complete HTML page'), ...problems },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return htmlPaper(c, await agreementHtml(c.var.deps, c.var.actor, id, c.req.valid('query').lang));
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/partnerships/{id}/agreement.pdf',
      operationId: 'getPartnershipAgreementPdf',
      tags: ['partnerships'],
      summary: 'The partnership agreement as a PDF (Arabic shaped and joined)',
      security: bearer,
      middleware: [allow('GET /v1/partnerships/{id}/agreement.pdf')] as const,
      request: { params: idParams, query: LangQuery },
      responses: { 200: pdf('The agreement, A4'), ...problems },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { lang } = c.req.valid('query');
      return pdfPaper(
        c,
        await agreementPdf(c.var.deps, c.var.actor, id, lang),
        `agreement-${id}-${lang}.pdf`,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/grants/{id}/letter',
      operationId: 'getGrantLetter',
      tags: ['grants'],
      summary: 'The decision letter of a decided grant as a printable page: the award, or the reasons',
      security: bearer,
      middleware: [allow('GET /v1/grants/{id}/letter')] as const,
      request: { params: idParams, query: LangQuery },
      responses: { 200: html('The letter, a complete HTML page'), ...problems },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const letter = await grantLetter(c.var.deps, c.var.actor, id, c.req.valid('query').lang);
      return htmlPaper(c, letter.html);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/grants/{id}/letter.pdf',
      operationId: 'getGrantLetterPdf',
      tags: ['grants'],
      summary: 'The decision letter of a decided grant as a PDF',
      security: bearer,
      middleware: [allow('GET /v1/grants/{id}/letter.pdf')] as const,
      request: { params: idParams, query: LangQuery },
      responses: { 200: pdf('The letter, A4'), ...problems },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { lang } = c.req.valid('query');
      const letter = await grantLetter(c.var.deps, c.var.actor, id, lang);
      return pdfPaper(c, await letter.pdf(), `letter-${id}-${lang}.pdf`);
    },
  );
