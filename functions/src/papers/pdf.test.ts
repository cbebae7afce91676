/**
 * The PDFs, read back with poppler: `pdftotext` for what they say and `pdftoppm` for how the Arabic
 * looks. Without poppler-utils (Debian) those tests are skipped with a message; the bidi tests run
 * everywhere.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Language } from '#domain/city';
import { BUDGET_FUNDER_ID, FUNDER_ID, grant } from '#test/fixtures/domain';
import { papersCity, papersOrganisation, papersPartnership, papersTerm } from '#test/fixtures/papers';
import { agreementHash, drawUpAgreement, renderAgreementPdf } from './agreement.ts';
import { renderGrantLetter } from './letter.ts';
import { visualPieces, woffToSfnt } from './pdf.ts';
import { DEFAULT_AGREEMENT_TEMPLATE } from './template.ts';

const hasPoppler = ['pdftotext', 'pdftoppm'].every((tool) => spawnSync(tool, ['-v']).error === undefined);
if (!hasPoppler) {
  console.warn(
    'papers/pdf.test.ts: pdftotext/pdftoppm not found; install poppler-utils (apt-get install -y poppler-utils) to read the PDFs back. Skipping those tests.',
  );
}
const withPoppler = describe.skipIf(!hasPoppler);

const visual = (line: string, dir: 'rtl' | 'ltr') =>
  visualPieces(line, dir).map((p) => `${p.font}:${p.text}`);

describe('visual order of a mixed line', () => {
  it('puts a Latin name and numbers in place in an Arabic line, each Arabic word whole', () => {
    // Logical: "the association Amal Sfax registered under 123" → read right to left.
    expect(visual('الجمعية Amal Sfax عدد 123', 'rtl')).toEqual([
      'latin:123',
      'arabic: ',
      'arabic:عدد',
      'arabic: ',
      'latin:Amal Sfax',
      'arabic: ',
      'arabic:الجمعية',
    ]);
  });

  it('keeps brackets with the Arabic around them, mirrored', () => {
    expect(visual('البصمة (SHA-256): abc', 'rtl')).toEqual([
      'latin:abc',
      'arabic: ',
      'latin::(',
      'latin:SHA-256',
      'latin:)',
      'arabic: ',
      'arabic:البصمة',
    ]);
    expect(visual('الهدف: 4 (بالاشتراك)', 'rtl')).toEqual([
      'latin:(',
      'arabic:بالاشتراك',
      'latin:)',
      'arabic: ',
      'latin:4',
      'arabic: ',
      'latin::',
      'arabic:الهدف',
    ]);
  });

  it('leaves a Latin line in order, an Arabic name in it read right to left, and drops direction marks', () => {
    expect(visual('l’association جمعية الأمل, Sfax', 'ltr')).toEqual([
      'latin:l’association ',
      'arabic:الأمل',
      'arabic: ',
      'arabic:جمعية',
      'latin:, Sfax',
    ]);
    expect(visual('\u200f12.000,500 د.ت.\u200f', 'rtl').join('|')).toBe(
      'latin:.|arabic:ت|latin:.|arabic:د|arabic: |latin:12.000,500',
    );
  });

  it('unpacks a WOFF font into the OpenType font inside it', () => {
    const woff = readFileSync(
      join(
        process.cwd(),
        'node_modules/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-400-normal.woff',
      ),
    );
    const sfnt = woffToSfnt(woff);
    expect(woff.subarray(0, 4).toString('latin1')).toBe('wOFF');
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
    expect(sfnt.readUInt16BE(4)).toBe(woff.readUInt16BE(12));
  });
});

const content = drawUpAgreement({
  template: DEFAULT_AGREEMENT_TEMPLATE,
  partnership: papersPartnership,
  organisation: papersOrganisation,
  city: papersCity,
  term: papersTerm,
  date: '2027-01-29',
});
const hash = agreementHash(content);
const dir = mkdtempSync(join(tmpdir(), 'papers-'));

function pdfText(bytes: Uint8Array, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
}
/** pdftotext joins the lines of a paragraph with line breaks: compare with single spaces. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

const funders = [
  { id: BUDGET_FUNDER_ID, name: 'Budget municipal de Sfax' },
  { id: FUNDER_ID, name: 'Fondation Sud' },
];
const awarded = grant('approved', { track: 'standard' });

withPoppler('the PDFs read back', { timeout: 120_000 }, () => {
  it.each(['fr', 'en'] as const)(
    'the %s agreement names the parties, the action plan and the hash',
    async (lang: Language) => {
      const text = flat(
        pdfText(
          await renderAgreementPdf({
            content,
            lang,
            organisationName: papersOrganisation.name,
            city: papersCity,
          }),
          `agreement-${lang}`,
        ),
      );
      expect(text).toContain('Amal Sfax');
      expect(text).toContain('JORT-2019-123');
      expect(text).toContain('Sfax');
      expect(text).toContain('Permanences juridiques hebdomadaires');
      expect(text).toContain('Joint information days');
      expect(text).toContain(lang === 'fr' ? 'T1 2027' : 'Q1 2027');
      expect(text).toContain(lang === 'fr' ? '15 000,000 DT' : 'TND 15,000.000');
      expect(text).toContain(hash);
      expect(text).toContain(lang === 'fr' ? 'Page 1 sur 2' : 'Page 1 of 2');
    },
  );

  it('the Arabic agreement keeps its Latin and numbers readable, and renders to a page image', async () => {
    const pdf = await renderAgreementPdf({
      content,
      lang: 'ar',
      organisationName: papersOrganisation.name,
      city: papersCity,
      signatures: [
        { side: 'city', userId: 'u-mayor', name: 'Fatma Ben Salah', at: '2027-02-02T09:00:00Z', hash },
      ],
    });
    const text = flat(pdfText(pdf, 'agreement-ar'));
    // Arabic glyphs map back to text only roughly (shaped forms share glyphs); the look is checked on
    // the image (docs/screenshots/agreement-ar.png). Latin runs and numbers come back exactly.
    for (const s of [
      'Amal Sfax',
      'JORT-2019-123',
      'Permanences juridiques hebdomadaires',
      '15.000,000',
      'Fatma Ben Salah',
      hash,
    ]) {
      expect(text).toContain(s);
    }
    execFileSync('pdftoppm', [
      '-r',
      '60',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      join(dir, 'agreement-ar.pdf'),
      join(dir, 'agreement-ar'),
    ]);
    expect(statSync(join(dir, 'agreement-ar-1.png')).size).toBeGreaterThan(10_000);
  });

  it.each(['ar', 'fr', 'en'] as const)(
    'the %s award letter has the amounts and the funders',
    async (lang: Language) => {
      const letter = renderGrantLetter({
        grant: awarded,
        organisation: papersOrganisation,
        city: papersCity,
        funders,
        lang,
      });
      const text = flat(pdfText(await letter.pdf(), `letter-${lang}`));
      const amounts = {
        en: ['TND 12,000.000', 'TND 8,000.000', 'TND 4,000.000', 'TND 9,600.000', 'TND 2,400.000'],
        fr: ['12 000,000 DT', '8 000,000 DT', '4 000,000 DT', '9 600,000 DT', '2 400,000 DT'],
        ar: ['12.000,000', '8.000,000', '4.000,000', '9.600,000', '2.400,000'],
      }[lang];
      for (const a of amounts) expect(text).toContain(a);
      expect(text).toContain('Budget municipal de Sfax');
      expect(text).toContain('Fondation Sud');
      expect(text).toContain('Amal Sfax');
      expect(text).toContain(awarded.id);
    },
  );

  it('the refusal letter carries the reasons', async () => {
    const refused = grant('rejected', { decisionComment: 'The project is outside the programme.' });
    const letter = renderGrantLetter({
      grant: refused,
      organisation: papersOrganisation,
      city: papersCity,
      funders,
      lang: 'en',
    });
    const text = flat(pdfText(await letter.pdf(), 'refusal-en'));
    expect(text).toContain('The project is outside the programme.');
    expect(text).toContain('decided not to award');
  });

  it('gives the same file for the same paper', async () => {
    const input = {
      content,
      lang: 'en' as const,
      organisationName: papersOrganisation.name,
      city: papersCity,
    };
    const [a, b] = await Promise.all([renderAgreementPdf(input), renderAgreementPdf(input)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
