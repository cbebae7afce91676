/**
 * The public register's partnerships a page at a time, in a real (headless) Chromium, signed out: a visitor
 * opens the register with one partnership a page, follows "show more partnerships" with the keyboard until
 * every active partnership of the city is shown (the focus on the first new one each time, the grants left
 * as they were), and a focus-area filter applies to the partnerships' pages too. In Arabic on a 360-px
 * phone, in French and English on a desktop screen; on every step axe finds no violation and nothing
 * scrolls sideways. Screenshots of the partnerships' first page:
 * docs/screenshots/register-partnerships-{ar,fr,en}.png.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  pageSignedOut,
  SCREENS,
  stopAll,
  webBuild,
} from './browser.ts';

const RUNS = [SCREENS.arPhone, SCREENS.frDesktop, SCREENS.enDesktop];
const CATALOGUES: Record<'en' | 'fr' | 'ar', Messages> = { en, fr, ar };
const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`web/test/register-pages.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);

describe.skipIf(!chromiumPath)('the public register’s partnerships, page by page, in a real browser', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let browser: Browser | undefined;
  let sys: TestSystem;
  /** Sfax's active partnerships as the API lists them, in its order. */
  let names: string[] = [];

  beforeAll(async () => {
    web = await webBuild();
    [sys, browser] = await Promise.all([startTestSystem(true, { webDir: web.dir }), launch(chromiumPath)]);
    const res = await fetch(`${sys.url}/v1/public/cities/sfax/register`);
    const body = (await res.json()) as { partnerships: { organisationName: string }[] };
    names = body.partnerships.map((p) => p.organisationName);
  }, 240_000);

  afterAll(() => stopAll(browser, [sys], web), 30_000);

  it.each(RUNS)(
    '$lang: a visitor shows every partnership one page at a time with the keyboard, filters included',
    async (run) => {
      // Prepare: signed out, in the run's language and screen size, one partnership a page
      const m = CATALOGUES[run.lang];
      const { page, errors } = await pageSignedOut(browser as Browser, run);
      const check = pageChecker(page, run.lang, m['common.loading'], errors);
      const heading = translate(m, run.lang, 'register.title', { city: m['city.sfax'] });
      const main = page.getByRole('main');
      const partnerships = main.getByRole('region', { name: m['register.partnerships'], exact: true });
      const cards = partnerships.locator('ul.cards > li h3');
      const grants = main.getByRole('region', { name: m['register.grants'], exact: true });
      const grantCards = grants.locator('.register-grants > li');
      const more = partnerships.getByRole('button', {
        name: m['register.loadMorePartnerships'],
        exact: true,
      });
      expect(names.length).toBeGreaterThanOrEqual(3);

      await page.goto(`${sys.url}/register/sfax?partnershipsLimit=1`);
      await check(heading);
      expect(await cards.allTextContents()).toEqual(names.slice(0, 1));
      // More to come: the page says in what order they come.
      await partnerships.getByText(m['register.partnershipsOrder'], { exact: true }).waitFor();
      await partnerships.screenshot({ path: join(SCREENSHOTS, `register-partnerships-${run.lang}.png`) });
      const grantsShown = await grantCards.count();
      expect(grantsShown).toBeGreaterThan(0);

      // Act: "show more partnerships", with the keyboard, until there are no more
      for (let shown = 1; shown < names.length; shown++) {
        await more.focus();
        await page.keyboard.press('Enter');

        // Assess: one more, in the API's order, the focus on it, the grants as they were
        await expect.poll(() => cards.count()).toBe(shown + 1);
        expect(await cards.allTextContents()).toEqual(names.slice(0, shown + 1));
        expect(await partnerships.locator('h3:focus').textContent()).toBe(names[shown]);
        expect(await grantCards.count()).toBe(grantsShown);
        await check(heading);
      }

      // Assess: all shown, nothing more to ask for
      expect(await more.count()).toBe(0);

      // Act: a focus area only Horizons Solidaires works in, still one partnership a page
      await page.goto(`${sys.url}/register/sfax?partnershipsLimit=1&focusArea=education`);
      await check(heading);

      // Assess: that one first, found past the partnerships it does not match; whatever "more" still
      // offers (the server cannot know that none of the rest matches without reading them) adds no other
      expect(await cards.allTextContents()).toEqual(['Horizons Solidaires']);
      for (let tries = 0; (await more.count()) > 0 && tries < names.length; tries++) {
        await more.focus();
        await page.keyboard.press('Enter');
        await expect
          .poll(() =>
            partnerships
              .getByRole('button')
              .count()
              .then((n) => n === 0 || more.isEnabled()),
          )
          .toBe(true);
      }
      expect(await more.count()).toBe(0);
      expect(await cards.allTextContents()).toEqual(['Horizons Solidaires']);
      await check(heading);
      await page.context().close();
    },
    180_000,
  );
});
