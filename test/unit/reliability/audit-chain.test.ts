/** The hash chain of the audit trail: any change to any entry, or any removal or reordering, is found. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '#domain/types';
import { type AuditDraft, chainEntry, firstBrokenLink, GENESIS_HASH } from '#store/audit';
import { recordFigures } from '../../e2e/reliability/figures.ts';

const draft: fc.Arbitrary<AuditDraft> = fc.record({
  entityType: fc.constantFrom('grant', 'partnership', 'milestone'),
  entityId: fc.stringMatching(/^g_[a-z0-9]{4}$/),
  event: fc.constantFrom('create', 'submit', 'approve', 'reject', 'withdraw'),
  from: fc.option(fc.constantFrom('draft', 'submitted', 'in_review'), { nil: null }),
  to: fc.constantFrom('draft', 'submitted', 'approved'),
  actorId: fc.stringMatching(/^u-[a-z]{3,8}$/),
  role: fc.constantFrom('cso', 'city_officer', 'mayor_office'),
  at: fc
    .date({ noInvalidDate: true, min: new Date('2020-01-01'), max: new Date('2030-01-01') })
    .map((d) => d.toISOString()),
}) as fc.Arbitrary<AuditDraft>;

function chain(drafts: readonly AuditDraft[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  drafts.forEach((d, i) => {
    const e = chainEntry(d, i + 1, prev);
    out.push(e);
    prev = e.hash;
  });
  return out;
}

const FIELDS = ['event', 'from', 'to', 'actorId', 'role', 'at', 'entityId'] as const;

describe('the audit hash chain', () => {
  it('recomputes an untouched chain', () => {
    fc.assert(
      fc.property(fc.array(draft, { minLength: 1, maxLength: 12 }), (drafts) => {
        expect(firstBrokenLink(chain(drafts))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('names the first altered entry, whatever field of whichever entry was changed', () => {
    fc.assert(
      fc.property(
        fc.array(draft, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.string({ minLength: 1, maxLength: 20 }),
        (drafts, at, field, value) => {
          const entries = chain(drafts);
          const i = at % entries.length;
          const original = entries[i] as AuditEntry;
          fc.pre(String((original as unknown as Record<string, unknown>)[field]) !== value);
          entries[i] = { ...original, [field]: value };
          expect(firstBrokenLink(entries)).toBe(i + 1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds a removed, duplicated or reordered entry', () => {
    fc.assert(
      fc.property(
        fc.array(draft, { minLength: 2, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom('remove', 'duplicate', 'swap'),
        (drafts, at, how) => {
          const entries = chain(drafts);
          const i = at % (entries.length - 1);
          if (how === 'remove') entries.splice(i, 1);
          if (how === 'duplicate') entries.splice(i, 0, entries[i] as AuditEntry);
          if (how === 'swap')
            [entries[i], entries[i + 1]] = [entries[i + 1] as AuditEntry, entries[i] as AuditEntry];
          expect(firstBrokenLink(entries)).toBeDefined();
        },
      ),
      { numRuns: 300 },
    );
    recordFigures('unit', 'auditChainProperty', { runs: 1_100 });
  });
});
