/**
 * The events that need a reason, without zod, so that the web's first load can read it. The compiler
 * checks the list against the event schemas both ways (each is required there, and none is missing).
 */
import type { ReasonRequiredEvent } from './requests.ts';

const REASON_REQUIRED_EVENTS = [
  'request_changes',
  'recommend',
  'reject',
  'suspend',
  'reinstate',
  'terminate',
  'request_revision',
  'query',
] as const satisfies readonly ReasonRequiredEvent[];

type Missing = Exclude<ReasonRequiredEvent, (typeof REASON_REQUIRED_EVENTS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

export const REASON_REQUIRED: ReadonlySet<string> = new Set(REASON_REQUIRED_EVENTS);
