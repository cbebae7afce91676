/**
 * The staff workspace in a real (headless) Chromium: an officer searches the grants list, opens a grant
 * and sees the organisation behind it, then the payments to make; the mayor's office reads its decision
 * figures (chart and table). Once in English on a desktop screen, once in Arabic on a 360-px phone; on
 * every page axe-core finds no violation, nothing scrolls sideways, and the page throws no error.
 *
 * It serves web/dist (`npm run build:web` first); it skips, and says why, when no Chromium is found or
 * web/dist is missing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningSystem, startSystem } from '../../functions/src/local/system.ts';
import { ar } from '../src/i18n/ar.ts';
import { en, type Messages } from '../src/i18n/en.ts';
import { currencySymbol } from '../src/i18n/index.ts';
import {
  axe,
  describeViolations,
  findChromium,
  launch,
  NO_CHROMIUM_MESSAGE,
  sidewaysOverflow,
} from './browser.ts';

const RUNS = [
  { lang: 'en' as const, viewport: { width: 1280, height: 900 }, locale: 'en-GB' },
  { lang: 'ar' as const, viewport: { width: 360, height: 780 }, locale: 'ar-TN' },
];
const CATALOGUES: Record<'en' | 'ar', Messages> = { en, ar };
const DIST = join(import.meta.dirname, '..', 'dist');
const chromiumPath = findChromium();
const ready = chromiumPath !== undefined && existsSync(join(DIST, 'index.html'));
if (!chromiumPath) console.warn(`web/test/workspace.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);
else if (!ready) console.warn('web/test/workspace.e2e.test.ts: no web/dist; run `npm run build:web` first.');

const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');

describe.skipIf(!ready)('the staff workspace in a real browser', () => {
  let browser: Browser | undefined;
  let system: RunningSystem | undefined;

  beforeAll(async () => {
    // Prepare: one seeded system serving web/dist, and one browser
    const [b, s] = await Promise.all([
      launch(chromiumPath),
      startSystem({
        dynamoEndpoint: inject('dynamoEndpoint'),
        tableName: `web-workspace-${Date.now()}-${randomBytes(3).toString('hex')}`,
        seed: true,
        webDir: DIST,
      }),
    ]);
    browser = b;
    system = s;
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), system?.close()]);
  }, 30_000);

  describe.each(RUNS)('in $lang', ({ lang, viewport, locale }) => {
    const m = CATALOGUES[lang];
    let context: BrowserContext;
    let page: Page;
    let main: Locator;
    const errors: string[] = [];

    beforeAll(async () => {
      context = await (browser as Browser).newContext({ viewport, locale });
      page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => errors.push(e.message));
      main = page.getByRole('main');
    });
    afterAll(async () => {
      await context?.close();
    });

    /** The page is there with its data: language and direction, axe, no sideways scrolling, no error. */
    async function check(heading: string, shot?: string): Promise<void> {
      await main.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForFunction(
        (loading) =>
          ![...document.querySelectorAll('main [role="status"]')].some(
            (e) => e.textContent?.trim() === loading,
          ),
        m['common.loading'],
      );
      expect(errors, 'errors thrown in the page').toEqual([]);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      const violations = await axe(page);
      expect(violations, `${page.url()}\n${describeViolations(violations)}`).toEqual([]);
      expect(await sidewaysOverflow(page), `sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(0);
      if (shot && lang === 'ar')
        await page.screenshot({
          path: join(tmpdir(), `passerelle-workspace-${shot}-ar-360.png`),
          fullPage: true,
        });
    }

    async function signInAs(name: string): Promise<void> {
      await page.goto(`${(system as RunningSystem).url}/sign-in`);
      await page.getByRole('button', { name: m[`lang.${lang}`], exact: true }).click();
      await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
      await main.getByRole('button', { name: fill(m['signIn.as'], { name }), exact: true }).click();
      await page.getByRole('button', { name: m['nav.signOut'], exact: true }).waitFor();
    }

    const menu = () => page.getByRole('navigation', { name: m['nav.main'] });

    it('an association asking for more than the fast-track ceiling is offered the standard track', async () => {
      // Prepare: to the money step of a new application
      await signInAs('Youssef Trabelsi');
      await menu().getByRole('link', { name: m['nav.newGrant'], exact: true }).click();
      await main.getByLabel(m['wizard.title.label'], { exact: true }).fill('Neighbourhood mediation year');
      await main.getByRole('button', { name: m['wizard.next'], exact: true }).click();
      await main
        .getByLabel(m['wizard.need.label'], { exact: true })
        .fill('Disputes between neighbours grow.');
      await main.getByRole('button', { name: m['wizard.next'], exact: true }).click();
      await main
        .getByLabel(m['wizard.summary.label'], { exact: true })
        .fill('Trained mediators, every week.');
      await main.getByRole('button', { name: m['wizard.next'], exact: true }).click();
      await main.getByLabel(m['wizard.groups.label'], { exact: true }).fill('Neighbours');
      await main.getByRole('button', { name: m['wizard.next'], exact: true }).click();

      // Act: an amount above the ceiling, then the standard track
      const money = fill(m['wizard.money.label'], { currency: currencySymbol('TND', lang) });
      await main.getByLabel(money, { exact: true }).fill('60000');
      const standard = main.getByLabel(m['wizard.track.standard'], { exact: true });
      await standard.check();

      // Assess: chosen, and checked like every page
      expect(await standard.isChecked()).toBe(true);
      await check(m['wizard.title'], 'wizard-standard');
      await page.getByRole('button', { name: m['nav.signOut'], exact: true }).click();
    });

    it('an officer searches the grants list, opens a grant and sees the association behind it', async () => {
      // Prepare
      await signInAs('Karim Officer');

      // Act: from the menu to the grants list, search by a word of the title, narrowed to one association
      await menu().getByRole('link', { name: m['nav.grants'], exact: true }).click();
      await check(m['grants.title']);
      await main.getByLabel(m['grants.search'], { exact: true }).fill('homework');
      await main.getByLabel(m['grants.organisation'], { exact: true }).selectOption('horizons-sfax');
      await main.getByLabel(m['grants.search'], { exact: true }).press('Enter');

      // Assess: the one grant, with its association's name
      const result = main.getByRole('link', { name: 'Homework club for newcomer children', exact: true });
      await result.waitFor();
      await expect.poll(() => main.locator('.grants-list > li').count()).toBe(1);
      await main.locator('.grants-list').getByText('Horizons Solidaires', { exact: true }).waitFor();
      await check(m['grants.title'], 'grants-list');

      // Act: open it
      await result.click();

      // Assess: the panel names the association, its partnership and its record
      await check('Homework club for newcomer children');
      const panel = main.getByRole('region', { name: m['orgPanel.title'] });
      await panel.getByText('Horizons Solidaires', { exact: true }).first().waitFor();
      await panel.getByRole('heading', { name: m['orgPanel.grants'], exact: true }).waitFor();
      await panel.getByRole('link', { name: 'School bridge year', exact: true }).waitFor();
      await check('Homework club for newcomer children', 'grant-panel');
    });

    it('an officer reaches the payments to make from the menu', async () => {
      // Act
      await menu().getByRole('link', { name: m['nav.payments'], exact: true }).click();

      // Assess
      await check(m['payments.title'], 'payments');
      await menu().getByRole('link', { name: m['nav.partnerships'], exact: true }).waitFor();
    });

    it('the mayor’s office reads its decision figures as a chart and as a table', async () => {
      // Prepare
      await page.getByRole('button', { name: m['nav.signOut'], exact: true }).click();
      await signInAs('Office of the Mayor of Sfax');

      // Act
      await menu().getByRole('link', { name: m['nav.insights'], exact: true }).click();

      // Assess: the four figures, the chart, and its twelve months in a table
      await check(m['insights.title']);
      await main.getByText(m['insights.median'], { exact: true }).waitFor();
      await main.getByRole('img', { name: m['insights.chartLabel'] }).waitFor();
      await expect.poll(() => main.locator('table tbody tr').count()).toBe(12);
      await check(m['insights.title'], 'insights');
    });
  });
});
