/**
 * Form validation with the API's own zod schemas (functions/src/http/schemas.ts). Loaded on demand, in
 * its own chunk, so the schemas' library never weighs on the first load.
 */
import {
  GrantApplication,
  GrantEvent,
  GrantPatch,
  MilestoneEvent,
  OrganisationPatch,
  PartnershipApplication,
  PartnershipEvent,
  PartnershipPatch,
  Report,
} from '../../functions/src/http/schemas.ts';
import type { FieldError } from './api/client.ts';

const schemas = {
  GrantApplication,
  GrantPatch,
  GrantEvent,
  PartnershipApplication,
  PartnershipPatch,
  PartnershipEvent,
  MilestoneEvent,
  Report,
  OrganisationPatch,
};
export type SchemaName = keyof typeof schemas;

/** Every problem with `value`, as the API would list it: a path and the schema's message. */
export function validate(name: SchemaName, value: unknown): FieldError[] {
  const result = schemas[name].safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    // A missing value has zod's generic message; say what the schemas say for an empty text.
    message:
      i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined
        ? 'Write something here.'
        : i.message,
  }));
}
