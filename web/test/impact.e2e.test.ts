/**
 * The impact profile in a real (headless) Chromium, on a portfolio built for it with known totals
 * (test/support/grants.ts): the CSO member opens the profile and finds the totals, the grants that add up
 * to them and the indicators; makes a read-only link, copies it and signs out. The link, opened in a fresh
 * browser with no account, shows the same profile and nothing beyond it (no navigation, no link, no names
 * of people); once the member revokes it, it opens the "expired or withdrawn" page. In English on a
 * desktop screen, in French on a tablet and in Arabic on a 360-px phone; every page passes axe, scrolls
 * nothing sideways and throws no error. Screenshots in docs/screenshots/impact-<lang>-*.png.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS } from '../../functions/src/seed/data.ts';
import { impactPortfolio } from '../../test/support/grants.ts';
import { startTestSystem, type TestSystem } from '../../test/support/harness.ts';
import { ar } from '../src/i18n/ar.ts';
import { en, type MessageKey, type Messages } from '../src/i18n/en.ts';
import { fr } from '../src/i18n/fr.ts';
import { type Params, translate } from '../src/i18n/index.ts';
import { findChromium, launch, NO_CHROMIUM_MESSAGE, pageChecker, webBuild } from './browser.ts';

type Lang = 'en' | 'fr' | 'ar';
const DESKTOP_EN = { lang: 'en' as const, viewport: { width: 1280, height: 900 }, locale: 'en-GB' };
const RUNS = [
  DESKTOP_EN,
  { lang: 'fr' as const, viewport: { width: 800, height: 1000 }, locale: 'fr-FR' },
  { lang: 'ar' as const, viewport: { width: 360, height: 780 }, locale: 'ar-TN' },
];
const CATALOGUES: Record<Lang, Messages> = { en, fr, ar };
const SHOTS = join(import.meta.dirname, '../../docs/screenshots');
const YOUSSEF = USERS.find((u) => u.email === 'newcso@sfax.demo')?.name ?? 'Youssef Trabelsi';

/** The whole number a shown figure or amount says, whatever the language's digits and separators. */
const figure = (text: string | null): number =>
  Number(
    (text ?? '').replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[^\d]/g, ''),
  );

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`web/test/impact.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);

describe.skipIf(!chromiumPath)('the impact profile and its shared link, in a real browser', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let browser: Browser | undefined;
  let sys: TestSystem;
  let member: string;
  let officer: string;
  let grantId: string;

  beforeAll(async () => {
    web = await webBuild();
    [sys, browser] = await Promise.all([startTestSystem(true, { webDir: web.dir }), launch(chromiumPath)]);
    const portfolio = await impactPortfolio(sys);
    member = portfolio.jisr.token;
    grantId = portfolio.first;
    officer = (await sys.as('officer@sfax.demo')).token;
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), sys?.close()]);
    if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
  }, 30_000);

  /** A page in `run`'s language and size at `path`, signed in (once) with `token`, or signed out with ''. */
  async function open(run: (typeof RUNS)[number], path: string, token: string) {
    const context: BrowserContext = await (browser as Browser).newContext({
      viewport: run.viewport,
      locale: run.locale,
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sys.url });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${sys.url}/sign-in`);
    await page.evaluate(
      ([token, lang]) => {
        if (token) sessionStorage.setItem('passerelle.token', token);
        localStorage.setItem('passerelle.lang', lang);
      },
      [token, run.lang] as const,
    );
    await page.goto(`${sys.url}${path}`);
    const m = CATALOGUES[run.lang];
    return {
      page,
      main: page.getByRole('main'),
      check: pageChecker(page, run.lang, m['common.loading'], errors),
    };
  }

  /** The totals of the profile as the page shows them: the figure beside each label of its summary. */
  async function totals(main: Locator, m: Messages) {
    const facts = main.getByRole('region', { name: m['impact.totals'] });
    const value = async (key: MessageKey) =>
      figure(
        await facts
          .locator('dl.facts > div')
          .filter({ has: main.page().getByText(m[key] as string, { exact: true }) })
          .locator('dd')
          .textContent(),
      );
    return {
      grants: await value('impact.grantCount'),
      awarded: await value('impact.awarded'),
      paid: await value('impact.paid'),
      spent: await value('impact.spent'),
      onTime: await value('impact.reportsOnTime'),
      overdue: await value('impact.reportsOverdue'),
    };
  }

  /** Each row of a region's table: its cells' figures, the row's header first. */
  async function rows(main: Locator, region: string): Promise<string[][]> {
    return main
      .getByRole('region', { name: region })
      .locator('table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim() ?? '')));
  }

  /** The known profile (test/support/grants.ts), as the page shows it, agreeing with itself. */
  async function expectKnownProfile(main: Locator, m: Messages) {
    // 16 000.000 DT awarded, 8 000.000 paid, 9 500.000 spent: amounts in millimes.
    expect(await totals(main, m)).toEqual({
      grants: 2,
      awarded: 16_000_000,
      paid: 8_000_000,
      spent: 9_500_000,
      onTime: 2,
      overdue: 0,
    });
    const grants = await rows(main, m['impact.grants']);
    expect(grants).toHaveLength(2);
    const column = (i: number) => grants.reduce((sum, row) => sum + figure(row[i] ?? ''), 0);
    expect([column(4), column(5), column(6)]).toEqual([16_000_000, 8_000_000, 9_500_000]);
    expect(grants.some((row) => row[2]?.includes('Fondation'))).toBe(true);
    const indicators = await rows(main, m['impact.indicators']);
    expect(
      indicators.map(([name, target, result]) => [name, figure(target ?? ''), figure(result ?? '')]),
    ).toEqual([
      ['families supported', 150, 95],
      ['workshops held', 10, 0],
    ]);
    const months = await rows(main, m['impact.timeline']);
    expect(months.reduce((sum, row) => sum + figure(row.at(-1) ?? ''), 0)).toBe(4);
  }

  it.each(RUNS)(
    '$lang: the member shares the profile by a link that opens it signed out, until revoked',
    async (run) => {
      const m = CATALOGUES[run.lang];
      const say = (key: MessageKey, params?: Params) => translate(m, run.lang, key, params);
      const shot = (page: Page, name: string) =>
        page.screenshot({ path: join(SHOTS, `impact-${run.lang}-${name}.png`), fullPage: true });

      // Act: the member opens the profile from the home page
      const cso = await open(run, '/', member);
      await cso.main.getByRole('link', { name: m['impact.open'] }).click();
      await cso.check(m['impact.title']);

      // Assess: the known totals, the rows that add up to them, the indicators and the timeline
      await expectKnownProfile(cso.main, m);
      await shot(cso.page, 'profile');

      // Act: a link for 7 days, copied
      const share = cso.main.getByRole('region', { name: m['impact.share.title'] });
      await share
        .getByLabel(m['impact.share.days'])
        .selectOption({ label: say('impact.share.daysOption', { n: 7 }) });
      await share.getByRole('button', { name: m['impact.share.create'], exact: true }).click();
      const address = share.getByLabel(m['impact.share.url']);
      await address.waitFor();
      const url = await address.inputValue();
      await share.getByRole('button', { name: m['impact.share.copy'], exact: true }).click();
      await share.getByText(m['impact.share.copied'], { exact: true }).waitFor();

      // Assess: the address is the shared page's, copied as shown, and the list has the open link
      expect(url).toMatch(new RegExp(`^${sys.url}/impact/shared/[\\w-]+\\.[\\w-]+$`));
      expect(await cso.page.evaluate(() => navigator.clipboard.readText())).toBe(url);
      await share.locator('tbody tr').first().getByText(m['impact.share.active'], { exact: true }).waitFor();
      await cso.check(m['impact.title']);
      await shot(cso.page, 'share');

      // Act: the member signs out
      await cso.page.getByRole('button', { name: m['nav.signOut'] }).click();
      await cso.page.waitForURL(`${sys.url}/sign-in`);

      // Act: someone with no account opens the link
      const visitor = await open(run, new URL(url).pathname, '');
      await visitor.check(m['impact.title']);

      // Assess: the same profile, and nothing beyond it
      await expectKnownProfile(visitor.main, m);
      expect(await visitor.page.getByRole('navigation', { name: m['nav.main'] }).count()).toBe(0);
      expect(await visitor.main.getByRole('link').count()).toBe(0);
      expect(await visitor.main.getByRole('region', { name: m['impact.share.title'] }).count()).toBe(0);
      expect(await visitor.page.locator('body').textContent()).not.toContain(YOUSSEF);
      expect(visitor.page.url()).toBe(url);
      await shot(visitor.page, 'shared');

      // Act: the member, signed in again, revokes the link (the newest, first in the list), confirming
      const again = await open(run, '/organisation', member);
      await again.main.getByRole('link', { name: m['impact.open'] }).click();
      await again.check(m['impact.title']);
      const links = again.main.getByRole('region', { name: m['impact.share.title'] });
      await links.locator('tbody tr').first().getByRole('button', { name: m['impact.share.revoke'] }).click();
      await links
        .getByRole('button', { name: say('confirm.yes', { action: m['impact.share.revoke'] }), exact: true })
        .click();
      await links.getByText(m['impact.share.revoked'], { exact: true }).waitFor();
      await links
        .locator('tbody tr')
        .first()
        .getByText(m['impact.share.withdrawn'], { exact: true })
        .waitFor();

      // Assess: the link now opens the page that says it expired or was withdrawn
      await visitor.page.reload();
      await visitor.check(m['impact.gone.title']);
      expect(await visitor.main.getByText(m['impact.gone.text']).count()).toBe(1);
      expect(await visitor.main.getByRole('table').count()).toBe(0);
      await shot(visitor.page, 'gone');
      for (const p of [cso, visitor, again]) await p.page.context().close();
    },
    240_000,
  );

  it('en: the city’s officer opens the profile from the association panel of a grant, with no sharing part', async () => {
    // Act
    const m = CATALOGUES.en;
    const staff = await open(DESKTOP_EN, `/grants/${grantId}`, officer);
    await staff.main.getByRole('link', { name: m['impact.panelLink'] }).click();
    await staff.check(m['impact.title']);

    // Assess: the same known profile; links are for the association's members only
    await expectKnownProfile(staff.main, m);
    expect(await staff.main.getByRole('region', { name: m['impact.share.title'] }).count()).toBe(0);
    await staff.page.context().close();
  }, 120_000);
});
