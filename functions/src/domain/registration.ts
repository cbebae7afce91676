/**
 * A CSO's registration: what it sent through the public form, and the officer's decision on it. A
 * small workflow like the others: submitted → verified (the organisation is created, its contact
 * invited) or declined (the reason is mailed to the contact). Pure: no store, no clock.
 */
import type { CsoRegistrationInput, RegistrationEventInput } from '#contract/requests';
import type { Language } from './city.ts';
import type { Actor } from './types.ts';
import type { Subject, TransitionTable } from './workflow.ts';

export const REGISTRATION_STATES = ['submitted', 'verified', 'declined'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

export interface Registration {
  readonly id: string;
  readonly cityId: string;
  readonly state: RegistrationState;
  readonly organisation: CsoRegistrationInput['organisation'];
  readonly contact: { readonly name: string; readonly email: string; readonly language: Language };
  readonly submittedAt: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  readonly decisionComment?: string;
  /** The organisation created at verification. */
  readonly organisationId?: string;
  readonly version: number;
}

export type RegistrationContext = Subject<Registration>;

export const registrationTransitions: TransitionTable<
  RegistrationState,
  RegistrationEventInput['type'],
  RegistrationContext,
  RegistrationEventInput
> = {
  verify: { from: ['submitted'], to: 'verified', by: ['city_officer'] },
  decline: { from: ['submitted'], to: 'declined', by: ['city_officer'] },
};

/** A registration number as the city's register compares them: no spaces, dots, dashes or case. */
export const normaliseRegistrationNumber = (n: string) => n.toUpperCase().replace(/[\s./-]/g, '');

/** The roles an actor holds towards a registration: the city's staff only. */
export function rolesOnRegistration(actor: Actor, r: Registration) {
  if (actor.cityId !== r.cityId) return [];
  return actor.roles.filter((role) => role === 'city_officer' || role === 'mayor_office' || role === 'admin');
}
