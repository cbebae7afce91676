/**
 * Grants built through the real API for the tests of reports and impact: a CSO applies, the officer
 * recommends, the mayor's office awards (with the award given), the CSO accepts.
 */
import { type Client, fastApplication } from './harness.ts';

export interface GrantCast {
  readonly cso: Client;
  readonly officer: Client;
  readonly mayor: Client;
}

/** An active grant of the CSO's organisation; returns its id. */
export async function activeGrant(
  cast: GrantCast,
  application: Record<string, unknown>,
  award?: Record<string, unknown>,
): Promise<string> {
  const { cso, officer, mayor } = cast;
  const created = await cso.post('/v1/grants', fastApplication(application));
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const steps: [Client, Record<string, unknown>][] = [
    [cso, { type: 'submit' }],
    [officer, { type: 'start_review' }],
    [officer, { type: 'declare_no_conflict' }],
    [officer, { type: 'recommend', recommendation: 'approve', comment: 'Clear and well costed.' }],
    [mayor, { type: 'declare_no_conflict' }],
    [mayor, { type: 'approve', ...(award ? { award } : {}) }],
    [cso, { type: 'accept_award' }],
  ];
  for (const [who, event] of steps) {
    const r = await who.event(`/v1/grants/${id}`, event);
    if (r.status !== 200) throw new Error(`${String(event.type)}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return id;
}

export const tnd = (amount: number) => ({ amount, currency: 'TND' });

/**
 * An active partnership of the CSO's organisation with this action plan (its annual reviews scheduled):
 * applied, checked, approved and signed by both sides. Returns its id.
 */
export async function activePartnership(
  cast: GrantCast,
  actionPlan: readonly Record<string, unknown>[],
): Promise<string> {
  const { cso, officer, mayor } = cast;
  const kinds = ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report'] as const;
  const created = await cso.post('/v1/partnerships', {
    motivation: 'We work with the city on what the action plan says.',
    focusAreas: ['social_cohesion'],
    actionPlan,
    documents: kinds.map((kind) => ({ kind, reference: `${kind} on file`, date: '2026-03-01' })),
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const steps: [Client, Record<string, unknown>][] = [
    [cso, { type: 'submit' }],
    [officer, { type: 'start_review' }],
    [officer, { type: 'declare_no_conflict' }],
    [officer, { type: 'record_due_diligence', checks: kinds.map((item) => ({ item, ok: true })) }],
    [mayor, { type: 'declare_no_conflict' }],
    [mayor, { type: 'approve' }],
    [cso, { type: 'sign', name: 'Sami Haddad' }],
    [mayor, { type: 'sign', name: 'Mayor Office' }],
  ];
  for (const [who, event] of steps) {
    const r = await who.event(`/v1/partnerships/${id}`, event);
    if (r.status !== 200) throw new Error(`${String(event.type)}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return id;
}
