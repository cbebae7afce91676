/**
 * The mail choice on the notifications page, in a real (headless) Chromium: a CSO member chooses one
 * daily digest instead of a mail per notice, in English on a desktop screen and in Arabic on a 360-px
 * phone; the choice is saved (the API says so) with a status message, the page passes axe-core, nothing
 * scrolls sideways, the page throws nothing, and the radio buttons work from the keyboard.
 *
 * It serves web/dist (`npm run build:web` first) and skips, and says why, without it or without Chromium.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningSystem, startSystem } from '../../functions/src/local/system.ts';
import { fastApplication } from '../../test/support/harness.ts';
import { ar } from '../src/i18n/ar.ts';
import { en, type Messages } from '../src/i18n/en.ts';
import { findChromium, launch, NO_CHROMIUM_MESSAGE, pageChecker, signInWithToken } from './browser.ts';

const DIST = join(import.meta.dirname, '..', 'dist');
const chromiumPath = findChromium();
const ready = chromiumPath !== undefined && existsSync(join(DIST, 'index.html'));
if (!chromiumPath) console.warn(`web/test/digest.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);
else if (!ready) console.warn('web/test/digest.e2e.test.ts: no web/dist; run `npm run build:web` first.');

const RUNS = [
  { lang: 'en' as const, viewport: { width: 1280, height: 900 }, locale: 'en-GB' },
  { lang: 'ar' as const, viewport: { width: 360, height: 780 }, locale: 'ar-TN' },
];
const CATALOGUES: Record<'en' | 'ar', Messages> = { en, ar };

describe.skipIf(!ready)('the mail choice on the notifications page', () => {
  let browser: Browser | undefined;
  let system: RunningSystem | undefined;

  beforeAll(async () => {
    const [b, s] = await Promise.all([
      launch(chromiumPath),
      startSystem({
        dynamoEndpoint: inject('dynamoEndpoint'),
        tableName: `web-digest-${Date.now()}-${randomBytes(3).toString('hex')}`,
        seed: true,
        webDir: DIST,
      }),
    ]);
    browser = b;
    system = s;
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled([browser?.close(), system?.close()]);
  }, 30_000);

  it.each(RUNS)(
    'a CSO member chooses the daily digest, in $lang',
    async ({ lang, viewport, locale }) => {
      // Prepare
      const m = CATALOGUES[lang];
      const url = (system as RunningSystem).url;
      const context = await (browser as Browser).newContext({ viewport, locale });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const check = pageChecker(page, lang, m['common.loading'], errors);
      const email = lang === 'ar' ? 'cso@sfax.demo' : 'newcso@sfax.demo';
      await signInWithToken(page, url, email, lang);
      await page.goto(`${url}/notifications`);
      await check(m['notifications.title']);
      // Act: from the keyboard, the second radio button, then save
      const each = page.getByRole('radio', { name: m['notifications.mailEach'] });
      const daily = page.getByRole('radio', { name: m['notifications.mailDaily'] });
      expect(await each.isChecked()).toBe(true);
      await each.focus();
      await page.keyboard.press('ArrowDown');
      expect(await daily.isChecked()).toBe(true);
      await page.getByRole('button', { name: m['notifications.mailSave'] }).click();
      // Assess: the status says it, the page is still clean, and the API keeps the choice
      await page.getByRole('status').filter({ hasText: m['notifications.mailSavedDaily'] }).waitFor();
      await check(m['notifications.title']);
      if (lang === 'ar')
        await page.screenshot({ path: join(tmpdir(), 'passerelle-digest-ar-360.png'), fullPage: true });
      const token = await page.evaluate(() => sessionStorage.getItem('passerelle.token'));
      const me = await (
        await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })
      ).json();
      expect(me.mailDigest).toBe('daily');
      await context.close();
    },
    120_000,
  );

  it('shows the city’s last request at the top of the wizard when a grant sent back is edited, in Arabic', async () => {
    // Prepare: the officer asks for changes to the CSO's application
    const url = (system as RunningSystem).url;
    const as = async (email: string) => {
      const res = await fetch(`${url}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      const { token } = (await res.json()) as { token: string };
      return async (path: string, body: unknown) =>
        (
          await fetch(`${url}${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).json();
    };
    const [cso, officer] = await Promise.all([as('cso@sfax.demo'), as('officer@sfax.demo')]);
    const grant = await cso('/v1/grants', fastApplication({ track: 'standard', title: 'Wizard sent back' }));
    await cso(`/v1/grants/${grant.id}/events`, { type: 'submit' });
    await officer(`/v1/grants/${grant.id}/events`, { type: 'start_review' });
    const reason = 'فصّلوا الميزانية حسب الأنشطة.';
    await officer(`/v1/grants/${grant.id}/events`, { type: 'request_changes', comment: reason });
    const context = await (browser as Browser).newContext({ viewport: RUNS[1]?.viewport, locale: 'ar-TN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const check = pageChecker(page, 'ar', ar['common.loading'], errors);
    await signInWithToken(page, url, 'cso@sfax.demo', 'ar');
    // Act
    await page.goto(`${url}/grants/${grant.id}/edit`);
    // Assess
    const aside = page.getByRole('complementary', { name: ar['lastRequest.title'] });
    await aside.filter({ hasText: reason }).waitFor();
    await check(ar['wizard.title']);
    await page.screenshot({ path: join(tmpdir(), 'passerelle-wizard-sent-back-ar-360.png'), fullPage: true });
    await context.close();
  }, 120_000);
});
