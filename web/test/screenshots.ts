/**
 * Screenshots of the main pages for the README: `npx tsx web/test/screenshots.ts [base URL]` against a
 * running `npm start` (default http://localhost:3000). Writes docs/screenshots/*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launch } from './browser.ts';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = join(import.meta.dirname, '../../docs/screenshots');
mkdirSync(out, { recursive: true });

async function signIn(page: Page, email: string, lang: string): Promise<void> {
  const res = await fetch(`${base}/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const { token } = (await res.json()) as { token: string };
  await page.goto(`${base}/sign-in`);
  await page.evaluate(
    ([t, l]) => {
      localStorage.setItem('passerelle.token', t ?? '');
      localStorage.setItem('passerelle.lang', l ?? 'en');
    },
    [token, lang],
  );
}

async function shot(
  page: Page,
  path: string,
  file: string,
  prepare?: (p: Page) => Promise<void>,
): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator('h1').waitFor();
  await page.waitForLoadState('networkidle');
  await prepare?.(page);
  await page.screenshot({ path: join(out, file), fullPage: true });
  console.log(file);
}

const browser = await launch();
try {
  const desktop = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2 });
  const d = await desktop.newPage();
  const p = await phone.newPage();

  await d.goto(`${base}/sign-in`);
  await d.evaluate(() => localStorage.setItem('passerelle.lang', 'en'));
  await shot(d, '/sign-in', 'sign-in-en.png');

  await signIn(d, 'cso@sfax.demo', 'en');
  await shot(d, '/', 'cso-home-en.png');
  await shot(d, '/grants/new', 'grant-wizard-money-en.png', async (page) => {
    for (const [label, value] of [
      ['Title of your project', 'Saturday bicycle repair workshop'],
      ['What need does it answer?', 'Young newcomers need cheap transport to reach training and jobs.'],
      ['What will you do?', 'Volunteers teach bicycle repair every Saturday and lend refurbished bicycles.'],
      ['Who will it help?', 'Young newcomers\nHost-community youth'],
    ] as const) {
      await page.getByLabel(label, { exact: true }).fill(value);
      await page.getByRole('button', { name: 'Next' }).click();
    }
    await page.getByLabel('How much do you ask for? (TND)').fill('12000');
    await page.getByLabel('What is line 1 for?').fill('Tools and spare parts');
    await page.getByLabel('Amount of line 1').fill('12000');
  });

  await signIn(p, 'cso@sfax.demo', 'ar');
  await shot(p, '/', 'cso-home-ar-phone.png');
  await shot(p, '/grants/new', 'grant-wizard-ar-phone.png');

  await signIn(d, 'officer@sfax.demo', 'en');
  await shot(d, '/queue', 'officer-queue-en.png');
  await signIn(d, 'mayor@sfax.demo', 'fr');
  await shot(d, '/queue', 'mayor-decisions-fr.png');
  await d.getByRole('link').filter({ hasText: /.+/ }).locator('xpath=ancestor::li').first().waitFor();
  await shot(
    d,
    new URL(
      await d
        .locator('.queue a')
        .first()
        .getAttribute('href')
        .then((h) => `${base}${h}`),
    ).pathname,
    'mayor-decision-fr.png',
  );

  await signIn(d, 'funder@sfax.demo', 'en');
  await shot(d, '/funder', 'funder-portfolio-en.png');
  await signIn(d, 'funder@sfax.demo', 'ar');
  await shot(d, '/funder', 'funder-portfolio-ar.png');
} finally {
  await browser.close();
}
