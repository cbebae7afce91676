/**
 * The officer's side of a grant with the keyboard only, and what survives a session that runs out, in a
 * real (headless) Chromium on the demo system, in Arabic on a 360-px phone:
 * - from the queue, the officer opens a submitted grant, starts the review, declares no conflict of
 *   interest and sends a recommendation with Tab, Shift+Tab, Enter and Space only; after each step the
 *   focus is where the next step starts or on a status that says what happened, never on <body>;
 * - a reason and a recommendation being typed when the session runs out are back after signing in again,
 *   gone once sent, and nothing typed stays on the device after signing out;
 * - notifications written in another language than the page's carry their own lang and dir.
 * - the officer reads the eligibility lines about the association by its name (<bdi>);
 * - the wizard's required fields are announced (aria-required, or required on dates), the forms say which
 *   are optional, and an empty one is said in the app's summary, not a browser bubble.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningSystem, startSystem } from '../../functions/src/local/system.ts';
import { fastApplication } from '../../test/support/harness.ts';
import { ar } from '../src/i18n/ar.ts';
import { fr } from '../src/i18n/fr.ts';
import * as browser from './browser.ts';

const chromiumPath = browser.findChromium();
if (!chromiumPath) console.warn(`web/test/keyboard.e2e.test.ts: ${browser.NO_CHROMIUM_MESSAGE}`);
const SHOTS = join(import.meta.dirname, '../../docs/screenshots');
const PHONE = { width: 360, height: 780 };
const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));

interface Focused {
  readonly tag: string;
  readonly id: string;
  readonly text: string;
  readonly classes: string;
}

describe.skipIf(!chromiumPath)('the officer by keyboard, and a session that runs out', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let chromium: Browser | undefined;
  let system: RunningSystem | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    web = await browser.webBuild();
    const [b, s] = await Promise.all([
      browser.launch(chromiumPath),
      startSystem({
        dynamoEndpoint: inject('dynamoEndpoint'),
        tableName: `web-keyboard-${Date.now()}-${randomBytes(3).toString('hex')}`,
        seed: true,
        webDir: (web as { dir: string }).dir,
      }),
    ]);
    chromium = b;
    system = s;
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([chromium?.close(), system?.close()]);
    if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
  }, 30_000);

  const url = () => (system as RunningSystem).url;

  /** A demo user's calls to the API. */
  async function as(email: string) {
    const res = await fetch(`${url()}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const { token } = (await res.json()) as { token: string };
    const call = async (method: string, path: string, body?: unknown) =>
      (
        await fetch(`${url()}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
      ).json();
    return {
      get: (path: string) => call('GET', path),
      post: (path: string, body: unknown) => call('POST', path, body),
    };
  }

  /** A grant of the demo CSO, submitted, and taken as far as `steps` by the officer. */
  async function submittedGrant(
    title: string,
    steps: readonly string[],
    track: 'fast' | 'standard' = 'standard',
  ): Promise<string> {
    const [cso, officer] = await Promise.all([as('cso@sfax.demo'), as('officer@sfax.demo')]);
    const grant = (await cso.post('/v1/grants', fastApplication({ track, title }))) as {
      id: string;
    };
    await cso.post(`/v1/grants/${grant.id}/events`, { type: 'submit' });
    for (const type of steps) await officer.post(`/v1/grants/${grant.id}/events`, { type });
    return grant.id;
  }

  /** The officer's phone, in Arabic. */
  async function officerPhone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await (chromium as Browser).newContext({ viewport: PHONE, locale: 'ar-TN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await browser.signInWithToken(page, url(), 'officer@sfax.demo', 'ar');
    return { context, page };
  }

  const focusedOn = (page: Page): Promise<Focused> =>
    page.evaluate(() => {
      const el = document.activeElement;
      return {
        tag: el?.tagName.toLowerCase() ?? '',
        id: el?.id ?? '',
        text: el?.textContent?.trim() ?? '',
        classes: el?.getAttribute('class') ?? '',
      };
    });

  /** Presses `key` until the focus is on what `is` accepts (at most `max` presses). */
  async function pressUntil(page: Page, key: string, is: (f: Focused) => boolean, max = 60): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press(key);
      const f = await focusedOn(page);
      expect(f.tag, `focus on <body> after ${key}`).not.toBe('body');
      if (is(f)) return;
    }
    throw new Error(`nothing accepted within ${max} presses of ${key}`);
  }

  /** Waits until a status that says `text` has the focus. */
  async function statusFocused(page: Page, text: string): Promise<void> {
    await page.waitForFunction((t) => {
      const el = document.activeElement;
      return el?.getAttribute('role') === 'status' && el.textContent?.trim() === t;
    }, text);
  }

  it('the officer opens a submitted grant from the queue and recommends it, by keyboard only', async () => {
    // Prepare: the first submitted grant on the officer's queue
    const officer = await as('officer@sfax.demo');
    const queue = (await officer.get('/v1/queue')) as {
      items: { kind: string; record: { id: string; state: string; title?: string } }[];
    };
    const first = queue.items.find((i) => i.kind === 'grant' && i.record.state === 'submitted');
    expect(first, 'a submitted grant on the first page of the queue').toBeDefined();
    const { id, title = '' } = (first as { record: { id: string; title?: string } }).record;
    const { context, page } = await officerPhone();
    const check = browser.pageChecker(page, 'ar', ar['common.loading'], errors);
    try {
      await page.goto(`${url()}/queue`);
      await check(ar['queue.title']);

      // Act: Tab to the grant's link in the queue, Enter
      await pressUntil(page, 'Tab', (f) => f.tag === 'a' && f.text === title, 400);
      await page.keyboard.press('Enter');

      // Assess: the grant's page, its heading focused and the window titled with it
      await page.waitForFunction(
        (t) => document.activeElement?.tagName === 'H1' && document.title.startsWith(t),
        title,
      );
      expect(page.url()).toContain(`/grants/${id}`);
      await check(title);

      // Act: Tab to "start the review", Enter
      await pressUntil(page, 'Tab', (f) => f.tag === 'button' && f.text === ar['event.start_review']);
      await page.keyboard.press('Enter');

      // Assess: a status says the review started, and has the focus
      await statusFocused(page, ar['history.start_review']);

      // Act: back with Shift+Tab to the declaration's box; Enter on its button while it is unticked
      await pressUntil(page, 'Shift+Tab', (f) => f.id === 'coi');
      await page.keyboard.press('Tab');
      expect((await focusedOn(page)).text).toBe(ar['event.declare_no_conflict']);
      await page.keyboard.press('Enter');

      // Assess: the box has the focus again and says why
      await page.waitForFunction(() => document.activeElement?.id === 'coi');
      expect(await page.locator('#coi').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#coi-error').textContent()).toBe(ar['conflict.notTicked']);

      // Act: tick it with Space, Tab to the button, Enter
      await page.keyboard.press('Space');
      expect(await page.locator('#coi').isChecked()).toBe(true);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');

      // Assess: a status says it was declared, and has the focus
      await statusFocused(page, ar['history.declare_no_conflict']);

      // Act: Tab to the recommendation, choose "approve" with Space, write why, Tab to send, Enter
      await pressUntil(page, 'Tab', (f) => f.id === 'rec-approve');
      await page.keyboard.press('Space');
      expect(await page.locator('#rec-approve').isChecked()).toBe(true);
      await page.keyboard.press('Tab');
      expect((await focusedOn(page)).id).toBe('rec-comment');
      await page.keyboard.type('الطلب مستوفٍ للشروط والميزانية معقولة.');
      await page.keyboard.press('Tab');
      expect((await focusedOn(page)).text).toBe(ar['event.recommend']);
      await page.keyboard.press('Enter');

      // Assess: a status says the recommendation was sent, and has the focus; the grant waits for a decision
      await statusFocused(page, ar['history.recommend']);
      await page.getByText(ar['state.recommended']).first().waitFor();
      await check(title);
      await page.screenshot({
        path: join(SHOTS, 'ar-360-officer-recommended-by-keyboard.png'),
        fullPage: true,
      });
      expect(((await officer.get(`/v1/grants/${id}`)) as { state: string }).state).toBe('recommended');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('a reason and a recommendation being typed when the session runs out are back after signing in again', async () => {
    // Prepare: a grant under review, the officer's declaration made
    const id = await submittedGrant('Reason kept', ['start_review', 'declare_no_conflict']);
    const { context, page } = await officerPhone();
    const check = browser.pageChecker(page, 'ar', ar['common.loading'], errors);
    const kept = () =>
      page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('passerelle.typed.')));
    try {
      await page.goto(`${url()}/grants/${id}`);
      await check('Reason kept');
      const reason = 'الميزانية غير مفصّلة حسب الأنشطة.';
      const why = 'التوصية بعد استكمال الميزانية.';
      await page.locator('#rec-comment').fill(why);
      await page.getByRole('button', { name: ar['event.request_changes'], exact: true }).click();
      await page.locator('#event-comment').fill(reason);

      // Act: the session has run out when the reason is sent (the API answers 401)
      await page.route('**/v1/grants/*/events', (route) =>
        route.fulfill({
          status: 401,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401 }),
        }),
      );
      await page.getByRole('button', { name: ar['event.request_changes'], exact: true }).click();

      // Assess: the sign-in page says why, and that what was typed is kept
      await page.getByRole('status').filter({ hasText: ar['session.expired'] }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await page.unroute('**/v1/grants/*/events');

      // Act: sign in again as the same person
      await page.getByRole('button', { name: fill(ar['signIn.as'], { name: 'Karim Officer' }) }).click();

      // Assess: back on the grant, the reason form open with the reason, the recommendation as typed
      await page.waitForURL(`**/grants/${id}`);
      await check('Reason kept');
      await expect.poll(() => page.locator('#event-comment').inputValue()).toBe(reason);
      expect(await page.locator('#rec-comment').inputValue()).toBe(why);
      await page.screenshot({ path: join(SHOTS, 'ar-360-officer-reason-kept.png'), fullPage: true });

      // Act: send the reason
      await page.getByRole('button', { name: ar['event.request_changes'], exact: true }).click();

      // Assess: sent, said, and no longer kept on the device
      await statusFocused(page, ar['history.request_changes']);
      const officer = await as('officer@sfax.demo');
      const grant = (await officer.get(`/v1/grants/${id}`)) as {
        state: string;
        lastRequest?: { comment: string };
      };
      expect(grant.state).toBe('changes_requested');
      expect(grant.lastRequest?.comment).toBe(reason);
      expect((await kept()).some((k) => k.endsWith(`grant.${id}.event`))).toBe(false);

      // Act: sign out
      await page.getByRole('button', { name: ar['nav.signOut'] }).click();

      // Assess: nothing typed is left on the device
      await page.waitForURL('**/sign-in');
      expect(await kept()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('an application submitted from the wizard’s last step is confirmed on its page, the status focused', async () => {
    // Prepare: a draft of the CSO, opened at the wizard's check step
    const cso = await as('cso@sfax.demo');
    const draft = (await cso.post(
      '/v1/grants',
      fastApplication({ track: 'standard', title: 'Sent and said' }),
    )) as {
      id: string;
    };
    const context = await (chromium as Browser).newContext({ viewport: PHONE, locale: 'ar-TN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await browser.signInWithToken(page, url(), 'cso@sfax.demo', 'ar');
      await page.goto(`${url()}/grants/${draft.id}/edit?step=review`);
      await page.getByRole('button', { name: ar['event.submit'], exact: true }).waitFor();

      // Act: submit it with the keyboard
      await page.getByRole('button', { name: ar['event.submit'], exact: true }).focus();
      await page.keyboard.press('Enter');

      // Assess: on the grant's page, a status says it was submitted, and has the focus
      await page.waitForURL(`**/grants/${draft.id}`);
      await statusFocused(page, ar['grant.sent']);
      await browser.pageChecker(page, 'ar', ar['common.loading'], errors)('Sent and said');
      // a reload does not say it again
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Sent and said' }).waitFor();
      expect(await page.getByText(ar['grant.sent']).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the officer reads the eligibility lines about the association, by its name', async () => {
    // Prepare: a fast-track application of the demo association, submitted, its review started
    const id = await submittedGrant('Read by the officer', ['start_review'], 'fast');
    const officer = await as('officer@sfax.demo');
    const grant = (await officer.get(`/v1/grants/${id}`)) as { state: string; organisationName: string };
    expect(grant.state).toBe('in_review');
    const { context, page } = await officerPhone();
    try {
      // Act
      await page.goto(`${url()}/grants/${id}`);
      const section = page.locator('section[aria-labelledby="elig-h"]');
      await section.getByRole('heading', { name: ar['eligibility.title'] }).waitFor();
      await section.locator('ul.rules li').first().waitFor();

      // Assess: the lines about the association name it, isolated in its own direction; none says
      // "your association" to the officer
      const lines = await section.locator('ul.rules li').allTextContents();
      const named = await section.locator('ul.rules li bdi').allTextContents();
      expect(named.length).toBeGreaterThanOrEqual(3);
      expect(new Set(named)).toEqual(new Set([grant.organisationName]));
      expect(lines.join('\n')).not.toMatch(/جمعيتك|يمكنك/);
      expect(await section.getByText(ar['eligibility.staffYes']).count()).toBe(1);
      await browser.pageChecker(page, 'ar', ar['common.loading'], errors)('Read by the officer');
      await page.screenshot({ path: join(SHOTS, 'ar-360-officer-eligibility-named.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the wizard’s required fields are announced as required, and an empty one is said in the app’s summary', async () => {
    // Prepare: a draft of the association, opened in the wizard in Arabic
    const cso = await as('cso@sfax.demo');
    const draft = (await cso.post(
      '/v1/grants',
      fastApplication({ track: 'standard', title: 'Required said' }),
    )) as { id: string };
    const context = await (chromium as Browser).newContext({ viewport: PHONE, locale: 'ar-TN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));
    const announced = (selector: string) =>
      page
        .locator(selector)
        .evaluate((e) => e.getAttribute('aria-required') === 'true' || (e as HTMLInputElement).required);
    const next = () => page.getByRole('button', { name: ar['wizard.next'], exact: true }).click();
    try {
      await browser.signInWithToken(page, url(), 'cso@sfax.demo', 'ar');
      await page.goto(`${url()}/grants/${draft.id}/edit`);
      await page.locator('#title').waitFor();

      // Act: the title emptied, "next"
      await page.locator('#title').fill('');
      await next();

      // Assess: the app's error summary says it (the browser's own bubble does not take its place)
      await page.waitForFunction(
        () => document.querySelector('#title')?.getAttribute('aria-invalid') === 'true',
      );
      expect(await page.locator('form.wizard').evaluate((f) => (f as HTMLFormElement).noValidate)).toBe(true);
      expect(await page.locator('.error-summary, [role="alert"]').count()).toBeGreaterThan(0);
      await page.locator('#title').fill('Required said');

      // Act, Assess: every step says that the fields not marked optional are required, and announces them
      const steps: readonly (readonly string[])[] = [
        ['#title'],
        ['#need'],
        ['#summary'],
        ['#groups'],
        ['#amount', '#budget-0-label', '#budget-0-amount'],
        ['#startDate', '#endDate'],
        ['#ind-0-name', '#ind-0-target'],
      ];
      for (const [i, fields] of steps.entries()) {
        await page.locator(fields[0] ?? '').waitFor();
        expect(await page.getByText(ar['form.requiredNote'], { exact: true }).count()).toBe(1);
        for (const field of fields) expect(await announced(field), field).toBe(true);
        if (fields.includes('#amount')) {
          // the optional quotes say so in their label, and are not announced as required
          await page
            .getByText(`${ar['files.quotesLabel']} ${ar['form.optional']}`, { exact: true })
            .waitFor();
        }
        if (i < steps.length - 1) await next();
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('notifications written in another language than the page’s carry their lang and dir', async () => {
    // Prepare: the officer reads French; a submission tells them so, in French
    await submittedGrant('Notice in French', []);
    const { context, page } = await officerPhone();
    const check = browser.pageChecker(page, 'ar', ar['common.loading'], errors);
    try {
      // Act: the notifications page in Arabic
      await page.goto(`${url()}/notifications`);
      await check(ar['notifications.title']);

      // Assess: the French notice's title and body are marked French, left to right; the page's own words are not
      const notice = page.locator('ul.notifications li').filter({ hasText: 'Notice in French' }).first();
      const title = notice.locator('h2 a');
      expect(await title.getAttribute('lang')).toBe('fr');
      expect(await title.getAttribute('dir')).toBe('ltr');
      expect(await notice.locator('p.prose').getAttribute('lang')).toBe('fr');
      expect(await notice.locator('h2 .tag').getAttribute('lang')).toBeNull();
      await page.screenshot({
        path: join(SHOTS, 'ar-360-officer-notifications-in-french.png'),
        fullPage: true,
      });

      // Act, Assess: in French, the same notice needs no mark
      await page.evaluate(() => localStorage.setItem('passerelle.lang', 'fr'));
      await page.reload();
      await browser.pageChecker(page, 'fr', fr['common.loading'], errors)(fr['notifications.title']);
      const same = page.locator('ul.notifications li').filter({ hasText: 'Notice in French' }).first();
      expect(await same.locator('h2 a').getAttribute('lang')).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
