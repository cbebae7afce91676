/**
 * Form validation with the API's own zod schemas (functions/src/contract/requests.ts), with the same
 * structured field errors as the API's 400. Loaded on demand, in its own chunk, so the schemas' library
 * never weighs on the first load.
 */
import type { z } from 'zod';
import { UploadRequest } from '../../functions/src/contract/documents.ts';
import { ImpactLinkRequest } from '../../functions/src/contract/impact.ts';
import { AgreementTemplateInput } from '../../functions/src/contract/papers.ts';
import { fieldErrors } from '../../functions/src/contract/problem.ts';
import {
  CityPatch,
  CsoRegistration,
  FunderRegistration,
  GrantApplication,
  GrantEvent,
  GrantPatch,
  MemberInvitation,
  MePatch,
  MessagePost,
  MilestoneEvent,
  OrganisationPatch,
  PartnershipApplication,
  PartnershipEvent,
  PartnershipPatch,
  RegistrationEvent,
  Report,
  UserInvitation,
  UserPatch,
} from '../../functions/src/contract/requests.ts';
import { TranchePayment } from '../../functions/src/contract/workspace.ts';
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
  MessagePost,
  CsoRegistration,
  RegistrationEvent,
  CityPatch,
  UserInvitation,
  UserPatch,
  FunderRegistration,
  MemberInvitation,
  AgreementTemplateInput,
  UploadRequest,
  TranchePayment,
  MePatch,
  ImpactLinkRequest,
};
type Schemas = typeof schemas;
export type SchemaName = keyof Schemas;
export type Parsed<N extends SchemaName> = z.output<Schemas[N]>;

/** The value as the API will read it, or every problem with it as the API would list it. */
export function parse<N extends SchemaName>(
  name: N,
  value: unknown,
): { ok: true; data: Parsed<N> } | { ok: false; errors: FieldError[] } {
  const result = schemas[name].safeParse(value);
  return result.success
    ? { ok: true, data: result.data as Parsed<N> }
    : { ok: false, errors: fieldErrors(result.error.issues) };
}

/** Every problem with `value`, as the API would list it. */
export function validate(name: SchemaName, value: unknown): FieldError[] {
  const result = parse(name, value);
  return result.ok ? [] : result.errors;
}
