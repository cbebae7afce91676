/** The city's settings: every signed-in user of the city reads them, its admin changes them. */
import { createRoute } from '@hono/zod-openapi';
import { AgreementTemplateInput, AgreementTemplateRecord } from '#contract/papers';
import { CityPatch } from '#contract/requests';
import { CityRecord } from '#contract/responses';
import { editCity, getCity } from '#services/city';
import { getCityAgreementTemplate, saveCityAgreementTemplate } from '#services/papers';
import { etag } from '../headers.ts';
import { bearer, json, problem, problems } from '../openapi.ts';
import { allow } from '../policy.ts';
import { router } from '../router.ts';

export const cityRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/city',
      operationId: 'getCity',
      tags: ['city'],
      summary: 'The settings of the signed-in user’s city',
      security: bearer,
      middleware: [allow('GET /v1/city')] as const,
      responses: { 200: json(CityRecord, 'The settings'), ...problems },
    }),
    async (c) => {
      const city = await getCity(c.var.deps, c.var.actor);
      c.header('ETag', etag(city.version));
      return c.json(city, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/v1/city',
      operationId: 'editCity',
      tags: ['city'],
      summary: 'Change the city’s settings (what is submitted afterwards follows them)',
      security: bearer,
      middleware: [allow('PATCH /v1/city')] as const,
      request: { body: { content: { 'application/json': { schema: CityPatch } }, required: true } },
      responses: {
        200: json(CityRecord, 'The settings as they are now'),
        ...problems,
        409: problem('Currency or time zone fixed once the city has a grant'),
        412: problem('Stale If-Match'),
        422: problem('A rule is broken'),
      },
    }),
    async (c) => {
      const city = await editCity(c.var.deps, c.var.actor, c.req.valid('json'), c.req.header('If-Match'));
      c.header('ETag', etag(city.version));
      return c.json(city, 200);
    },
  )
  // The agreement template: its admin edits it; the next agreement drawn up uses it.
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/city/agreement-template',
      operationId: 'getAgreementTemplate',
      tags: ['city'],
      summary: 'The city’s agreement template, in each language, as the next approval uses it',
      security: bearer,
      middleware: [allow('GET /v1/city/agreement-template')] as const,
      responses: { 200: json(AgreementTemplateRecord, 'The template and its version'), ...problems },
    }),
    async (c) => {
      const template = await getCityAgreementTemplate(c.var.deps, c.var.actor);
      c.header('ETag', etag(template.version));
      return c.json(template, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/v1/city/agreement-template',
      operationId: 'saveAgreementTemplate',
      tags: ['city'],
      summary: 'Save a new version of the agreement template (agreements already drawn up never change)',
      security: bearer,
      middleware: [allow('PUT /v1/city/agreement-template')] as const,
      request: {
        body: { content: { 'application/json': { schema: AgreementTemplateInput } }, required: true },
      },
      responses: {
        200: json(AgreementTemplateRecord, 'The template as it is now, with its new version'),
        ...problems,
        412: problem('Stale If-Match'),
        422: problem('An unknown blank, a list blank not alone on its line, or a section left empty'),
      },
    }),
    async (c) => {
      const template = await saveCityAgreementTemplate(
        c.var.deps,
        c.var.actor,
        c.req.valid('json'),
        c.req.header('If-Match'),
      );
      c.header('ETag', etag(template.version));
      return c.json(template, 200);
    },
  );
