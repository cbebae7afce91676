/**
 * The coordination map in a real (headless) Chromium: two grants built for it serve the same target group
 * in legal counselling at the same time (one overlap, known); the officer opens the map from the menu,
 * filters it by that group, sees the overlap flagged in words on the cell and above the matrix, and follows
 * the cell to the grant it counts. In Arabic on a 360-px phone, in French and English on a desktop screen;
 * on every page axe finds no violation and nothing scrolls sideways. Screenshots:
 * docs/screenshots/coordination-{ar,fr,en}.png.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeGrant, tnd } from '../../test/support/grants.ts';
import { startTestSystem, type TestSystem } from '../../test/support/harness.ts';
import { ar } from '../src/i18n/ar.ts';
import { en, type Messages } from '../src/i18n/en.ts';
import { fr } from '../src/i18n/fr.ts';
import { translate } from '../src/i18n/index.ts';
import {
  findChromium,
  launch,
  NO_CHROMIUM_MESSAGE,
  pageChecker,
  signInWithToken,
  webBuild,
} from './browser.ts';

const RUNS = [
  { lang: 'ar' as const, viewport: { width: 360, height: 780 }, locale: 'ar-TN' },
  { lang: 'fr' as const, viewport: { width: 1280, height: 900 }, locale: 'fr-FR' },
  { lang: 'en' as const, viewport: { width: 1280, height: 900 }, locale: 'en-GB' },
];
const CATALOGUES: Record<'en' | 'fr' | 'ar', Messages> = { en, fr, ar };
const GROUP = 'Young people arriving alone';
const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`web/test/coordination.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);

describe.skipIf(!chromiumPath)('the coordination map in a real browser', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let browser: Browser | undefined;
  let sys: TestSystem;
  const titles = { a: 'Legal desk at the port', b: 'Legal aid caravan' };

  beforeAll(async () => {
    web = await webBuild();
    [sys, browser] = await Promise.all([startTestSystem(true, { webDir: web.dir }), launch(chromiumPath)]);
    const [officer, mayor, amal, jisr] = await Promise.all([
      sys.as('officer@sfax.demo'),
      sys.as('mayor@sfax.demo'),
      sys.as('cso@sfax.demo'),
      sys.as('newcso@sfax.demo'),
    ]);
    const grant = (title: string, startDate: string, endDate: string) => ({
      track: 'standard',
      title,
      targetGroups: [GROUP],
      focusAreas: ['legal_counselling'],
      amountRequested: tnd(2_000_000),
      budget: [{ label: 'Lawyers', amount: tnd(2_000_000) }],
      startDate,
      endDate,
    });
    // A (Amal) and B (Jisr) both run from June to mid-July 2027: the one overlap of this group.
    await activeGrant({ cso: amal, officer, mayor }, grant(titles.a, '2027-01-15', '2027-07-15'));
    await activeGrant({ cso: jisr, officer, mayor }, grant(titles.b, '2027-06-01', '2027-12-31'));
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), sys?.close()]);
    if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
  }, 30_000);

  it.each(RUNS)(
    '$lang: the officer opens the map, sees the overlap flagged and follows its cell to a grant',
    async (run) => {
      // Prepare: the officer signed in, in the run's language and screen size
      const m = CATALOGUES[run.lang];
      const say = (key: keyof Messages, params: Record<string, string | number> = {}) =>
        translate(m, run.lang, key, params);
      const context = await (browser as Browser).newContext({ viewport: run.viewport, locale: run.locale });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const check = pageChecker(page, run.lang, m['common.loading'], errors);
      await signInWithToken(page, sys.url, 'officer@sfax.demo', run.lang);
      await page.goto(`${sys.url}/`);
      const main = page.getByRole('main');

      // Act: the map from the menu, filtered by the group
      const menu = page.getByRole('navigation', { name: m['nav.main'] });
      await menu.getByRole('link', { name: m['coord.nav'] }).click();
      await check(m['coord.title']);
      await main.getByLabel(m['coord.targetGroup'], { exact: true }).fill(GROUP);
      await main.getByRole('button', { name: m['coord.show'] }).click();
      await page.waitForURL(/targetGroup=/);

      // Assess: one overlap, said above the matrix and on its one cell, with the two grants it counts
      const overlapHeading = main.getByRole('heading', {
        level: 2,
        name: say('coord.overlapsCount', { n: 1 }),
      });
      await overlapHeading.waitFor();
      const flagged = main.locator('td.coord-overlap');
      await expect.poll(() => flagged.count()).toBe(1);
      expect(await flagged.textContent()).toContain(m['coord.overlap']);
      const cellLink = flagged.getByRole('link', { name: say('coord.count', { n: 2 }) });
      expect(await cellLink.count()).toBe(1);
      const list = main.locator('.coord-overlaps');
      expect(await list.getByRole('link', { name: titles.a }).count()).toBe(1);
      expect(await list.getByRole('link', { name: titles.b }).count()).toBe(1);
      await check(m['coord.title']);
      await page.screenshot({ path: join(SCREENSHOTS, `coordination-${run.lang}.png`), fullPage: true });

      // Act: the cell leads to its initiatives, and one of them to its grant
      await cellLink.click();
      const details = main.locator('.coord-details:target');
      await details.waitFor();
      // French puts a no-break space before its colon: spaces compared as spaces.
      const spaced = (x: string | null) => (x ?? '').replace(/\s/g, ' ');
      expect(spaced(await details.textContent())).toContain(spaced(m['coord.overlapNote']));
      await details.getByRole('link', { name: titles.b }).click();

      // Assess: the grant's own page
      await check(titles.b);
      expect(new URL(page.url()).pathname).toMatch(/^\/grants\//);
      await context.close();
    },
    180_000,
  );
});
