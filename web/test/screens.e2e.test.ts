/**
 * Every page of every role, in Arabic on a 360-px phone (and on a 320-px one for the pages with tables),
 * on the demo system: the page is right to left in Arabic, axe-core finds no violation, nothing is wider
 * than the screen, no table is wider than its container. A screenshot of each page is saved to
 * docs/screenshots/ar-360-<role>-<page>.png. Then the fast-track wizard with the keyboard only: each step
 * takes the focus to its heading and titles the window "Step n of 8", and a failed step shows an error
 * summary that takes the focus and links to the field. And a smaller French pass: one page of each role,
 * on a desktop screen and on a 360-px phone, saved as docs/screenshots/fr-<role>-<page>-<width>.png.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningSystem, startSystem } from '../../functions/src/local/system.ts';
import { ar } from '../src/i18n/ar.ts';
import { fr } from '../src/i18n/fr.ts';
import * as browser from './browser.ts';

const chromiumPath = browser.findChromium();
if (!chromiumPath) console.warn(`web/test/screens.e2e.test.ts: ${browser.NO_CHROMIUM_MESSAGE}`);
const SHOTS = join(import.meta.dirname, '../../docs/screenshots');
const PHONE = { width: 360, height: 780 };
const NARROW = { width: 320, height: 700 };
const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));

interface Listed {
  readonly items: readonly { readonly id: string; readonly state: string }[];
}

/** What is wrong with the page as a phone shows it: elements wider than the screen, tables than their box. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const problems: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      // Visually hidden text (1 px, clipped) and what is not shown take no room.
      if (r.width <= 1 || r.height <= 1) continue;
      if (r.right > width + 1 || r.left < -1)
        problems.push(`wider than the screen (${Math.round(r.left)}…${Math.round(r.right)}): ${name(el)}`);
    }
    for (const table of document.querySelectorAll('table')) {
      const box = table.parentElement;
      if (box && table.scrollWidth > box.clientWidth + 1)
        problems.push(`table wider than its box (${table.scrollWidth} > ${box.clientWidth}): ${name(table)}`);
    }
    return problems;
  });
}

describe.skipIf(!chromiumPath)('every page in Arabic on a phone', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let chromium: Browser | undefined;
  let system: RunningSystem | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    // Prepare: the web front end, one browser, the demo system
    web = await browser.webBuild();
    const dir = web.dir;
    const [b, s] = await Promise.all([
      browser.launch(chromiumPath),
      startSystem({
        dynamoEndpoint: inject('dynamoEndpoint'),
        tableName: `web-screens-${Date.now()}-${randomBytes(3).toString('hex')}`,
        seed: true,
        webDir: dir,
      }),
    ]);
    chromium = b;
    system = s;
    mkdirSync(SHOTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([chromium?.close(), system?.close()]);
    if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
  }, 30_000);

  const url = () => (system as RunningSystem).url;

  async function tokenOf(email: string): Promise<string> {
    const res = await fetch(`${url()}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    return ((await res.json()) as { token: string }).token;
  }

  async function list(email: string, path: string): Promise<Listed['items']> {
    const res = await fetch(`${url()}${path}`, {
      headers: { authorization: `Bearer ${await tokenOf(email)}` },
    });
    return res.ok ? ((await res.json()) as Listed).items : [];
  }

  /** A phone, signed in as `email` (or signed out), its interface in Arabic. */
  async function phone(email: string | null): Promise<{ context: BrowserContext; page: Page }> {
    const context = await (chromium as Browser).newContext({ viewport: PHONE, locale: 'ar-TN' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(e.message));
    const token = email ? await tokenOf(email) : '';
    await page.goto(`${url()}/sign-in`);
    await page.evaluate((t) => {
      if (t) sessionStorage.setItem('passerelle.token', t);
      localStorage.setItem('passerelle.lang', 'ar');
    }, token);
    return { context, page };
  }

  /** Opens the page and checks it as a phone shows it in Arabic; saves its screenshot. */
  async function visit(page: Page, path: string, shot: string): Promise<void> {
    await page.goto(`${url()}${path}`);
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForFunction(
      (loading) =>
        ![...document.querySelectorAll('main [role="status"]')].some(
          (e) => e.textContent?.trim() === loading,
        ),
      ar['common.loading'],
    );
    await page.waitForLoadState('networkidle');
    const where = `${shot} (${path})`;
    expect(errors, `errors thrown in the page ${where}`).toEqual([]);
    expect(await page.getAttribute('html', 'lang'), where).toBe('ar');
    expect(await page.getAttribute('html', 'dir'), where).toBe('rtl');
    const violations = await browser.axe(page);
    expect(violations, `${where}\n${browser.describeViolations(violations)}`).toEqual([]);
    expect(await browser.sidewaysOverflow(page), `sideways scrolling on ${where}`).toBeLessThanOrEqual(0);
    expect(await layoutProblems(page), where).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `ar-360-${shot}.png`), fullPage: true });
    if ((await page.locator('table').count()) > 0) {
      // The pages with tables, once more on the narrowest phone the app supports.
      await page.setViewportSize(NARROW);
      expect(
        await browser.sidewaysOverflow(page),
        `sideways scrolling at 320 px on ${where}`,
      ).toBeLessThanOrEqual(0);
      expect(await layoutProblems(page), `${where} at 320 px`).toEqual([]);
      await page.setViewportSize(PHONE);
    }
  }

  /** The pages of a role: its menu's, then one record of each kind it can open. */
  const ROLES: readonly {
    readonly role: string;
    readonly email: string;
    readonly pages: () => Promise<readonly (readonly [string, string])[]>;
  }[] = [
    {
      role: 'cso',
      email: 'cso@sfax.demo',
      pages: async () => {
        const [grant] = await list('cso@sfax.demo', '/v1/grants?limit=5');
        const [milestone] = await list('cso@sfax.demo', '/v1/milestones');
        const [partnership] = await list('cso@sfax.demo', '/v1/partnerships');
        return [
          ['/', 'home'],
          ['/grants/new', 'wizard'],
          ['/partnerships', 'partnerships'],
          ['/organisation', 'organisation'],
          ['/members', 'members'],
          ['/notifications', 'notifications'],
          ...(grant ? [[`/grants/${grant.id}`, 'grant'] as const] : []),
          ...(milestone ? [[`/milestones/${milestone.id}`, 'milestone'] as const] : []),
          ...(partnership ? [[`/partnerships/${partnership.id}`, 'partnership'] as const] : []),
          ['/register/sfax', 'register'],
        ];
      },
    },
    {
      role: 'officer',
      email: 'officer@sfax.demo',
      pages: async () => {
        const grants = await list('officer@sfax.demo', '/v1/grants?limit=100');
        const grant = grants.find((g) => g.state === 'submitted') ?? grants[0];
        const [partnership] = await list('officer@sfax.demo', '/v1/partnerships');
        return [
          ['/queue', 'queue'],
          ['/registrations', 'registrations'],
          ['/notifications', 'notifications'],
          ...(grant ? [[`/grants/${grant.id}`, 'grant'] as const] : []),
          ...(partnership ? [[`/partnerships/${partnership.id}`, 'partnership'] as const] : []),
        ];
      },
    },
    {
      role: 'mayor',
      email: 'mayor@sfax.demo',
      pages: async () => {
        const grants = await list('mayor@sfax.demo', '/v1/grants?limit=100');
        const grant = grants.find((g) => g.state === 'recommended') ?? grants[0];
        return [
          ['/queue', 'decisions'],
          ['/notifications', 'notifications'],
          ...(grant ? [[`/grants/${grant.id}`, 'grant'] as const] : []),
        ];
      },
    },
    {
      role: 'funder',
      email: 'funder@sfax.demo',
      pages: async () => {
        const [milestone] = await list('funder@sfax.demo', '/v1/milestones');
        return [
          ['/funder', 'portfolio'],
          ['/queue', 'reports'],
          ['/notifications', 'notifications'],
          ...(milestone ? [[`/milestones/${milestone.id}`, 'milestone'] as const] : []),
        ];
      },
    },
    {
      role: 'admin',
      email: 'admin@sfax.demo',
      pages: async () => [
        ['/queue', 'queue'],
        ['/registrations', 'registrations'],
        ['/settings', 'settings'],
        ['/users', 'users'],
        ['/funders', 'funders'],
      ],
    },
  ];

  it('a visitor: the welcome and sign-in pages read right to left and fit a phone', async () => {
    // Prepare
    const { context, page } = await phone(null);
    try {
      // Act, Assess
      await visit(page, '/', 'visitor-welcome');
      await visit(page, '/sign-in', 'visitor-sign-in');
    } finally {
      await context.close();
    }
  }, 60_000);

  it.each(ROLES)(
    'the $role: every page of the role reads right to left and fits a phone',
    async (r) => {
      // Prepare
      const pages = await r.pages();
      const { context, page } = await phone(r.email);
      try {
        for (const [path, name] of pages) {
          // Act, Assess
          await visit(page, path, `${r.role}-${name}`);
        }
      } finally {
        await context.close();
      }
    },
    180_000,
  );

  /** One page of each role, in French. */
  const FRENCH: readonly (readonly [string, string | null, () => Promise<string>])[] = [
    ['visitor-welcome', null, async () => '/'],
    ['cso-home', 'cso@sfax.demo', async () => '/'],
    [
      'officer-grant',
      'officer@sfax.demo',
      async () => {
        const grants = await list('officer@sfax.demo', '/v1/grants?limit=100');
        return `/grants/${(grants.find((g) => g.state === 'in_review') ?? grants[0])?.id}`;
      },
    ],
    ['mayor-decisions', 'mayor@sfax.demo', async () => '/queue'],
    ['funder-portfolio', 'funder@sfax.demo', async () => '/funder'],
    ['admin-settings', 'admin@sfax.demo', async () => '/settings'],
  ];

  it('in French: one page of each role reads left to right, passes axe and fits a desktop and a phone', async () => {
    for (const [shot, email, path] of FRENCH) {
      for (const [width, viewport] of [
        ['desktop', { width: 1280, height: 900 }],
        ['360', PHONE],
      ] as const) {
        // Prepare
        const context = await (chromium as Browser).newContext({ viewport, locale: 'fr-FR' });
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        page.on('pageerror', (e) => errors.push(e.message));
        try {
          if (email) await browser.signInWithToken(page, url(), email, 'fr');
          else {
            await page.goto(`${url()}/sign-in`);
            await page.evaluate(() => localStorage.setItem('passerelle.lang', 'fr'));
          }
          const where = `${shot} at ${width}`;

          // Act
          await page.goto(`${url()}${await path()}`);

          // Assess
          await browser.pageChecker(page, 'fr', fr['common.loading'], errors)(/./);
          await page.waitForLoadState('networkidle');
          expect(await layoutProblems(page), where).toEqual([]);
          await page.screenshot({ path: join(SHOTS, `fr-${shot}-${width}.png`), fullPage: true });
        } finally {
          await context.close();
        }
      }
    }
    expect(errors).toEqual([]);
  }, 240_000);

  it('the fast-track wizard by keyboard only: each step focuses its heading, titled "Step n of 8", and a failed step focuses an error summary that links to the field', async () => {
    // Prepare
    const { context, page } = await phone('cso@sfax.demo');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return {
          tag: el?.tagName.toLowerCase() ?? '',
          id: el?.id ?? '',
          text: el?.textContent?.trim() ?? '',
        };
      });
    const step = (n: number, title: string) => fill(ar['wizard.stepTitle'], { n, total: 8, step: title });
    /**
     * Tabs forward to the control whose text is `label` (at most 10 presses: on the budget step, "Back"
     * comes after the summary's three links, the amount, a budget line's two boxes, "Add a line" and the
     * budget quotes' file box).
     */
    const tabTo = async (label: string) => {
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('Tab');
        if ((await focused()).text === label) return;
      }
      throw new Error(`no control "${label}" within 10 tabs`);
    };
    try {
      await page.goto(`${url()}/grants/new`);
      await page.getByRole('heading', { level: 1, name: ar['wizard.title'] }).waitFor();
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1');

      // Act: to the first field, and on without answering
      await page.keyboard.press('Tab');
      expect((await focused()).id).toBe('title');
      await page.keyboard.press('Enter');

      // Assess: a summary has the focus, names the field, links to it; the title says there is an error
      await page.waitForFunction(() => document.activeElement?.classList.contains('alert'));
      const summary = await focused();
      expect(summary.text).toContain(ar['wizard.title.label']);
      expect(summary.text).toContain(ar['v.required']);
      expect(await page.title()).toMatch(new RegExp(`^${ar['error.titlePrefix']}`));
      await page.keyboard.press('Tab');
      expect((await focused()).tag).toBe('a');
      await page.keyboard.press('Enter');
      expect((await focused()).id).toBe('title');
      await page.screenshot({ path: join(SHOTS, 'ar-360-cso-wizard-error-summary.png'), fullPage: true });

      // Act: answer, and Enter
      await page.keyboard.type('ورشة إصلاح الدراجات');
      await page.keyboard.press('Enter');

      // Assess: step 2's heading has the focus, and the window's title says which step
      await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
      expect((await focused()).text).toBe(step(2, ar['wizard.need.title']));
      expect(await page.title()).toMatch(new RegExp(`^${step(2, ar['wizard.need.title'])}`));

      // Act: the next two steps, their answers in boxes: Tab to "Next" and press it
      for (const [n, title, text] of [
        [3, ar['wizard.summary.title'], 'يحتاج الشباب إلى وسيلة نقل رخيصة.'],
        [4, ar['wizard.groups.title'], 'متطوعون يعلّمون إصلاح الدراجات كل سبت.'],
        [5, ar['wizard.money.title'], 'الشباب الوافدون'],
      ] as const) {
        await page.keyboard.press('Tab');
        await page.keyboard.type(text);
        await tabTo(ar['wizard.next']);
        await page.keyboard.press('Enter');
        // Assess
        await page.waitForFunction((h) => document.activeElement?.textContent?.trim() === h, step(n, title));
        expect(await page.title()).toMatch(new RegExp(`^${step(n, title)}`));
      }

      // Act: an amount that could be twelve or twelve thousand dinars, and on
      await page.keyboard.press('Tab');
      expect((await focused()).id).toBe('amount');
      await page.keyboard.type('12,000');
      await tabTo(ar['wizard.next']);
      await page.keyboard.press('Enter');

      // Assess: not guessed: the summary takes the focus and asks which amount is meant
      await page.waitForFunction(() => document.activeElement?.classList.contains('alert'));
      const ambiguous = await focused();
      expect(ambiguous.text).toContain(fill(ar['wizard.money.label'], { currency: 'د.ت' }).slice(0, 6));
      expect(await page.locator('#amount').getAttribute('aria-invalid')).toBe('true');
      await page.screenshot({ path: join(SHOTS, 'ar-360-cso-wizard-money.png'), fullPage: true });

      // Act: back one step
      await tabTo(ar['wizard.back']);
      await page.keyboard.press('Enter');

      // Assess: step 4's heading has the focus again
      await page.waitForFunction(
        (h) => document.activeElement?.textContent?.trim() === h,
        step(4, ar['wizard.groups.title']),
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
