/**
 * The city's agreement template on the wire: its text in each language, section by section, with named
 * blanks (`{{organisation.name}}`). The shape is checked here (every language, every section); which
 * blanks a text may use is a rule of papers/template.ts (a 422 that names the unknown blank), so that
 * a mistyped blank says why rather than failing as a malformed request.
 */
import { z } from 'zod';
import { Line, Text } from './fields.ts';

const Section = z.strictObject({ heading: Line(300), body: Text(20_000) });

const TemplateText = z
  .strictObject({
    title: Line(300),
    sections: z.strictObject({
      parties: Section,
      aims: Section,
      commitments: Section,
      governance: Section,
      finances: Section,
      term: Section,
      changes: Section,
      termination: Section,
      data_protection: Section,
    }),
  })
  .meta({ id: 'AgreementTemplateText', description: 'The template in one language' });

const Languages = z.strictObject({ ar: TemplateText, fr: TemplateText, en: TemplateText });

export const AgreementTemplateInput = z
  .strictObject({ languages: Languages })
  .meta({ id: 'AgreementTemplateInput', description: 'A new version of the city’s agreement template' });
export type AgreementTemplateBody = z.output<typeof AgreementTemplateInput>;

export const AgreementTemplateRecord = z
  .object({
    version: z
      .number()
      .int()
      .meta({ description: 'Raised at each save; an agreement records the version it was drawn up from' }),
    languages: Languages,
    blanks: z
      .array(z.string())
      .readonly()
      .meta({ description: 'The named blanks a text may use, each written {{name}}' }),
    listBlanks: z
      .array(z.string())
      .readonly()
      .meta({ description: 'The blanks that become a list: each alone on its line of a section’s body' }),
  })
  .meta({
    id: 'AgreementTemplate',
    description: 'The city’s agreement template, as the next approval uses it',
  });
export type AgreementTemplateView = z.output<typeof AgreementTemplateRecord>;
