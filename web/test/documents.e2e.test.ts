/**
 * Documents in a real (headless) Chromium: the CSO attaches a receipt (a real PNG made here) to its report
 * with the upload control, sees it sent, and submits; the officer opens the report and sees the file, its
 * thumbnail loaded from storage. A budget quote goes through the grant wizard (kept across its steps and a
 * reload) to the officer's grant page; the officer's due-diligence checklist previews each document's file.
 * In English on a desktop screen and in Arabic on a 360-px phone; on every page, axe finds no violation
 * and nothing scrolls sideways.
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
import { PDF, png } from '../../test/support/samples.ts';
import { awardedGrant, uploadFile } from '../../test/support/upload-form.ts';
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

  /**
   * The officer opens `path` in `run`: the region `region` links the file `fileName` and shows its preview,
   * loaded from storage; the page passes the checks (kept as `shot` in Arabic, to be looked at).
   */
  async function officerPreviews(
    run: (typeof RUNS)[number],
    path: string,
    region: string,
    fileName: string,
    shot: string,
  ): Promise<void> {
    const m = CATALOGUES[run.lang];
    const page = await pageAs(officer, run);
    await page.goto(`${sys.url}${path}`);
    const files = page.getByRole('main').getByRole('region', { name: region });
    await files.getByRole('link', { name: fileName }).waitFor();
    await loaded(page, files.getByRole('img', { name: fill(m['files.previewOf'], { name: fileName }) }));
    await check(page, run.lang);
    if (run.lang === 'ar') await page.screenshot({ path: join(tmpdir(), shot), fullPage: true });
    await page.context().close();
  }

  /** Waits until the image `img` has loaded from storage. */
  async function loaded(page: Page, img: ReturnType<Page['getByRole']>): Promise<void> {
    await img.waitFor();
    await page.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
      await img.elementHandle(),
    );
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

      // Act / Assess: the officer opens the report: the file's link and its thumbnail, loaded from storage
      await officerPreviews(
        run,
        `/milestones/${milestoneId}`,
        m['files.title'],
        fileName,
        'passerelle-report-preview-ar-360.png',
      );
      await page.context().close();
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

  it.each(RUNS)(
    '$lang: the CSO attaches a budget quote in the wizard, keeps it through the steps and a reload, submits; the officer previews it on the grant page',
    async (run) => {
      // Prepare: a draft of Amal, saved on the server (standard track: both runs submit one, and Amal may
      // have few fast-track grants in progress); a quote photographed as a PNG; storage answers the first
      // upload only when the test lets it, as on a slow link
      const m = CATALOGUES[run.lang];
      const created = await cso.post(
        '/v1/grants',
        fastApplication({ track: 'standard', title: `Quote ${run.lang}` }),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      const fileName = run.lang === 'ar' ? 'عرض-سعر-الملابس.png' : 'clothes-quote.png';
      const { page, main, errors } = await openAs(cso, run, `/grants/${id}/edit`);
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route(
        (u) => !u.href.startsWith(sys.url),
        async (route) => {
          if (route.request().method() === 'POST') await held;
          await route.continue();
        },
      );
      const button = (name: string) => main.getByRole('button', { name, exact: true });
      /** Presses "Next" (or "Back") and waits for the step whose field is `#field`. */
      const move = async (key: 'wizard.next' | 'wizard.back', field: string) => {
        await button(m[key]).click();
        await main.locator(field).waitFor();
      };
      const toBudget = async () => {
        await main.locator('#title').waitFor();
        for (const field of ['#need', '#summary', '#groups', '#amount']) await move('wizard.next', field);
      };
      const chosen = () => main.getByRole('list', { name: m['files.chosen'] }).locator('.upload-name');

      // Act: to the budget step; the quote is chosen, and while it is on its way the CSO presses "Back"
      await toBudget();
      await main
        .getByLabel(m['files.quotesLabel'])
        .setInputFiles({ name: fileName, mimeType: 'image/png', buffer: png() });
      await chosen().getByText(fileName).waitFor();
      await button(m['wizard.back']).click();

      // Assess: the step is not left, and the summary says why; the file is still being sent
      await page.locator('.alert').getByText(m['rule.files_sending']).waitFor();
      expect(await main.locator('#amount').count()).toBe(1);
      expect(await main.getByRole('list', { name: m['files.chosen'] }).locator('progress').count()).toBe(1);
      await check(page, run.lang);
      if (run.lang === 'ar')
        await page.screenshot({
          path: join(tmpdir(), 'passerelle-wizard-quote-sending-ar-360.png'),
          fullPage: true,
        });

      // Act: storage answers; then back a step and forward again
      release();
      await main.getByText(m['files.sent'], { exact: true }).waitFor();
      await move('wizard.back', '#groups');
      await move('wizard.next', '#amount');

      // Assess: the quote is still listed, sent
      await chosen().getByText(fileName).waitFor();
      expect(await main.getByText(m['files.sent'], { exact: true }).count()).toBe(1);

      // Act: the page is reloaded, and the CSO goes back to the budget step
      await page.reload();
      await toBudget();

      // Assess: the quote is still there
      await chosen().getByText(fileName).waitFor();
      await check(page, run.lang);
      if (run.lang === 'ar')
        await page.screenshot({ path: join(tmpdir(), 'passerelle-wizard-quote-ar-360.png'), fullPage: true });

      // Act: on to the last step, which saves the draft and checks it
      await move('wizard.next', '#startDate');
      await move('wizard.next', '#ind-0-name');
      await button(m['wizard.saveAndCheck']).click();

      // Assess: the review lists the quote, with a way back to change it
      await main.getByText(m['wizard.review.saved']).waitFor();
      await main.locator('dl').getByText(fileName).waitFor();
      const change = main.getByRole('button', { name: `${m['wizard.change']} ${m['files.quotesLabel']}` });
      expect(await change.count()).toBe(1);
      await check(page, run.lang);
      if (run.lang === 'ar')
        await page.screenshot({
          path: join(tmpdir(), 'passerelle-wizard-quote-review-ar-360.png'),
          fullPage: true,
        });

      // Act: the CSO submits
      await main.getByRole('button', { name: m['event.submit'], exact: true }).click();

      // Assess: the application is submitted with the quote once, and the CSO's grant page lists it
      await page.waitForURL(`${sys.url}/grants/${id}`);
      await page
        .getByRole('main')
        .getByRole('region', { name: m['files.quotesLabel'] })
        .getByText(fileName)
        .waitFor();
      const saved = (await cso.get(`/v1/grants/${id}`)).body;
      expect(saved.state).toBe('submitted');
      expect(saved.files.map((f: { fileName: string }) => f.fileName)).toEqual([fileName]);
      expect(saved.budget).toEqual(created.body.budget);
      expect(errors).toEqual([]);

      // Act / Assess: the officer opens the grant: the quote's link, and its preview loaded from storage
      await officerPreviews(
        run,
        `/grants/${id}`,
        m['files.quotesLabel'],
        fileName,
        'passerelle-grant-quote-officer-ar-360.png',
      );
      await page.context().close();
    },
    180_000,
  );

  it.each(RUNS)(
    '$lang: the officer’s due-diligence checklist shows each document’s file, an image and a PDF previewed inline',
    async (run) => {
      // Prepare: a partnership application of Jisr (which has none in force) with its statutes as a PDF
      // and its registration as a photo, submitted and taken into review
      const m = CATALOGUES[run.lang];
      const jisr = await sys.as('newcso@sfax.demo');
      const pdfName = run.lang === 'ar' ? 'النظام-الأساسي.pdf' : 'statutes.pdf';
      const pngName = run.lang === 'ar' ? 'وصل-التسجيل.png' : 'registration.png';
      const statutes = await uploadFile(jisr, PDF, { fileName: pdfName });
      const registration = await uploadFile(jisr, png(), { fileName: pngName, contentType: 'image/png' });
      const created = await jisr.post('/v1/partnerships', {
        motivation: `A legal desk with the city, checked (${run.lang}).`,
        focusAreas: ['employment'],
        actionPlan: [
          { activity: 'Legal desk', quarter: '2027-Q1', lead: 'joint', indicator: 'people', target: 40 },
        ],
        documents: [
          { kind: 'statutes', uploadId: statutes, date: '2014-05-02' },
          { kind: 'registration', uploadId: registration, date: '2014-06-10' },
          { kind: 'board_list', reference: 'Board of 2026', date: '2026-01-10' },
          { kind: 'annual_accounts', reference: 'Accounts 2025', date: '2026-03-31' },
          { kind: 'activity_report', reference: 'Report 2025', date: '2026-03-31' },
        ],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const path = `/v1/partnerships/${created.body.id}`;
      for (const [who, type] of [
        [jisr, 'submit'],
        [officer, 'start_review'],
      ] as const) {
        const res = await who.event(path, { type });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }

      // Act: the officer opens the partnership
      const { page, main, errors } = await openAs(officer, run, `/partnerships/${created.body.id}`);
      const item = (doc: string) =>
        main.locator('fieldset').filter({ has: page.getByText(doc, { exact: true }) });
      const statutesFile = item(m['doc.statutes']).getByRole('region', { name: m['files.documentLabel'] });
      const registrationFile = item(m['doc.registration']).getByRole('region', {
        name: m['files.documentLabel'],
      });

      // Assess: each item shows its file; the photo is previewed as it is
      await statutesFile.getByRole('link', { name: pdfName }).waitFor();
      await registrationFile.getByRole('link', { name: pngName }).waitFor();
      await loaded(
        page,
        registrationFile.getByRole('img', { name: fill(m['files.previewOf'], { name: pngName }) }),
      );

      // Act: the officer opens the PDF's preview
      await statutesFile.getByText(m['files.previewPdf'], { exact: true }).click();

      // Assess: the PDF shows in the page, from the file kept in storage
      const frame = statutesFile.locator('iframe');
      await frame.waitFor();
      expect(await frame.getAttribute('title')).toBe(fill(m['files.previewOf'], { name: pdfName }));
      const shown = await fetch((await frame.getAttribute('src')) ?? '');
      expect(Buffer.from(await shown.arrayBuffer()).equals(PDF)).toBe(true);
      await check(page, run.lang);
      if (run.lang === 'ar')
        await page.screenshot({
          path: join(tmpdir(), 'passerelle-due-diligence-files-ar-360.png'),
          fullPage: true,
        });
      expect(errors).toEqual([]);
      await page.context().close();
    },
    180_000,
  );
});
