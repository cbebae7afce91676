/**
 * CSOs register themselves through the public form; a city officer verifies (the organisation is
 * created and its contact invited as its first member) or declines (the reason is mailed to the
 * contact in their language). Both are audited (the registration's own trail).
 */
import type { CsoRegistrationInput, RegistrationEventInput } from '#contract/requests';
import type { RegistrationPageView, RegistrationView } from '#contract/responses';
import { SERVICE_LIMITS } from '#domain/city';
import { NotFoundError } from '#domain/errors';
import {
  normaliseRegistrationNumber,
  type Registration,
  registrationTransitions,
  rolesOnRegistration,
} from '#domain/registration';
import type { Actor, AuditEntry } from '#domain/types';
import { allowedEvents, check } from '#domain/workflow';
import { mailTexts } from '#jobs/on-demand';
import { AlreadyExistsError } from '#store/errors';
import { queueMail } from '#store/mail-outbox';
import {
  countAttempt,
  decideRegistration,
  insertRegistration,
  getRegistration as loadRegistration,
  pageRegistrations,
  registrationAudit,
  registrationNumberTaken,
} from '#store/registrations';
import { auditDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { TooManyRequestsError } from './errors.ts';
import { newOrganisation } from './new-organisation.ts';
import { type InvitationLink, invite } from './users.ts';

/** Who acts when the public form is sent: nobody signed in. */
const PUBLIC_ACTOR_ID = 'public';

function view(r: Registration, actor: Actor, now: string): RegistrationView {
  const events = allowedEvents(registrationTransitions, {
    record: r,
    actor,
    roles: rolesOnRegistration(actor, r),
    now,
  });
  return { ...r, allowedEvents: events };
}

export async function submitRegistration(
  deps: Deps,
  cityId: string,
  input: CsoRegistrationInput,
  address: string,
): Promise<{ id: string; state: 'submitted' }> {
  if (!(await deps.store.getCity(cityId))) throw new NotFoundError('city', cityId);
  const now = deps.clock();
  const hour = new Date(now);
  hour.setUTCMinutes(0, 0, 0);
  const attempts = await countAttempt(deps.store, address, hour.toISOString());
  if (attempts > SERVICE_LIMITS.registrationsPerAddressPerHour)
    throw new TooManyRequestsError(
      Math.max(1, Math.ceil((hour.getTime() + 3_600_000 - now.getTime()) / 1000)),
    );
  const at = now.toISOString();
  const registration: Registration = {
    id: deps.newId('reg'),
    cityId,
    state: 'submitted',
    organisation: input.organisation,
    contact: { ...input.contact, email: input.contact.email.trim().toLowerCase() },
    submittedAt: at,
    version: 1,
  };
  await insertRegistration(
    deps.store,
    registration,
    auditDraft({
      entityType: 'registration',
      entityId: registration.id,
      event: 'submit',
      from: null,
      to: 'submitted',
      actor: { userId: PUBLIC_ACTOR_ID, cityId, roles: [] },
      role: 'system',
      at,
    }),
  );
  return { id: registration.id, state: 'submitted' };
}

async function load(deps: Deps, actor: Actor, id: string) {
  const found = await loadRegistration(deps.store, id);
  // Another city's registration does not exist for this city's staff.
  if (!found || rolesOnRegistration(actor, found.registration).length === 0)
    throw new NotFoundError('registration', id);
  return found;
}

export async function getRegistration(deps: Deps, actor: Actor, id: string): Promise<RegistrationView> {
  return view((await load(deps, actor, id)).registration, actor, deps.clock().toISOString());
}

export async function listRegistrations(
  deps: Deps,
  actor: Actor,
  query: { state?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<RegistrationPageView> {
  const page = await pageRegistrations(deps.store, actor.cityId, { ...query, limit: query.limit ?? 50 });
  const now = deps.clock().toISOString();
  return { items: page.items.map((r) => view(r, actor, now)), nextCursor: page.nextCursor };
}

export async function registrationEvent(
  deps: Deps,
  actor: Actor,
  id: string,
  event: RegistrationEventInput,
  link: InvitationLink = {},
): Promise<RegistrationView> {
  const { registration: r, auditHash } = await load(deps, actor, id);
  const at = deps.clock().toISOString();
  const { from, to, role } = check(
    registrationTransitions,
    { record: r, actor, roles: rolesOnRegistration(actor, r), now: at },
    event,
  );
  const audit = auditDraft({
    entityType: 'registration',
    entityId: r.id,
    event: event.type,
    from,
    to,
    actor,
    role,
    at,
    comment: event.comment,
  });
  const decided = {
    ...r,
    state: to,
    version: r.version + 1,
    decidedAt: at,
    decidedBy: actor.userId,
    ...(event.comment ? { decisionComment: event.comment } : {}),
  };

  if (event.type === 'decline') {
    await decideRegistration(deps.store, decided, r.version, auditHash, audit);
    const { mailText, render } = await mailTexts();
    const rendered = render(
      { kind: 'registration_declined', organisation: r.organisation.name, reason: event.comment },
      r.contact.language,
    );
    await queueMail(deps.store, {
      id: `registration-declined-${r.id}`,
      to: r.contact.email,
      toName: r.contact.name,
      language: r.contact.language,
      subject: rendered.subject,
      text: mailText(rendered, r.contact.language, undefined, undefined, r.contact.name),
      createdAt: at,
    });
    return view(decided, actor, at);
  }

  // Refused before anything is written: a number registered already, a contact who is a user already.
  const number = normaliseRegistrationNumber(r.organisation.registrationNumber);
  if (await registrationNumberTaken(deps.store, r.cityId, number))
    throw new AlreadyExistsError('This registration number is already registered in the city.');
  if (await deps.store.findUserByEmail(r.contact.email))
    throw new AlreadyExistsError(`The e-mail address ${r.contact.email} is already in use.`);
  const { legalForm: _legalForm, foundedYear: _foundedYear, ...profile } = r.organisation;
  const created = newOrganisation(deps, {
    profile,
    kind: 'cso',
    cityId: r.cityId,
    registrationNumber: number,
    actor,
    role,
    at,
    data: { registrationId: r.id },
  });
  const org = created.organisation;
  const verified = { ...decided, organisationId: org.id };
  await decideRegistration(deps.store, verified, r.version, auditHash, audit, created);
  await invite(
    deps,
    actor,
    r.cityId,
    {
      email: r.contact.email,
      name: r.contact.name,
      roles: ['cso'],
      organisationId: org.id,
      language: r.contact.language,
    },
    link,
  );
  return view(verified, actor, at);
}

/** A registration's trail, for its city's staff. */
export async function registrationAuditTrail(deps: Deps, actor: Actor, id: string): Promise<AuditEntry[]> {
  await load(deps, actor, id);
  return registrationAudit(deps.store, id);
}
