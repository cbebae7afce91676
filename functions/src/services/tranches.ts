/**
 * Payment tranches: an officer records the payment of a tranche once it is released (its condition
 * holds and no overdue report holds it): `released → paid`, a grant version with its audit entry, the
 * day and reference of the payment, its proof if one is attached, and a notice to the organisation.
 */
import type { TranchePaymentInput } from '#contract/workspace';
import { belongsTo } from '#domain/access';
import { localDate } from '#domain/calendar';
import { EventNotAllowedError, ForbiddenError, NotFoundError, RuleViolationError } from '#domain/errors';
import type { Grant, Tranche } from '#domain/grant';
import type { Actor } from '#domain/types';
import type { Deps } from './deps.ts';
import { attachToRecord } from './documents.ts';
import { commitEvent, idempotentEvent, loadForEvent } from './events.ts';
import type { Created, IdempotencyInput } from './idempotency.ts';
import { checkIfMatch } from './if-match.ts';
import { type GrantView, grantView } from './views.ts';

export async function payTranche(
  deps: Deps,
  actor: Actor,
  grantId: string,
  trancheId: string,
  ifMatch?: string,
  payment: TranchePaymentInput = {},
  idem?: IdempotencyInput,
): Promise<Created<GrantView>> {
  return idempotentEvent(deps, actor, idem, async (claim) => {
    // If-Match after the duties: a stale version is no reason to hide that the person may not pay.
    const { record: g, roles, auditHash, city } = await loadForEvent<Grant>(deps, 'grant', grantId, actor);
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
    const notice = {
      kind: 'payment_made',
      record: 'grant',
      title: g.title,
      amount: tranche.amount,
      date: payment.paidOn ?? today,
    } as const;
    const { paidOn, reference } = payment;
    return commitEvent(
      deps,
      {
        type: 'grant',
        record: g,
        next,
        auditHash,
        actor,
        role: 'city_officer',
        event: { type: 'pay_tranche' },
        from: g.state,
        to: g.state,
        now,
        data: { trancheId, amount: tranche.amount, paidOn, reference, ...proof.audit },
        writes: proof.writes,
        tell: [{ to: ['members'], notice }],
        ifMatch,
        claim,
      },
      (v) => grantView(v, { actor, roles, now, city }),
    );
  });
}
