/**
 * Signing the partnership agreement in a real (headless) Chromium, on the demo system: Nour's partnership
 * is approved through the API; its member signs it in the browser in Arabic on a 360-px phone, attaching
 * a scan of the paper signed by hand, the mayor's office signs it in English on a desktop screen, and the
 * page then shows it in force, the association's signature linking its scan. A second member
 * whose page still offered the form is told that their side has already signed (the API's 409). The
 * agreement opens from its page as a web page in each run's language, and downloads as a PDF. Every page
 * passes axe-core, nothing scrolls sideways, and no page throws.
 *
 * It skips, and says why, when no Chromium is found.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningSystem, startSystem } from '../../functions/src/local/system.ts';
import { PDF } from '../../test/support/samples.ts';
import { ar } from '../src/i18n/ar.ts';
import { en, type Messages } from '../src/i18n/en.ts';
import {
  axe,
  describeViolations,
  findChromium,
  launch,
  NO_CHROMIUM_MESSAGE,
  sidewaysOverflow,
  signInWithToken,
  webBuild,
} from './browser.ts';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`web/test/agreement.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);
const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };
/** How long a check of the page waits for it to show a state. */
const POLL = { timeout: 15_000, interval: 200 };

describe.skipIf(!chromiumPath)('the partnership agreement, signed in the browser', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let browser: Browser;
  let system: RunningSystem;
  let partnershipPath = '';
  let hash = '';
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const shots = mkdtempSync(join(tmpdir(), 'passerelle-agreement-'));

  /** A demo user's API call, as the test's Prepare makes it. */
  async function callAs(email: string, path: string, body: unknown): Promise<any> {
    const { token } = (await (
      await fetch(`${system.url}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      })
    ).json()) as { token: string };
    const res = await fetch(`${system.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res.json();
  }

  beforeAll(async () => {
    // Prepare: the web, one browser and the demo system; Nour's partnership (reviewed in the demo) approved.
    web = await webBuild();
    [browser, system] = await Promise.all([
      launch(chromiumPath),
      startSystem({
        dynamoEndpoint: inject('dynamoEndpoint'),
        tableName: `web-agreement-${Date.now()}`,
        seed: true,
        webDir: web.dir,
      }),
    ]);
    const id = (await callAs('nour@sfax.demo', '/v1/partnerships', undefined)).items[0].id as string;
    partnershipPath = `/partnerships/${id}`;
    await callAs('mayor@sfax.demo', `/v1${partnershipPath}/events`, { type: 'declare_no_conflict' });
    const approved = await callAs('mayor@sfax.demo', `/v1${partnershipPath}/events`, { type: 'approve' });
    expect(approved.state, JSON.stringify(approved)).toBe('approved');
    hash = approved.agreement.hash;
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([...contexts.map((c) => c.close()), browser?.close(), system?.close()]);
    if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
  }, 90_000);

  /** A page signed in as `email`, in `lang`, on the partnership's page once it has loaded. */
  async function open(email: string, lang: 'ar' | 'en', viewport: typeof PHONE): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: lang === 'ar' ? 'ar-TN' : 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await signInWithToken(page, system.url, email, lang);
    await page.goto(`${system.url}${partnershipPath}`);
    const m = lang === 'ar' ? ar : en;
    await page.getByRole('heading', { level: 2, name: m['agreement.title'] }).waitFor();
    return page;
  }

  /** What every page must be: its language and direction, axe-clean, nothing sideways, nothing thrown. */
  async function assessPage(page: Page, lang: 'ar' | 'en'): Promise<void> {
    expect(errors, 'errors thrown in the page').toEqual([]);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    const violations = await axe(page);
    expect(violations, `${page.url()}\n${describeViolations(violations)}`).toEqual([]);
    expect(await sidewaysOverflow(page), `sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(0);
  }

  const section = (page: Page) => page.locator('section.agreement');

  /** Fills the sign form as a user would, from the keyboard where a user would use it. */
  async function sign(page: Page, m: Messages, name: string, side: 'cso' | 'city'): Promise<void> {
    await page.getByLabel(m['agreement.sign.name']).fill(name);
    await page.getByLabel(m[`agreement.sign.confirm.${side}`]).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: m['agreement.sign.submit'] }).click();
  }

  it('the association signs in Arabic on a phone, the mayor’s office in English; then it is in force', async () => {
    // Prepare: Nour's member in Arabic on a phone, and a second page of the association in English
    const scanName = 'الاتفاقية-موقّعة.pdf';
    const phone = await open('nour@sfax.demo', 'ar', PHONE);
    const late = await open('nour@sfax.demo', 'en', DESKTOP);
    await expect.poll(() => section(phone).textContent(), POLL).toContain(ar['agreement.waiting']);
    expect(await section(phone).textContent()).toContain(hash.slice(0, 16));
    await assessPage(phone, 'ar');
    await section(phone).screenshot({ path: join(shots, 'agreement-section-ar-phone.png') });

    // Act: the association attaches the scan of the paper it signed by hand, and signs on the phone
    await section(phone)
      .getByLabel(ar['agreement.scanLabel'])
      .setInputFiles({ name: scanName, mimeType: 'application/pdf', buffer: PDF });
    await section(phone).getByText(ar['files.sent'], { exact: true }).waitFor();
    await assessPage(phone, 'ar');
    await section(phone).screenshot({ path: join(shots, 'agreement-scan-ar-phone.png') });
    await sign(phone, ar, 'أميرة الجمل', 'cso');

    // Assess: its signature is shown with a link to the scan, the form is gone, the agreement still
    // waits for the city
    await expect.poll(() => section(phone).textContent(), POLL).toContain('أميرة الجمل');
    await section(phone).getByRole('link', { name: scanName }).waitFor();
    expect(await phone.getByRole('button', { name: ar['agreement.sign.submit'] }).count()).toBe(0);
    expect(await section(phone).textContent()).toContain(ar['agreement.waiting']);
    await assessPage(phone, 'ar');

    // Act / Assess: the second page still offers the form; signing again is refused, and says why
    await sign(late, en, 'Amira Jemal', 'cso');
    await late.getByText(en['agreement.sign.already']).waitFor();
    expect(await section(late).textContent()).toContain('أميرة الجمل');
    await assessPage(late, 'en');

    // Act: the mayor's office signs in English
    const mayor = await open('mayor@sfax.demo', 'en', DESKTOP);
    await sign(mayor, en, 'Karim Mayor', 'city');

    // Assess: both signatures, and the partnership in force
    await expect.poll(() => section(mayor).textContent(), POLL).toContain(en['agreement.signed']);
    const text = await section(mayor).textContent();
    expect(text).toContain('Karim Mayor');
    expect(text).toContain('أميرة الجمل');
    const scan = section(mayor).getByRole('link', { name: scanName });
    await scan.waitFor();
    const opened = await fetch((await scan.getAttribute('href')) ?? '');
    expect(Buffer.from(await opened.arrayBuffer()).equals(PDF)).toBe(true);
    await mayor.locator('h1 ~ p.row .tag').first().filter({ hasText: en['state.active'] }).waitFor();
    await assessPage(mayor, 'en');
    await phone.reload();
    await expect.poll(() => section(phone).textContent(), POLL).toContain(ar['agreement.signed']);
    await assessPage(phone, 'ar');
    await section(phone).getByRole('link', { name: scanName }).waitFor();
    await section(phone).screenshot({ path: join(shots, 'agreement-section-signed-ar-phone.png') });
  }, 120_000);

  it.each([
    ['ar', 'nour@sfax.demo', PHONE],
    ['en', 'mayor@sfax.demo', DESKTOP],
  ] as const)(
    'the agreement opens as a web page in %s, and downloads as a PDF',
    async (lang, email, viewport) => {
      // Prepare
      const m = lang === 'ar' ? ar : en;
      const page = await open(email, lang, viewport);
      const label = (key: 'papers.htmlIn' | 'papers.pdfIn') => fill(m[key], { lang: m[`lang.${lang}`] });

      // Act
      const [tab] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByRole('button', { name: label('papers.htmlIn') }).click(),
      ]);
      await tab.waitForLoadState();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: label('papers.pdfIn') }).click(),
      ]);

      // Assess: the agreement in that language, with the fingerprint both sides signed; axe-clean
      expect(await tab.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await tab.content()).toContain(hash);
      expect(await tab.content()).toContain('Nour');
      const violations = await axe(tab);
      expect(violations, describeViolations(violations)).toEqual([]);
      if (lang === 'ar') await tab.screenshot({ path: join(shots, 'agreement-page-ar-phone.png') });
      expect(download.suggestedFilename()).toMatch(new RegExp(`-${lang}\\.pdf$`));
      await assessPage(page, lang);
    },
    60_000,
  );

  afterAll(() => {
    // The screenshots, for whoever updates docs/screenshots.
    console.log(`web/test/agreement.e2e.test.ts: screenshots in ${shots}`);
  });
});
