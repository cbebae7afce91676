/**
 * Documents in a real (headless) Chromium: the CSO attaches a receipt (a real PNG made here) to its report
 * with the upload control, sees it sent, and submits; the officer opens the report and sees the file, its
 * thumbnail loaded from storage. In English on a desktop screen and in Arabic on a 360-px phone; on every
 * page, axe finds no violation and nothing scrolls sideways.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  fastApplication,
  startTestSystem,
  type TestSystem,
} from '../../test/support/harness.ts';
import { png } from '../../test/support/samples.ts';
import { awardedGrant } from '../../test/support/upload-form.ts';
import { ar } from '../src/i18n/ar.ts';
import { en, type Messages } from '../src/i18n/en.ts';
import { currencySymbol } from '../src/i18n/index.ts';
import {
  axe,
  describeViolations,
  findChromium,
  launch,
  NO_CHROMIUM_MESSAGE,
  pageSignedIn,
  sidewaysOverflow,
  webBuild,
} from './browser.ts';

const RUNS = [
  { lang: 'en' as const, viewport: { width: 1280, height: 900 }, locale: 'en-GB' },
  { lang: 'ar' as const, viewport: { width: 360, height: 780 }, locale: 'ar-TN' },
];
const CATALOGUES: Record<'en' | 'ar', Messages> = { en, ar };
const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`web/test/documents.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);

describe.skipIf(!chromiumPath)('documents in a real browser', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let browser: Browser | undefined;
  let sys: TestSystem;
  let cso: Client;
  let officer: Client;
  let mayor: Client;

  beforeAll(async () => {
    web = await webBuild();
    [sys, browser] = await Promise.all([startTestSystem(true, { webDir: web.dir }), launch(chromiumPath)]);
    [cso, officer, mayor] = await Promise.all([
      sys.as('cso@sfax.demo'),
      sys.as('officer@sfax.demo'),
      sys.as('mayor@sfax.demo'),
    ]);
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), sys?.close()]);
    if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
  }, 30_000);

  /** A page signed in as `who`, in `lang`, at the given size. */
  const pageAs = (who: Client, run: (typeof RUNS)[number]): Promise<Page> =>
    pageSignedIn(browser as Browser, who.token, run);

  async function check(page: Page, lang: string): Promise<void> {
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    const violations = await axe(page);
    expect(violations, `${page.url()}\n${describeViolations(violations)}`).toEqual([]);
    expect(await sidewaysOverflow(page), `sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(0);
  }

  /** `who`'s page at `path` in `run`'s language and size, and the script errors it meets. */
  async function openAs(who: Client, run: (typeof RUNS)[number], path: string) {
    const page = await pageAs(who, run);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${sys.url}${path}`);
    return { page, main: page.getByRole('main'), errors };
  }

  /**
   * Sends a PNG named `fileName` with the upload control labelled `label`, waits until it is sent, and checks
   * the page as it is then (kept as `shot` in Arabic, when named, to be looked at).
   */
  async function attachPng(page: Page, label: string, fileName: string, lang: 'en' | 'ar', shot?: string) {
    const main = page.getByRole('main');
    await main.getByLabel(label).setInputFiles({ name: fileName, mimeType: 'image/png', buffer: png() });
    await main.getByText(CATALOGUES[lang]['files.sent'], { exact: true }).waitFor();
    await check(page, lang);
    if (lang === 'ar' && shot) await page.screenshot({ path: join(tmpdir(), shot), fullPage: true });
  }

  it.each(RUNS)(
    '$lang: the CSO attaches a receipt to its report, the officer sees it and its preview',
    async (run) => {
      // Prepare: an awarded grant of Amal and its first report; a receipt photographed as a PNG
      const m = CATALOGUES[run.lang];
      const { milestoneId } = await awardedGrant(
        cso,
        officer,
        mayor,
        fastApplication({ track: 'standard', title: `Receipts ${run.lang}` }),
      );
      const fileName = run.lang === 'ar' ? 'وصل-النزل.png' : 'hostel-receipt.png';
      const page = await pageAs(cso, run);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));

      // Act: the CSO writes the report, attaches the receipt and submits
      await page.goto(`${sys.url}/milestones/${milestoneId}`);
      const main = page.getByRole('main');
      await main.getByLabel(m['report.narrative']).fill('Clothes handed out.');
      await main.getByLabel(fill(m['report.count'], { name: 'families supported' })).fill('120');
      await main
        .getByLabel(fill(m['report.spentLabel'], { currency: currencySymbol('TND', run.lang) }), {
          exact: true,
        })
        .fill('5000.000');
      await main.getByText(m['files.noNames']).waitFor();
      await attachPng(page, m['files.reportLabel'], fileName, run.lang, 'passerelle-report-files-ar-360.png');
      await main.getByRole('button', { name: m['event.submit_report'], exact: true }).click();

      // Assess: the report lists the file for the CSO
      await main.getByRole('region', { name: m['files.title'] }).getByText(fileName).waitFor();
      expect(errors).toEqual([]);

      // Act: the officer opens the report
      const officerPage = await pageAs(officer, run);
      await officerPage.goto(`${sys.url}/milestones/${milestoneId}`);
      const files = officerPage.getByRole('main').getByRole('region', { name: m['files.title'] });

      // Assess: the file's link and its thumbnail, loaded from storage
      await files.getByRole('link', { name: fileName }).waitFor();
      const thumb = files.getByRole('img', { name: fill(m['files.previewOf'], { name: fileName }) });
      await thumb.waitFor();
      await officerPage.waitForFunction(
        (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
        await thumb.elementHandle(),
      );
      await check(officerPage, run.lang);
      if (run.lang === 'ar')
        await officerPage.screenshot({
          path: join(tmpdir(), 'passerelle-report-preview-ar-360.png'),
          fullPage: true,
        });
      await page.context().close();
      await officerPage.context().close();
    },
    180_000,
  );

  it.each(RUNS)(
    '$lang: the officer marks a tranche paid with its proof, and the grant page lists the proof',
    async (run) => {
      // Prepare: an awarded grant of Amal whose first tranche is released; a transfer slip as a PNG
      const m = CATALOGUES[run.lang];
      const { grantId } = await awardedGrant(
        cso,
        officer,
        mayor,
        fastApplication({ track: 'standard', title: `Proof ${run.lang}` }),
      );
      const fileName = run.lang === 'ar' ? 'وصل-التحويل.png' : 'transfer-slip.png';
      const { page, main, errors } = await openAs(officer, run, `/grants/${grantId}`);
      const markPaid = fill(m['tranche.markPaid'], { n: 1 });

      // Act: the officer opens the payment step, attaches the proof and confirms
      await main.getByRole('button', { name: markPaid, exact: true }).click();
      await main.getByLabel(m['tranche.reference']).fill('VIR-2026-118');
      await attachPng(page, m['files.proofLabel'], fileName, run.lang);
      await main
        .getByRole('button', { name: fill(m['confirm.yes'], { action: markPaid }), exact: true })
        .click();

      // Assess: the tranche is paid and its proof is listed under it, then opens once it is checked
      await main.getByText(fill(m['tranche.recorded'], { n: 1 })).waitFor();
      await main.getByRole('region', { name: m['files.proofLabel'] }).getByText(fileName).waitFor();
      await page.reload();
      const proof = page.getByRole('main').getByRole('region', { name: m['files.proofLabel'] });
      await proof.getByRole('link', { name: fileName }).waitFor();
      await check(page, run.lang);
      if (run.lang === 'ar')
        await page.screenshot({
          path: join(tmpdir(), 'passerelle-tranche-proof-ar-360.png'),
          fullPage: true,
        });
      expect(errors).toEqual([]);
      await page.context().close();
    },
    180_000,
  );

  it.each(RUNS)(
    '$lang: the CSO attaches the file of a declared document to its partnership application',
    async (run) => {
      // Prepare: a partnership application of Amal declaring its statutes by reference; a scan as a PNG
      const m = CATALOGUES[run.lang];
      const created = await cso.post('/v1/partnerships', {
        motivation: `We run a legal desk with the city (${run.lang}).`,
        focusAreas: ['employment'],
        actionPlan: [
          { activity: 'Legal desk', quarter: '2027-Q1', lead: 'joint', indicator: 'people', target: 40 },
        ],
        documents: [{ kind: 'statutes', reference: 'Statutes of 2014', date: '2014-05-02' }],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      const fileName = run.lang === 'ar' ? 'شهادة-التسجيل.png' : 'registration.png';
      const doc = m['doc.registration'];
      const { page, main, errors } = await openAs(cso, run, `/partnerships/${id}/edit`);

      // Act: the CSO gives the registration's date and its file (no reference), and saves
      await main.getByLabel(fill(m['partnership.docDate'], { doc })).fill('2014-06-10');
      const label = fill(m['files.documentOf'], { doc });
      await attachPng(page, label, fileName, run.lang, 'passerelle-partnership-file-ar-360.png');
      await main.getByRole('button', { name: m['partnership.save'], exact: true }).click();

      // Assess: the partnership page lists the file; the statutes are kept as they were
      await page.waitForURL(`${sys.url}/partnerships/${id}`);
      await page
        .getByRole('main')
        .getByRole('region', { name: m['files.title'] })
        .getByText(fileName)
        .waitFor();
      await check(page, run.lang);
      const saved = (await cso.get(`/v1/partnerships/${id}`)).body;
      expect(saved.documents).toEqual([
        { kind: 'statutes', reference: 'Statutes of 2014', date: '2014-05-02' },
        { kind: 'registration', uploadId: saved.files[0].id, date: '2014-06-10' },
      ]);
      expect(errors).toEqual([]);
      await page.context().close();
    },
    180_000,
  );
});
