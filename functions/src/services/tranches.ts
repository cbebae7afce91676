/**
 * Payment tranches: an officer records the payment of a tranche once it is released (its condition
 * holds and no overdue report holds it): `released → paid`, a grant version with its audit entry.
 */

import type { TranchePaymentInput } from '#contract/workspace';
import { belongsTo } from '#domain/access';
import { localDate } from '#domain/calendar';
import { EventNotAllowedError, ForbiddenError, NotFoundError, RuleViolationError } from '#domain/errors';
import type { Grant, Tranche } from '#domain/grant';
import type { Actor } from '#domain/types';
import { loadReadable } from './access.ts';
import { auditDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { attachToRecord } from './documents.ts';
import { checkIfMatch, withVersionRace } from './if-match.ts';
import { type GrantView, grantView } from './views.ts';

export async function payTranche(
  deps: Deps,
  actor: Actor,
  grantId: string,
  trancheId: string,
  ifMatch?: string,
  payment: TranchePaymentInput = {},
): Promise<GrantView> {
  const { record: g, roles, auditHash } = await loadReadable<Grant>(deps, 'grant', grantId, actor);
  if (!roles.includes('city_officer')) throw new ForbiddenError('Only a city officer records a payment.');
  // Separation of duties: nobody pays an organisation they belong to.
  if (belongsTo(actor, g))
    throw new ForbiddenError(
      'You belong to the organisation to be paid, so another officer must record this payment.',
    );
  checkIfMatch(ifMatch, g.version);
  const tranche = g.tranches.find((t) => t.id === trancheId);
  if (!tranche) throw new NotFoundError('tranche', trancheId);
  if (tranche.state !== 'released') {
    throw new EventNotAllowedError(
      'pay',
      tranche.state,
      tranche.state === 'held'
        ? 'This tranche is on hold until the overdue report of this grant is submitted.'
        : `"pay" is not possible while the tranche is "${tranche.state}".`,
    );
  }
  const now = deps.clock().toISOString();
  const city = await deps.cities.get(g.cityId);
  const today = localDate(now, city.calendar.timeZone);
  const awarded = g.decidedAt ? localDate(g.decidedAt, city.calendar.timeZone) : today;
  if (payment.paidOn !== undefined && (payment.paidOn < awarded || payment.paidOn > today))
    throw new RuleViolationError([
      {
        rule: 'paid_on_range',
        path: 'paidOn',
        message: `The payment date must lie between the award (${awarded}) and today (${today}).`,
      },
    ]);
  const proof = await attachToRecord(
    deps,
    actor,
    { type: 'grant', id: g.id },
    g.files,
    payment.proofUploadId ? [{ uploadId: payment.proofUploadId, path: 'proofUploadId' }] : [],
  );
  const paid: Tranche = {
    ...tranche,
    state: 'paid',
    paidAt: now,
    ...(payment.paidOn ? { paidOn: payment.paidOn } : {}),
    ...(payment.reference ? { reference: payment.reference } : {}),
    ...(payment.proofUploadId ? { proofDocumentId: payment.proofUploadId } : {}),
  };
  const next: Grant = {
    ...g,
    ...(proof.files ? { files: proof.files } : {}),
    version: g.version + 1,
    updatedAt: now,
    tranches: g.tranches.map((t) => (t.id === trancheId ? paid : t)),
  };
  await withVersionRace(ifMatch, () =>
    deps.store.commit([
      {
        kind: 'update',
        type: 'grant',
        record: next,
        expectedVersion: g.version,
        prevHash: auditHash,
        audit: auditDraft({
          entityType: 'grant',
          entityId: g.id,
          event: 'pay_tranche',
          from: g.state,
          to: g.state,
          actor,
          role: 'city_officer',
          at: now,
          data: { trancheId, amount: tranche.amount, ...payment, ...proof.audit },
        }),
      },
      ...proof.writes,
    ]),
  );
  return grantView(next, { actor, roles, now, city });
}
