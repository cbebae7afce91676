import { describe, expect, it } from 'vitest';
import { fastApplication } from '../../../test/support/harness.ts';
import { LocalDate } from './fields.ts';
import { GrantApplication, MilestoneEvent, OrganisationPatch, PartnershipApplication } from './requests.ts';

const report = (narrative: string) => ({
  type: 'submit_report',
  report: { narrative, indicatorResults: [], spent: { amount: 0, currency: 'TND' } },
});

describe('one-line text (titles, names, labels, references)', () => {
  it.each([
    ['a line feed', 'Kits\n=1+1;'],
    ['a carriage return', 'Kits\r=1+1'],
    ['a NUL', 'Kits\u0000'],
    ['a tab', 'Kits\t=1'],
    ['a right-to-left override', 'Invoice \u202Efdp.exe'],
    ['a bidi isolate', 'Kits \u2066x\u2069'],
    ['a line separator', 'Kits\u2028more'],
    ['only zero-width characters', '\u200B\u200C\u200D\uFEFF'],
  ])('refuses %s', (_what, title) => {
    // Act
    const res = GrantApplication.safeParse(fastApplication({ title }));
    // Assess
    expect(res.success).toBe(false);
    expect(res.error?.issues.map((i) => i.path.join('.'))).toContain('title');
  });

  it('refuses the same in a budget label, an organisation name and a document reference', () => {
    // Act
    const budget = GrantApplication.safeParse(
      fastApplication({
        amountRequested: { amount: 1, currency: 'TND' },
        budget: [{ label: 'Kits\n=1', amount: { amount: 1, currency: 'TND' } }],
      }),
    );
    const name = OrganisationPatch.safeParse({ name: 'Amal\u202E' });
    const reference = PartnershipApplication.safeParse({
      motivation: 'We help.',
      focusAreas: ['health'],
      actionPlan: [],
      documents: [{ kind: 'statutes', reference: 'REF\n-1', date: '2026-01-01' }],
    });
    // Assess
    expect([budget.success, name.success, reference.success]).toEqual([false, false, false]);
  });

  it('keeps Arabic, French and right-to-left marks inside visible text', () => {
    // Act
    const res = GrantApplication.safeParse(
      fastApplication({ title: 'توزيع الملابس الشتوية \u200F— hiver 2027', targetGroups: ['élèves'] }),
    );
    // Assess
    expect(res.success).toBe(true);
  });
});

describe('multi-line text (summary, narrative, motivation, comments)', () => {
  it('keeps line breaks', () => {
    // Act
    const res = GrantApplication.safeParse(fastApplication({ summary: 'Kits;\r\nblankets\n- 120 families' }));
    // Assess
    expect(res.success).toBe(true);
  });

  it('refuses other control characters and text made only of invisible characters', () => {
    // Act
    const nul = MilestoneEvent.safeParse(report('Done\u0000'));
    const ansi = GrantApplication.safeParse(fastApplication({ summary: 'Done\u001B[31m' }));
    const invisible = MilestoneEvent.safeParse(report('\u200B\u2060'));
    // Assess
    expect([nul.success, ansi.success, invisible.success]).toEqual([false, false, false]);
  });
});

describe('dates', () => {
  it.each(['1999-12-31', '0001-01-01', '2101-01-01', '9999-12-31'])('refuses %s', (d) => {
    expect(LocalDate.safeParse(d).success).toBe(false);
  });

  it.each(['2000-01-01', '2027-02-28', '2100-12-31'])('accepts %s', (d) => {
    expect(LocalDate.safeParse(d).success).toBe(true);
  });

  it('refuses a grant that starts in 1900', () => {
    // Act
    const res = GrantApplication.safeParse(fastApplication({ startDate: '1900-01-01' }));
    // Assess
    expect(res.error?.issues.map((i) => i.path.join('.'))).toEqual(['startDate']);
  });
});

describe('organisation website', () => {
  it.each([
    'javascript:alert(document.cookie)',
    'data:text/html,<script>x</script>',
    'ftp://amal.tn',
    'mailto:a@b.tn',
  ])('refuses %s', (website) => {
    expect(OrganisationPatch.safeParse({ website }).success).toBe(false);
  });

  it.each(['https://amal-sfax.tn', 'http://amal.example.org/fr'])('accepts %s', (website) => {
    expect(OrganisationPatch.safeParse({ website }).success).toBe(true);
  });
});
