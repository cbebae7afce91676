/**
 * An entry bundled by test/e2e/lambda-validation.test.ts with the Lambda bundler (infra/bundling.ts): what a
 * function's code can still do with zod once its JSON Schema generation is left out, and what it cannot.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';

const Name = z.string().min(2).max(5).meta({ id: 'BundledName', description: 'kept by .meta()' });

/** Parsing, zod's messages, `.meta()` and the standard schema's `validate`: what requests use. */
export const validates = () => ({
  good: Name.safeParse('Amal'),
  bad: Name.safeParse('A').error?.issues.map((i) => i.message),
  meta: z.globalRegistry.get(Name)?.description,
  standard: Name['~standard'].validate('Amal'),
});

/** What builds a JSON Schema: built at build time only. */
export const jsonSchemaOf = () => z.toJSONSchema(Name);
export const jsonSchemaMethod = () => Name.toJSONSchema();
export const standardJsonSchema = () => Name['~standard'].jsonSchema.input({ target: 'draft-2020-12' });
/** A getter that reads the checks as a JSON Schema would. */
export const maxLengthOf = () => Name.maxLength;
/** `OpenAPIHono`'s own document builder: the bundle serves the document built at build time. */
export const documentOf = () =>
  new OpenAPIHono().getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
