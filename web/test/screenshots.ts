/**
 * Screenshots of the main pages for the README: `npx tsx web/test/screenshots.ts [base URL]` against a
 * running `npm start` (default http://localhost:3000), with its demo data. Writes docs/screenshots/*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Grant } from '../src/api/types.ts';
import { launch } from './browser.ts';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = join(import.meta.dirname, '../../docs/screenshots');
mkdirSync(out, { recursive: true });

async function tokenOf(email: string): Promise<string> {
  const res = await fetch(`${base}/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** Signs the page in as a demo user (or out, with no email), in a language remembered on the device. */
async function as(page: Page, email: string | null, lang: string): Promise<void> {
  const token = email ? await tokenOf(email) : '';
  await page.goto(`${base}/sign-in`);
  await page.evaluate(
    ([t, l]) => {
      if (t) sessionStorage.setItem('passerelle.token', t);
      else sessionStorage.removeItem('passerelle.token');
      localStorage.setItem('passerelle.lang', l ?? 'en');
    },
    [token, lang],
  );
}

/** The first grant the user sees that matches, through the API. */
async function grantWhere(email: string, test: (g: Grant) => boolean): Promise<Grant | undefined> {
  const res = await fetch(`${base}/v1/grants?limit=100`, {
    headers: { authorization: `Bearer ${await tokenOf(email)}` },
  });
  return ((await res.json()) as { items: Grant[] }).items.find(test);
}

async function shot(
  page: Page,
  path: string,
  file: string,
  opts: { prepare?: (p: Page) => Promise<void>; fullPage?: boolean } = {},
): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator('h1').waitFor();
  await page.waitForLoadState('networkidle');
  await opts.prepare?.(page);
  await page.screenshot({ path: join(out, file), fullPage: opts.fullPage ?? true });
  console.log(file);
}

const browser = await launch();
try {
  const desktop = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2 });
  const d = await desktop.newPage();
  const p = await phone.newPage();

  await as(d, null, 'en');
  await shot(d, '/sign-in', 'sign-in-en.png');
  await shot(d, '/register/sfax', 'register-en.png');
  await as(p, null, 'ar');
  await shot(p, '/register/sfax', 'register-ar-phone.png', { fullPage: false });

  await as(d, 'cso@sfax.demo', 'en');
  await shot(d, '/', 'cso-home-en.png');
  await shot(d, '/grants/new', 'grant-wizard-money-en.png', {
    prepare: async (page) => {
      for (const [label, value] of [
        ['Title of your project', 'Saturday bicycle repair workshop'],
        ['What need does it answer?', 'Young newcomers need cheap transport to reach training and jobs.'],
        [
          'What will you do?',
          'Volunteers teach bicycle repair every Saturday and lend refurbished bicycles.',
        ],
        ['Who will it help?', 'Young newcomers\nHost-community youth'],
      ] as const) {
        await page.getByLabel(label, { exact: true }).fill(value);
        await page.getByRole('button', { name: 'Next' }).click();
      }
      await page.getByLabel('How much do you ask for? (TND)').fill('12000');
      await page.getByLabel('What is line 1 for?').fill('Tools and spare parts');
      await page.getByLabel('Amount of line 1').fill('12000');
      await page.getByText('The amount is within the fast-track ceiling').first().waitFor();
    },
  });

  await as(p, 'cso@sfax.demo', 'ar');
  await shot(p, '/', 'cso-home-ar-phone.png');
  await shot(p, '/grants/new', 'grant-wizard-ar-phone.png');

  await as(d, 'officer@sfax.demo', 'en');
  await shot(d, '/queue', 'officer-queue-en.png');
  const released = await grantWhere('officer@sfax.demo', (g) =>
    g.tranches.some((t) => t.state === 'released'),
  );
  if (released) await shot(d, `/grants/${released.id}`, 'grant-payments-en.png');

  await as(d, 'mayor@sfax.demo', 'fr');
  await shot(d, '/queue', 'mayor-decisions-fr.png');
  await shot(d, '/notifications', 'notifications-fr.png');
  const toDecide = await grantWhere('mayor@sfax.demo', (g) => g.state === 'recommended');
  if (toDecide) await shot(d, `/grants/${toDecide.id}`, 'mayor-decision-fr.png');

  await as(d, 'funder@sfax.demo', 'en');
  await shot(d, '/funder', 'funder-portfolio-en.png');
  await as(d, 'funder@sfax.demo', 'ar');
  await shot(d, '/funder', 'funder-portfolio-ar.png');
} finally {
  await browser.close();
}
