/**
 * The whole journey through the web front end, in a real (headless) Chromium: a CSO reads its
 * notifications and applies for a fast-track grant, the officer recommends it, the mayor's office
 * approves it, the CSO accepts the award and reports, the officer records the payment of the advance, the
 * funder accepts the report and sees it in its portfolio, and anyone finds the grant in the public
 * register. Once in English on a desktop screen, once in Arabic on a 360-px phone; on every page visited
 * axe-core finds no violation, nothing scrolls sideways, and the page throws no error.
 *
 * It serves web/dist (`npm run build:web`, which `npm test` runs first) when it is newer than the
 * sources, else builds the web into a temporary folder. It skips, and says why, when no Chromium is found.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningSystem, startSystem } from '../../functions/src/local/system.ts';
import { USERS } from '../../functions/src/seed/data.ts';
import { notificationItem } from '../../functions/src/store/notifications.ts';
import { putItem } from '../../test/support/raw-table.ts';
import { ar } from '../src/i18n/ar.ts';
import { en, type Messages } from '../src/i18n/en.ts';
import { currencySymbol } from '../src/i18n/index.ts';
import { type Plural, pluralForm } from '../src/i18n/plural.ts';
import {
  axe,
  describeViolations,
  findChromium,
  launch,
  NO_CHROMIUM_MESSAGE,
  sidewaysOverflow,
  webBuild,
} from './browser.ts';

type Lang = 'en' | 'ar';
const RUNS = [
  { lang: 'en' as const, viewport: { width: 1280, height: 900 }, locale: 'en-GB' },
  { lang: 'ar' as const, viewport: { width: 360, height: 780 }, locale: 'ar-TN' },
];
const CATALOGUES: Record<Lang, Messages> = { en, ar };
const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (s: string) => new RegExp(`^\\s*${escapeRe(s)}\\s*$`);
/** Any form of a plural message, whatever its count. */
const anyForm = (p: Plural) =>
  new RegExp(
    Object.values(p)
      .map((f) => escapeRe(String(f)).replace(/\\\{\w+\\\}/g, '[\\d\u0660-\u0669]+'))
      .join('|'),
  );

