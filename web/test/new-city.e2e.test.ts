/**
 * A brand-new city, in a real (headless) Chromium, from an empty system: the operator opens it
 * (city:create), its admin sets the fast-track ceiling and a holiday and invites an officer and the
 * mayor's office (whose roles the admin then changes), an association registers on the public form, the
 * officer verifies it from the work queue, its contact signs in, invites a colleague and applies for a
 * partnership; the officer records due diligence and the mayor's office approves it; both sides sign (through
 * the API: the web has no signing form yet) and the association applies for a fast-track grant above the
 * default ceiling, within the one its admin set. Once in English on a desktop screen, once in Arabic on a 360-px phone; every page
 * visited passes axe-core, scrolls nothing sideways and throws no error.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { type RunningSystem, startSystem } from '../../functions/src/local/system.ts';
import { createCity, parseCityArgs } from '../../functions/src/ops/city-create.ts';
import { createDirectory } from '../../functions/src/users/directory.ts';
import { fastApplication } from '../../test/support/harness.ts';
import { ar } from '../src/i18n/ar.ts';
import { en, type Messages } from '../src/i18n/en.ts';
import { findChromium, freshWebBuild, launch, NO_CHROMIUM_MESSAGE, pageChecker } from './browser.ts';

type Lang = 'en' | 'ar';
const RUNS = [
  { lang: 'en' as const, viewport: { width: 1280, height: 900 }, locale: 'en-GB' },
  { lang: 'ar' as const, viewport: { width: 360, height: 780 }, locale: 'ar-TN' },
];
const CATALOGUES: Record<Lang, Messages> = { en, ar };
const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));
/** How an e-mail address shows inside a sentence: isolated (FSI … PDI) from the text around it. */
const isolated = (s: string) => `\u2068${s}\u2069`;

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`web/test/new-city.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);

const CITY = 'Gabès';

describe.skipIf(!chromiumPath)('a brand-new city in a real browser', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let browser: Browser | undefined;
  const systems = new Map<Lang, RunningSystem>();
  const suffix = randomBytes(3).toString('hex');

  beforeAll(async () => {
    // Prepare: the web front end, one browser, and per language a system started EMPTY (no demo), on
    // which the operator opens the city as `npm run city:create` does.
    web = await freshWebBuild(join(import.meta.dirname, '..'), 'web/test/new-city.e2e.test.ts');
    const dir = web.dir;
    const start = async (lang: Lang) => {
      const system = await startSystem({
        dynamoEndpoint: inject('dynamoEndpoint'),
        tableName: `web-new-city-${lang}-${Date.now()}-${suffix}`,
        seed: false,
        webDir: dir,
      });
      systems.set(lang, system);
      await createCity(
        system.deps,
        createDirectory(system.deps),
        parseCityArgs({
          id: 'gabes',
          name: CITY,
          country: 'TN',
          currency: 'TND',
          timeZone: 'Africa/Tunis',
          adminEmail: 'admin@gabes.example',
          adminName: 'Amira Admin',
          language: lang,
        }),
      );
    };
    const launching = launch(chromiumPath).then((b) => {
      browser = b;
    });
    await Promise.all([launching, ...RUNS.map((r) => start(r.lang))]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), ...[...systems.values()].map((s) => s.close())]);
    if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
  }, 30_000);

  describe.each(RUNS)(
    'from city:create to a partnership application, in $lang',
    ({ lang, viewport, locale }) => {
      const m = CATALOGUES[lang];
      let system: RunningSystem;
      let context: BrowserContext;
      let page: Page;
      let main: Locator;
      let check: (heading: string | RegExp) => Promise<void>;
      const errors: string[] = [];
      const visited = new Set<string>();
      const org = `Jeunes du quartier ${lang}-${suffix}`;
      const contact = `Sami ${lang}`;

      beforeAll(async () => {
        system = systems.get(lang) as RunningSystem;
        context = await (browser as Browser).newContext({ viewport, locale });
        page = await context.newPage();
        page.setDefaultTimeout(10_000);
        page.on('pageerror', (e) => errors.push(e.message));
        main = page.getByRole('main');
        const checkPage = pageChecker(page, lang, m['common.loading'], errors);
        check = async (heading) => {
          await checkPage(heading);
          visited.add(new URL(page.url()).pathname);
        };
      });

      afterAll(async () => {
        await context?.close();
      });

      /** In Arabic on the phone, a full-page screenshot to look at (in the system's temporary folder). */
      const shoot = async (name: string) => {
        if (lang === 'ar')
          await page.screenshot({
            path: join(tmpdir(), `passerelle-new-city-${name}-ar-360.png`),
            fullPage: true,
          });
      };

      /** Signs in from the sign-in page in this run's language. */
      async function signInAs(name: string): Promise<void> {
        await page.goto(`${system.url}/sign-in`);
        await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
        await page.getByRole('button', { name: m[`lang.${lang}`], exact: true }).click();
        await page.waitForFunction((l) => localStorage.getItem('passerelle.lang') === l, lang);
        if (!visited.has('/sign-in')) await check(m['signIn.title']);
        await main.getByRole('button', { name: fill(m['signIn.as'], { name }), exact: true }).click();
        await page.getByRole('button', { name: m['nav.signOut'], exact: true }).waitFor();
      }

      async function signOut(): Promise<void> {
        await page.getByRole('button', { name: m['nav.signOut'], exact: true }).click();
        await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
      }

      /** Sends the invitation form of the page and waits for its confirmation. */
      async function invite(name: string, email: string): Promise<void> {
        await main.getByLabel(m['invite.name'], { exact: true }).fill(name);
        await main.getByLabel(m['invite.email'], { exact: true }).fill(email);
        await main.getByRole('button', { name: m['invite.send'], exact: true }).click();
        await main
          .getByRole('status')
          .filter({ hasText: fill(m['invite.sent'], { email: isolated(email) }) })
          .waitFor();
      }

      it('the city goes live: the admin sets the ceiling and a holiday, invites an officer and the mayor’s office and sets their roles', async () => {
        // Prepare: the city's first admin, written by city:create, signs in
        const holiday = `${new Date().getFullYear() + 1}-01-02`;
        await signInAs('Amira Admin');

        // Act: a new ceiling and a public holiday of next year
        await page.getByRole('link', { name: m['nav.settings'], exact: true }).click();
        await check(m['settings.title']);
        await main.getByLabel(m['settings.ceiling'], { exact: true }).fill('20000');
        await main.getByLabel(m['settings.newHoliday'], { exact: true }).fill(holiday);
        await main.getByRole('button', { name: m['settings.addHoliday'], exact: true }).click();
        await main.getByRole('button', { name: m['common.save'], exact: true }).click();

        // Assess: saved, and still there once the page is read again
        await main.getByRole('status').filter({ hasText: m['common.saved'] }).waitFor();
        await shoot('settings');
        await page.reload();
        await check(m['settings.title']);
        const ceiling = await main.getByLabel(m['settings.ceiling'], { exact: true }).inputValue();
        if (!/20[\s,.\u066c\u202f]?000/.test(ceiling)) throw new Error(`the ceiling reads ${ceiling}`);
        await main.getByLabel(m['settings.year'], { exact: true }).selectOption(holiday.slice(0, 4));
        await main.locator(`time[datetime="${holiday}"]`).waitFor();

        // Act: an officer and a second person invited (as officers, the form's default)
        await page.getByRole('link', { name: m['nav.users'], exact: true }).click();
        await check(m['users.title']);
        await invite('Omar Officer', `officer-${lang}@gabes.example`);
        await invite('Mona Mayor', `mayor-${lang}@gabes.example`);
        await main.getByText(`mayor-${lang}@gabes.example`, { exact: true }).waitFor();

        // Act: the admin makes the second one the mayor's office, not an officer
        await main
          .getByRole('button', { name: fill(m['users.changeRolesOf'], { name: 'Mona Mayor' }) })
          .click();
        const roles = main.getByRole('group', { name: fill(m['users.rolesOf'], { name: 'Mona Mayor' }) });
        await roles.getByLabel(m['role.city_officer'], { exact: true }).uncheck();
        await roles.getByLabel(m['role.mayor_office'], { exact: true }).check();
        await check(m['users.title']);
        await shoot('users-roles');
        await main.getByRole('button', { name: m['users.saveRoles'], exact: true }).click();

        // Assess: the card now says so
        const mona = main.locator('li.card').filter({ hasText: `mayor-${lang}@gabes.example` });
        await mona.getByText(`${m['role.mayor_office']} · ${m['users.state.invited']}`).waitFor();
        await check(m['users.title']);
        await shoot('users');
        await page.getByRole('link', { name: m['nav.funders'], exact: true }).click();
        await check(m['funders.title']);
        await signOut();
      }, 90_000);

      it('an association registers on the public form and the officer verifies it from the work queue', async () => {
        // Act: an association registers itself from the first page
        await page.goto(`${system.url}/`);
        await check(m['welcome.title']);
        await main.getByRole('link', { name: fill(m['welcome.join'], { city: CITY }), exact: true }).click();
        await check(fill(m['join.title'], { city: CITY }));
        await main.getByLabel(m['join.name'], { exact: true }).fill(org);
        await main.getByLabel(m['join.legalForm'], { exact: true }).fill('Association');
        await main.getByLabel(m['join.registrationNumber'], { exact: true }).fill(`REG-${lang}-${suffix}`);
        await main
          .getByLabel(m['join.description'], { exact: true })
          .fill('Homework help and sport for the young people of the neighbourhood.');
        await main
          .getByRole('group', { name: m['join.focusAreas'] })
          .getByLabel(m['focus.education'], { exact: true })
          .check();
        await main.getByLabel(m['join.contactName'], { exact: true }).fill(contact);
        await main.getByLabel(m['join.contactEmail'], { exact: true }).fill(`sami-${lang}@example.org`);
        await main.getByRole('button', { name: m['join.send'], exact: true }).click();
        await check(m['join.sentTitle']);

        // Act: the officer finds it in the work queue and opens it
        await signInAs('Omar Officer');
        await page.getByRole('link', { name: m['nav.queue'], exact: true }).click();
        await check(m['queue.title']);
        const card = main.locator('li.card').filter({ hasText: m['reason.verify_registration'] });
        await card.getByText(m['queue.registeredOn']).waitFor();
        await shoot('queue');
        await card.getByRole('link', { name: org, exact: true }).click();
        await check(org);
        await main.getByRole('button', { name: m['registrations.verify'], exact: true }).click();

        // Assess: verified, and gone from the queue
        await main.getByText(m['registrations.verified'], { exact: true }).waitFor();
        await check(org);
        await page.getByRole('link', { name: m['nav.queue'], exact: true }).click();
        await check(m['queue.title']);
        await main.getByText(m['queue.empty'], { exact: true }).waitFor();
        await page.getByRole('link', { name: m['nav.registrations'], exact: true }).click();
        await check(m['registrations.title']);
        await signOut();
      }, 90_000);

      it('its contact signs in, invites a colleague and applies for a partnership', async () => {
        // Act: the contact, invited at verification, signs in and invites a colleague
        await signInAs(contact);
        await page.getByRole('link', { name: m['nav.members'], exact: true }).click();
        await check(m['members.title']);
        await invite(`Rim ${lang}`, `rim-${lang}@example.org`);
        await check(m['members.title']);

        // Act: the partnership application, filled in and submitted
        await page.getByRole('link', { name: m['nav.partnership'], exact: true }).click();
        await main.getByRole('link', { name: m['partnership.new'], exact: true }).click();
        await check(m['partnership.formTitle']);
        await main
          .getByLabel(m['partnership.motivation'], { exact: true })
          .fill('We run youth clubs in the old town and want to work with the city.');
        await main
          .getByRole('group', { name: m['partnership.focusAreas'] })
          .getByLabel(m['focus.education'], { exact: true })
          .check();
        await main.getByLabel(fill(m['partnership.activity'], { n: 1 }), { exact: true }).fill('Youth days');
        await main.getByLabel(fill(m['partnership.quarter'], { n: 1 }), { exact: true }).fill('2027-Q2');
        await main
          .getByLabel(fill(m['partnership.indicator'], { n: 1 }), { exact: true })
          .fill('youth days held');
        await main.getByLabel(fill(m['partnership.target'], { n: 1 }), { exact: true }).fill('4');
        for (const kind of ['statutes', 'registration', 'board_list', 'annual_accounts', 'activity_report']) {
          const doc = m[`doc.${kind}` as keyof Messages] as string;
          await main
            .getByLabel(fill(m['partnership.docReference'], { doc }), { exact: true })
            .fill(`${kind}-1`);
          await main.getByLabel(fill(m['partnership.docDate'], { doc }), { exact: true }).fill('2026-03-01');
        }
        await check(m['partnership.formTitle']);
        await shoot('partnership-form');
        await main.getByRole('button', { name: m['partnership.save'], exact: true }).click();
        await page.waitForURL(/\/partnerships\/[^/]+$/);
        await main.getByRole('button', { name: m['event.submit'], exact: true }).click();

        // Assess: submitted, and the page passes every check
        await main.locator('.tag').filter({ hasText: m['state.submitted'] }).first().waitFor();
        await check(/.+/);
        await shoot('partnership');
        await signOut();
      }, 90_000);

      it('the officer records due diligence, the mayor’s office approves, both sign, and the CSO applies for a fast-track grant above the old ceiling', async () => {
        // Act: the officer takes the application from the queue and records the checklist
        await signInAs('Omar Officer');
        await page.getByRole('link', { name: m['nav.queue'], exact: true }).click();
        await check(m['queue.title']);
        await main.getByRole('link', { name: org, exact: true }).click();
        await main.getByRole('button', { name: m['event.start_review'], exact: true }).click();
        await main.getByLabel(m['conflict.statement'], { exact: true }).check();
        await main.getByRole('button', { name: m['event.declare_no_conflict'], exact: true }).click();
        await main.getByLabel(m['conflict.statement'], { exact: true }).waitFor({ state: 'detached' });
        const oks = main.getByLabel(m['dd.ok'], { exact: true });
        await oks.first().waitFor();
        for (let i = 0; i < (await oks.count()); i++) await oks.nth(i).check();
        await check(/.+/);
        await shoot('due-diligence');
        await main.getByRole('button', { name: m['event.record_due_diligence'], exact: true }).click();
        // The checklist as recorded, under the form (which stays while the review goes on)
        await main.locator('#dd-done-h').waitFor();
        const partnershipId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
        await signOut();

        // Act: the mayor's office decides it from its queue
        await signInAs('Mona Mayor');
        await page.getByRole('link', { name: m['nav.decisions'], exact: true }).click();
        await check(m['queue.decisionsTitle']);
        await main.getByRole('link', { name: org, exact: true }).click();
        await main.getByLabel(m['conflict.statement'], { exact: true }).check();
        await main.getByRole('button', { name: m['event.declare_no_conflict'], exact: true }).click();
        await main.getByLabel(m['conflict.statement'], { exact: true }).waitFor({ state: 'detached' });
        await main.getByRole('button', { name: m['event.approve'], exact: true }).click();
        await main
          .getByRole('button', { name: fill(m['confirm.yes'], { action: m['event.approve'] }), exact: true })
          .click();
        await main.locator('.tag').filter({ hasText: m['state.approved'] }).first().waitFor();
        await check(/.+/);
        await signOut();

        // Act: both sides sign the agreement, through the API (the web has no signing form yet)
        const as = async (email: string) => {
          const res = await fetch(`${system.url}/auth/dev-login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email }),
          });
          const { token } = (await res.json()) as { token: string };
          return (path: string, body: unknown) =>
            fetch(`${system.url}${path}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
        };
        const sami = await as(`sami-${lang}@example.org`);
        const mona = await as(`mayor-${lang}@gabes.example`);
        const events = `/v1/partnerships/${partnershipId}/events`;
        if ((await sami(events, { type: 'sign', name: contact })).status !== 200) throw new Error('CSO sign');
        if ((await mona(events, { type: 'sign', name: 'Mona Mayor' })).status !== 200)
          throw new Error('city sign');

        // Act: 18,000 TND on the fast track: above the default 15,000, within the 20,000 the admin set
        const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
        const amount = { amount: 18_000_000, currency: 'TND' };
        const draft = await sami('/v1/grants', {
          ...fastApplication({ amountRequested: amount, budget: [{ label: 'Clubs', amount }] }),
          startDate: day(30),
          endDate: day(120),
        });
        const { id: grantId, title } = (await draft.json()) as { id: string; title: string };
        const submitted = await sami(`/v1/grants/${grantId}/events`, { type: 'submit' });

        // Assess: the grant is submitted, and its contact finds it so on its page
        if (submitted.status !== 200)
          throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
        await signInAs(contact);
        await page.goto(`${system.url}/grants/${grantId}`);
        await check(title);
        await main.locator('.tag').filter({ hasText: m['state.submitted'] }).first().waitFor();
        await shoot('grant');
        await signOut();
      }, 120_000);
    },
  );
});
