/**
 * The mail texts and the notices' builders, loaded by the first request that tells someone (an event, a
 * message, an invitation, a declined registration), not by every cold start: 40 KB of every language's
 * wording that most requests, reads, never use. One loader of each for every service that sends.
 */
import { onDemand } from '#runtime/on-demand';

export const mailTexts = onDemand(() => import('./messages.ts'));
export const eventNotices = onDemand(() => import('./event-notices.ts'));
export const notify = onDemand(() => import('./notify.ts'));
