import { describe, expect, it } from 'vitest';
import {
  type AgreementTemplate,
  DEFAULT_AGREEMENT_TEMPLATE,
  KNOWN_BLANKS,
  SECTION_IDS,
  validateTemplate,
} from './template.ts';

/** The default template with one section of one language replaced. */
function edited(lang: 'ar' | 'fr' | 'en', id: (typeof SECTION_IDS)[number], body: string): AgreementTemplate {
  const text = DEFAULT_AGREEMENT_TEMPLATE.languages[lang];
  return {
    version: 2,
    languages: {
      ...DEFAULT_AGREEMENT_TEMPLATE.languages,
      [lang]: { ...text, sections: { ...text.sections, [id]: { ...text.sections[id], body } } },
    },
  };
}

describe('the agreement template', () => {
  it('the default template is valid in all three languages', () => {
    expect(validateTemplate(DEFAULT_AGREEMENT_TEMPLATE)).toEqual([]);
  });

  it('has every IOP section in every language', () => {
    for (const text of Object.values(DEFAULT_AGREEMENT_TEMPLATE.languages)) {
      expect(Object.keys(text.sections).sort()).toEqual([...SECTION_IDS].sort());
    }
  });

  it('refuses an unknown blank and lists the known ones', () => {
    const problems = validateTemplate(edited('fr', 'finances', 'Montant : {{grant.amount}}.'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('languages.fr.sections.finances.body');
    expect(problems[0]?.message).toContain('Unknown blank {{grant.amount}}');
    for (const blank of KNOWN_BLANKS) expect(problems[0]?.message).toContain(`{{${blank}}}`);
  });

  it('refuses a missing or empty section', () => {
    const text = DEFAULT_AGREEMENT_TEMPLATE.languages.en;
    const { data_protection: _dropped, ...rest } = text.sections;
    const missing = {
      ...DEFAULT_AGREEMENT_TEMPLATE,
      languages: { ...DEFAULT_AGREEMENT_TEMPLATE.languages, en: { ...text, sections: rest } },
    } as unknown as AgreementTemplate;
    expect(validateTemplate(missing).map((p) => p.path)).toEqual(['languages.en.sections.data_protection']);
    expect(validateTemplate(edited('ar', 'changes', '   ')).map((p) => p.path)).toEqual([
      'languages.ar.sections.changes',
    ]);
  });

  it('refuses a list blank inside a sentence, and a template that drops a side’s commitments', () => {
    const problems = validateTemplate(
      edited('en', 'commitments', 'The association commits to {{actionPlan.cso}}.'),
    );
    expect(problems.map((p) => p.message)).toEqual([
      "{{actionPlan.cso}} is a list: put it alone on its own line of a section's body.",
      expect.stringContaining('{{actionPlan.cso}} must appear'),
      expect.stringContaining('{{actionPlan.city}} must appear'),
    ]);
  });

  it('refuses a blank left open', () => {
    const problems = validateTemplate(edited('en', 'term', 'From {{term.start} to {{term.end}}.'));
    expect(problems.map((p) => p.message)).toContain('A blank is not closed: write it as {{name}}.');
  });

  it('refuses a version that is not a whole number from 1', () => {
    expect(validateTemplate({ ...DEFAULT_AGREEMENT_TEMPLATE, version: 0 }).map((p) => p.path)).toEqual([
      'version',
    ]);
  });
});