/** How long a poll of the page waits for a state (as long as a locator's wait). */
const POLL = { timeout: 10_000, interval: 100 };
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`web/test/journey.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);

const LEILA = USERS.find((u) => u.email === 'cso@sfax.demo');

/** Two unread notifications for the CSO member, as the daily job would leave them. */
async function giveNotifications(system: RunningSystem, suffix: string): Promise<string[]> {
  const titles = [`Report due in 7 days ${suffix}`, `Decision taken ${suffix}`];
  const now = Date.now();
  const userId = LEILA?.id ?? 'u-cso-sfax';
  // The demo's own notices (those of its events) are read already: the badge counts the two given here.
  const store = system.deps.store;
  await store.markNotificationsRead(await store.unreadNotifications(userId), new Date(now).toISOString());
  for (const [i, title] of titles.entries()) {
    await putItem(
      system.deps.store,
      notificationItem({
        id: `n_web_${suffix}_${i}`,
        userId,
        kind: 'milestone_reminder',
        title,
        body: 'This is a test notification of the browser journey.',
        link: '/',
        createdAt: new Date(now - i * 60_000).toISOString(),
      }),
    );
  }
  return titles;
}

describe.skipIf(!chromiumPath)('the web front end in a real browser', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let browser: Browser | undefined;
  const systems = new Map<Lang, RunningSystem>();
  const suffix = randomBytes(3).toString('hex');

  beforeAll(async () => {
    // Prepare: the web front end, one browser, and one system per language (each its own table, seeded),
    // started side by side.
    web = await webBuild();
    const dir = web.dir;
    const start = async (lang: Lang) => {
      const system = await startSystem({
        dynamoEndpoint: inject('dynamoEndpoint'),
        tableName: `web-e2e-${lang}-${Date.now()}-${suffix}`,
        seed: true,
        webDir: dir,
      });
      systems.set(lang, system);
    };
    const launching = launch(chromiumPath).then((b) => {
      browser = b;
    });
    await Promise.all([launching, ...RUNS.map((r) => start(r.lang))]);
  }, 90_000);

  afterAll(async () => {
    // Whatever happened: the browser, the servers, the temporary build.
    await Promise.allSettled([browser?.close(), ...[...systems.values()].map((s) => s.close())]);
    if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
  }, 30_000);

  // Within one language, the steps in order, each building on the one before.
  describe.each(RUNS)('the fast-track journey in $lang', ({ lang, viewport, locale }) => {
    const m = CATALOGUES[lang];
    const title = `${lang === 'en' ? 'Saturday bicycle repair workshop' : 'ورشة إصلاح الدراجات يوم السبت'} ${lang}-${suffix}`;
    let system: RunningSystem;
    let context: BrowserContext;
    let page: Page;
    let main: Locator;
    let grantPath = '';
    let notifications: string[] = [];
    const errors: string[] = [];
    const visited = new Set<string>();

    beforeAll(async () => {
      system = systems.get(lang) as RunningSystem;
      notifications = await giveNotifications(system, `${lang}-${suffix}`);
      context = await (browser as Browser).newContext({ viewport, locale });
      page = await context.newPage();
      // A failing step says which element it waited for, well before the test's own time limit.
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (e) => errors.push(e.message));
      main = page.getByRole('main');
    });

    afterAll(async () => {
      await context?.close();
    });

    /** Waits for the page's heading and its data, then checks it: language, axe, no sideways scrolling. */
    async function check(heading: string | RegExp): Promise<void> {
      await main.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForFunction(
        (loading) =>
          ![...document.querySelectorAll('main [role="status"]')].some(
            (e) => e.textContent?.trim() === loading,
          ),
        m['common.loading'],
      );
      visited.add(new URL(page.url()).pathname);
      expect(errors, 'errors thrown in the page').toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      const violations = await axe(page);
      expect(violations, `${page.url()}\n${describeViolations(violations)}`).toEqual([]);
      expect(await sidewaysOverflow(page), `sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(0);
    }

    /** The page's path and query, as the address bar shows them. */
    const address = () => {
      const u = new URL(page.url());
      return `${u.pathname}${u.search}`;
    };

    /** Signs in from the sign-in page in this run's language (checked once per run). */
    async function signInAs(name: string): Promise<void> {
      if (new URL(page.url(), system.url).pathname !== '/sign-in') await page.goto(`${system.url}/sign-in`);
      await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
      // Chosen on this device, so remembered: a user's own saved language does not replace it.
      await page.getByRole('button', { name: m[`lang.${lang}`], exact: true }).click();
      await page.waitForFunction((l) => localStorage.getItem('passerelle.lang') === l, lang);
      if (!visited.has('/sign-in')) await check(m['signIn.title']);
      else await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
      await main.getByRole('button', { name: fill(m['signIn.as'], { name }), exact: true }).click();
      await page.getByRole('button', { name: m['nav.signOut'], exact: true }).waitFor();
    }

    async function signOut(): Promise<void> {
      await page.getByRole('button', { name: m['nav.signOut'], exact: true }).click();
      await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
    }

    /** The record's state, the first tag under the page's heading. */
    const stateIs = (state: string) =>
      main
        .locator('h1 ~ p.row .tag')
        .first()
        .filter({ hasText: exactly(state) })
        .waitFor();

    it('a newcomer opening the address of the site, signed out, learns what it is and goes on to sign in', async () => {
      // Prepare: a fresh browser, no token, the bare address a newcomer types
      const start = `${system.url}/`;

      // Act
      await page.goto(start);

      // Assess: the first page says what Passerelle is and lists the city's public register
      await check(m['welcome.title']);
      expect(address()).toBe('/');
      await main.getByText(m['welcome.lead'], { exact: true }).waitFor();
      const city = main.getByRole('region', { name: m['welcome.cities'] });
      await city
        .getByRole('link', { name: fill(m['welcome.register'], { city: m['city.sfax'] }), exact: true })
        .waitFor();
      if (lang === 'ar')
        await page.screenshot({ path: join(tmpdir(), 'passerelle-welcome-ar-360.png'), fullPage: true });

      // Act: on to sign in
      await main.getByRole('link', { name: m['welcome.signIn'], exact: true }).click();

      // Assess
      await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
      expect(address()).toBe('/sign-in');
      await main.getByRole('link', { name: m['signIn.publicRegister'], exact: true }).waitFor();
      await check(m['signIn.title']);
      if (lang === 'ar')
        await page.screenshot({ path: join(tmpdir(), 'passerelle-sign-in-ar-360.png'), fullPage: true });
    });

    it('a CSO sees its unread notifications in the header, reads them and marks them all read', async () => {
      // Prepare
      await signInAs('Leila Ben Salah');
      await check(m['home.title']);
      const menu = page.getByRole('navigation', { name: m['nav.main'] });
      const two = new Intl.NumberFormat(locale).format(2);

      // Act
      await menu
        .getByRole('link', {
          name: fill(pluralForm(m['notifications.badge'], 2, locale), { n: two }),
          exact: true,
        })
        .click();
      await check(m['notifications.title']);
      for (const n of notifications) await main.getByRole('link', { name: n, exact: true }).waitFor();
      await main.getByRole('button', { name: m['notifications.markAllRead'], exact: true }).click();

      // Assess: said in words, and the badge is gone
      await main.getByText(m['notifications.allRead'], { exact: true }).waitFor();
      await menu.getByRole('link', { name: m['nav.notifications'], exact: true }).waitFor();
      await expect
        .poll(() => main.getByText(m['notifications.unread'], { exact: true }).count(), POLL)
        .toBe(0);
      await check(m['notifications.title']);
      await signOut();
    });

    it('a CSO applies for a fast-track grant, step by step, and sees the rules before submitting', async () => {
      // Prepare
      await signInAs('Leila Ben Salah');
      await check(m['home.title']);

      // Act: one idea per step, with the keyboard's Enter to go on
      await main.getByRole('link', { name: m['home.newGrant'], exact: true }).click();
      await check(m['wizard.title']);
      await main.getByRole('button', { name: m['wizard.next'], exact: true }).click();
      await main.getByText(m['v.required']).first().waitFor();
      await main.getByLabel(m['wizard.title.label'], { exact: true }).fill(title);
      await main.getByLabel(m['wizard.title.label'], { exact: true }).press('Enter');
      await main
        .getByLabel(m['wizard.need.label'], { exact: true })
        .fill('Young newcomers need cheap transport to reach training and jobs.');
      await main.getByRole('button', { name: m['wizard.next'], exact: true }).click();
      await main
        .getByLabel(m['wizard.summary.label'], { exact: true })
        .fill('Volunteers teach bicycle repair every Saturday and lend refurbished bicycles.');
      await main.getByRole('button', { name: m['wizard.next'], exact: true }).click();
      await main
        .getByLabel(m['wizard.groups.label'], { exact: true })
        .fill('Young newcomers\nHost-community youth');
      await main.getByRole('button', { name: m['wizard.next'], exact: true }).click();
      const money = main.getByLabel(
        fill(m['wizard.money.label'], { currency: currencySymbol('TND', lang) }),
        { exact: true },
      );
      await money.fill('20000');
      await main
        .getByText(fill(m['elig.within_ceiling.fail'], { ceiling: '' }).slice(0, 12))
        .first()
        .waitFor();
      await money.fill('12000');
      await main
        .getByLabel(fill(m['wizard.budget.label'], { n: 1 }), { exact: true })
        .fill('Tools and parts');
      await main.getByLabel(fill(m['wizard.budget.amount'], { n: 1 }), { exact: true }).fill('2000');
      await main.getByRole('button', { name: m['wizard.budget.add'], exact: true }).click();
      await main.getByLabel(fill(m['wizard.budget.label'], { n: 2 }), { exact: true }).fill('Coordinator');
      await main.getByLabel(fill(m['wizard.budget.amount'], { n: 2 }), { exact: true }).fill('10000');
      await check(m['wizard.title']);
      await main.getByRole('button', { name: m['wizard.next'], exact: true }).click();
      await main.getByLabel(m['wizard.dates.start'], { exact: true }).fill('2027-01-15');
      await main.getByLabel(m['wizard.dates.end'], { exact: true }).fill('2027-04-15');
      await main.getByRole('button', { name: m['wizard.next'], exact: true }).click();
      await main
        .getByLabel(fill(m['wizard.indicators.name'], { n: 1 }), { exact: true })
        .fill('Bicycles repaired');
      await main.getByLabel(fill(m['wizard.indicators.target'], { n: 1 }), { exact: true }).fill('40');
      await main.getByRole('button', { name: m['wizard.saveAndCheck'], exact: true }).click();

      // Assess: the draft is saved and every fast-track rule is shown, met
      await main.getByText(m['eligibility.yes'], { exact: true }).waitFor();
      await check(m['wizard.title']);
      await main.getByRole('button', { name: m['event.submit'], exact: true }).click();
      await stateIs(m['state.submitted']);
      await check(title);
      grantPath = new URL(page.url()).pathname;
      expect(grantPath).toMatch(/^\/grants\/[\w-]+$/);
      await signOut();
    });

    it('the CSO asks a question in Arabic in the conversation under its application; it shows at the bottom', async () => {
      // Prepare
      const question = 'هل يمكن شراء قطع الغيار من سوق صفاقس؟\nشكرًا.';
      await signInAs('Leila Ben Salah');
      await check(m['home.title']);
      await page.goto(`${system.url}${grantPath}`);
      await check(title);

      // Act
      const box = main.getByLabel(m['thread.label'], { exact: true });
      await box.fill(question);
      await main.getByRole('button', { name: m['thread.send'], exact: true }).click();

      // Assess: the message is the thread's last, its text isolated from the page's direction; the box is empty
      const said = main.locator('#messages .message-body').last();
      await expect.poll(() => said.textContent(), POLL).toBe(question);
      expect(await said.getAttribute('dir')).toBe('auto');
      expect(await box.inputValue()).toBe('');
      await check(title);
      await signOut();
    });

    it('the city officer reviews it, declares no conflict and recommends it', async () => {
      // Prepare
      await signInAs('Karim Officer');
      await check(m['queue.title']);

      // Act
      await main.getByRole('link', { name: title, exact: true }).click();
      await check(title);
      await main.getByRole('button', { name: m['event.start_review'], exact: true }).click();
      await stateIs(m['state.in_review']);
      await main.getByLabel(m['conflict.statement'], { exact: true }).check();
      await main.getByRole('button', { name: m['event.declare_no_conflict'], exact: true }).click();
      await main.getByText(m['conflict.declared']).waitFor();
      await check(title);
      await main.getByRole('button', { name: m['event.recommend'], exact: true }).click();
      await main.getByText(m['v.required']).first().waitFor();
      await main.getByLabel(m['grant.recommendApprove'], { exact: true }).check();
      await main
        .getByLabel(m['grant.recommendReason'], { exact: true })
        .fill('Meets a real need; the budget is sound.');
      await main.getByRole('button', { name: m['event.recommend'], exact: true }).click();

      // Assess
      await stateIs(m['state.recommended']);
      await main.getByText('Meets a real need; the budget is sound.').first().waitFor();
      await check(title);
      await signOut();
    });

    it("the mayor's office decides from its queue, with the officer's recommendation, co-funded by the foundation", async () => {
      // Prepare
      await signInAs('Office of the Mayor of Sfax');
      await check(m['queue.decisionsTitle']);
      const item = main
        .getByRole('listitem')
        .filter({ has: page.getByRole('link', { name: title, exact: true }) });
      await item.getByText(anyForm(m['queue.daysLeft'])).waitFor();

      // Act
      await item.getByRole('link', { name: title, exact: true }).click();
      await check(title);
      await main.getByRole('heading', { name: m['grant.recommendation'], exact: true }).waitFor();
      await main.getByLabel(m['conflict.statement'], { exact: true }).check();
      await main.getByRole('button', { name: m['event.declare_no_conflict'], exact: true }).click();
      await main.getByRole('heading', { name: m['award.decideTitle'], exact: true }).waitFor();
      await check(title);
      const funder = main.getByLabel(fill(m['award.funder'], { n: 1 }), { exact: true });
      await funder.locator('option[value="fondation-sud"]').waitFor({ state: 'attached' });
      await funder.selectOption('fondation-sud');
      await main.getByRole('button', { name: m['event.approve'], exact: true }).click();
      await main
        .getByRole('button', { name: fill(m['confirm.yes'], { action: m['event.approve'] }), exact: true })
        .click();

      // Assess
      await stateIs(m['state.approved']);
      await main.getByRole('heading', { name: m['award.title'], exact: true }).waitFor();
      await check(title);
      await signOut();
    });

    it('the CSO accepts the award and submits its final report', async () => {
      // Prepare
      await signInAs('Leila Ben Salah');
      await check(m['home.title']);
      const applications = main.getByRole('region', { name: m['home.applications'], exact: true });
      await applications.getByRole('link', { name: title, exact: true }).click();

      // Act
      await main.getByRole('button', { name: m['event.accept_award'], exact: true }).click();
      await stateIs(m['state.active']);
      await check(title);
      const reports = main.getByRole('region', { name: m['grant.milestones'], exact: true });
      await reports.getByRole('link', { name: title }).click();
      await check(new RegExp(escapeRe(m['kind.final_report'])));
      await main
        .getByLabel(m['report.narrative'], { exact: true })
        .fill('Forty-two bicycles were repaired; twelve were lent for the year.');
      await main
        .getByLabel(fill(m['report.count'], { name: 'Bicycles repaired' }), { exact: true })
        .fill('42');
      await main
        .getByLabel(fill(m['report.spentLabel'], { currency: currencySymbol('TND', lang) }), { exact: true })
        .fill('11850.500');
      // Less than the award was spent: the report says what happens to the rest.
      await main.getByLabel(m['underspend.returned'], { exact: true }).check();
      await main.getByRole('button', { name: m['event.submit_report'], exact: true }).click();

      // Assess
      await stateIs(m['state.submitted']);
      await main.getByRole('heading', { name: m['report.title'], exact: true }).waitFor();
      await check(new RegExp(escapeRe(m['kind.final_report'])));
      await signOut();
    });

    it("a reminder's link opened signed out leads, after sign-in, to the grant it names", async () => {
      // Prepare: signed out, the deep link of a reminder mail, with its query
      const link = `${grantPath}?from=reminder`;
      await page.goto(`${system.url}${link}`);
      await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
      expect(address()).toBe('/sign-in');

      // Act
      await signInAs('Karim Officer');

      // Assess: on the page asked for, not on the home page
      await check(title);
      expect(address()).toBe(link);
    });

    it('the city officer records the payment of the advance', async () => {
      // Prepare: the grant, opened from the reminder's link in the test before
      expect(new URL(page.url()).pathname).toBe(grantPath);
      await check(title);
      const payments = main.getByRole('list', { name: m['award.tranches'], exact: true });
      await payments.getByText(m['tranche.released'], { exact: true }).waitFor();

      // Act
      const markPaid = fill(m['tranche.markPaid'], { n: 1 });
      await main.getByRole('button', { name: markPaid, exact: true }).click();
      await main.getByLabel(m['tranche.reference'], { exact: true }).fill('VIR-2027-0042');
      await main
        .getByRole('button', { name: fill(m['confirm.yes'], { action: markPaid }), exact: true })
        .click();

      // Assess
      await main.getByText(fill(m['tranche.recorded'], { n: 1 }), { exact: true }).waitFor();
      await payments.getByText(m['tranche.paid'], { exact: true }).waitFor();
      await check(title);
      await signOut();
    });

    it('the funder accepts the report and sees it in its portfolio', async () => {
      // Prepare
      await signInAs('Fondation Méditerranée Sud');
      await check(m['funder.title']);

      // Act
      await page.getByRole('link', { name: m['nav.reportsToReview'], exact: true }).click();
      await check(m['queue.title']);
      await main.getByRole('link', { name: title }).click();
      await check(new RegExp(escapeRe(m['kind.final_report'])));
      await main.getByRole('button', { name: m['event.accept'], exact: true }).click();
      await main
        .getByRole('button', { name: fill(m['confirm.yes'], { action: m['event.accept'] }), exact: true })
        .click();
      await stateIs(m['state.accepted']);
      await page.getByRole('link', { name: m['nav.portfolio'], exact: true }).click();
      await check(m['funder.title']);

      // Assess: the grant with the foundation's share, the accepted report on the timeline, the CSV
      await main.locator('tbody tr', { hasText: title }).getByText(m['state.active']).waitFor();
      await main.locator('.timeline li', { hasText: title }).getByText(m['state.accepted']).waitFor();
      const csv = decodeURIComponent(
        (await main.getByRole('link', { name: m['funder.csv'] }).getAttribute('href')) ?? '',
      );
      expect(csv).toContain(title);
      expect(csv).toContain('accepted');
      await signOut();
    });

    it('anyone finds the grant in the public register, filters it by keyboard and downloads the open data', async () => {
      // Prepare: signed out, from the sign-in page
      await main.getByRole('link', { name: m['signIn.publicRegister'], exact: true }).click();
      const heading = fill(m['register.title'], { city: m['city.sfax'] });
      await check(heading);
      const grants = main.getByRole('region', { name: m['register.grants'], exact: true });
      const ours = grants.getByRole('heading', { level: 3, name: title, exact: true });
      await ours.waitFor();
      const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Tunis', year: 'numeric' }).format();
      const registerLoaded = (param: string) =>
        page.waitForResponse((r) => r.url().includes('/register?') && r.url().includes(param) && r.ok());

      // Act: the year and a focus area of the organisation, chosen and sent with the keyboard
      await main.getByLabel(m['register.year'], { exact: true }).selectOption(year);
      await main.getByLabel(m['register.focusArea'], { exact: true }).selectOption('legal_counselling');
      const filtered = registerLoaded('focusArea=legal_counselling');
      await main.getByRole('button', { name: m['register.apply'], exact: true }).press('Enter');

      // Assess: in the address, and only grants to organisations working in that area
      await filtered;
      const query = new URL(page.url()).searchParams;
      expect([query.get('year'), query.get('focusArea')]).toEqual([year, 'legal_counselling']);
      const cards = grants.locator('.register-grants > li');
      await expect
        .poll(async () => {
          const texts = await cards.allTextContents();
          return texts.length > 0 && texts.every((x) => x.includes(m['focus.legal_counselling']));
        }, POLL)
        .toBe(true);
      await ours.waitFor();
      await check(heading);

      // Act: the foundation as funder
      await main.getByLabel(m['register.funder'], { exact: true }).selectOption('fondation-sud');
      const funded = registerLoaded('funder=fondation-sud');
      await main.getByRole('button', { name: m['register.apply'], exact: true }).press('Enter');

      // Assess: partnerships have no funder, and the page says so
      await funded;
      await main.getByText(m['register.partnershipsNoFunder'], { exact: true }).waitFor();
      await ours.waitFor();
      await check(heading);

      // Act: two grants a page, then more
      await page.goto(`${system.url}/register/sfax?limit=2`);
      await check(heading);
      await expect.poll(() => cards.count(), POLL).toBe(2);
      await main.getByRole('button', { name: m['register.loadMore'], exact: true }).click();

      // Assess: two more, and the focus on the first new one
      await expect.poll(() => cards.count(), POLL).toBe(4);
      await grants.locator('h3:focus').waitFor();
      await check(heading);

      // Assess: the 360Giving downloads hold the grant
      for (const name of [m['register.downloadJson'], m['register.downloadCsv']]) {
        const href = await main.getByRole('link', { name, exact: true }).getAttribute('href');
        const res = await page.request.get(new URL(href ?? '', system.url).href);
        expect(res.status(), name).toBe(200);
        expect(await res.text(), name).toContain(title);
      }
      expect([...visited]).toEqual(
        expect.arrayContaining(
          ['/sign-in', '/', '/notifications', '/grants/new', grantPath, '/queue', '/funder'].concat(
            '/register/sfax',
          ),
        ),
      );
      expect([...visited].some((p) => p.startsWith('/milestones/'))).toBe(true);
    });
  });
});
