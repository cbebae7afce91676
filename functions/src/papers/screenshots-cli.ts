/**
 * Writes the pictures of an Arabic agreement and an Arabic award letter to docs/screenshots/: the first
 * page of each PDF rasterised with pdftoppm (poppler-utils), and the agreement's HTML page in Chromium
 * when one is found. Run: `npx tsx functions/src/papers/screenshots-cli.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { grant } from '#test/fixtures/domain';
import { papersCity, papersOrganisation, papersPartnership, papersTerm } from '#test/fixtures/papers';
import { findChromium, launch } from '../../../web/test/browser.ts';
import { agreementHash, drawUpAgreement, renderAgreementHtml, renderAgreementPdf } from './agreement.ts';
import { renderGrantLetter } from './letter.ts';
import { DEFAULT_AGREEMENT_TEMPLATE } from './template.ts';

const out = resolve('docs/screenshots');
const tmp = mkdtempSync(join(tmpdir(), 'papers-shots-'));

const content = drawUpAgreement({
  template: DEFAULT_AGREEMENT_TEMPLATE,
  partnership: papersPartnership,
  organisation: papersOrganisation,
  city: papersCity,
  term: papersTerm,
  date: '2027-01-29',
});
const input = {
  content,
  lang: 'ar' as const,
  organisationName: papersOrganisation.name,
  city: papersCity,
  signatures: [
    {
      side: 'city' as const,
      userId: 'u-mayor',
      name: 'Fatma Ben Salah',
      at: '2027-02-02T09:00:00Z',
      hash: agreementHash(content),
    },
  ],
};

function firstPage(pdf: Uint8Array, name: string): void {
  const file = join(tmp, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '100', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(tmp, name)]);
  renameSync(join(tmp, `${name}.png`), join(out, `${name}.png`));
  console.log(`wrote docs/screenshots/${name}.png`);
}

firstPage(await renderAgreementPdf(input), 'agreement-ar');
const letter = renderGrantLetter({
  grant: grant('approved', { track: 'standard', title: 'Permanences juridiques — حيّ البحري' }),
  organisation: papersOrganisation,
  city: papersCity,
  funders: [
    { id: 'city-budget', name: 'ميزانية بلدية صفاقس' },
    { id: 'fondation-sud', name: 'Fondation Sud' },
  ],
  lang: 'ar',
});
firstPage(await letter.pdf(), 'letter-ar');

if (findChromium()) {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    await page.setContent(renderAgreementHtml(input));
    await page.screenshot({ path: join(out, 'agreement-ar-html.png'), fullPage: true });
    console.log('wrote docs/screenshots/agreement-ar-html.png');
  } finally {
    await browser.close();
  }
} else {
  console.log('no Chromium: the HTML screenshot is not made');
}
