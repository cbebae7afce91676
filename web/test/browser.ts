/**
 * Browser test helpers: Debian's chromium driven by playwright-core, axe-core injected into each page,
 * and the checks every page must pass (no axe violation, no sideways scrolling on a 360-px phone).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where a Chromium is looked for: CHROMIUM_PATH when set, else Debian's and Ubuntu's usual places. */
export const CHROMIUM_CANDIDATES = process.env.CHROMIUM_PATH
  ? [process.env.CHROMIUM_PATH]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The first Chromium found, or undefined (the browser tests then skip and say why). */
export function findChromium(): string | undefined {
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

export const NO_CHROMIUM_MESSAGE =
  `No Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')}): the browser tests are skipped. ` +
  'Install it with `apt-get install -y chromium`, or set CHROMIUM_PATH.';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch(executablePath = findChromium()): Promise<Browser> {
  if (!executablePath) throw new Error(NO_CHROMIUM_MESSAGE);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[]; readonly failureSummary?: string }[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page; the violations found. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // evaluate() runs outside the page's Content-Security-Policy, which forbids inline scripts.
  await page.evaluate(`if (!window.axe) { ${axeSource} }`);
  return page.evaluate(async () => {
    const run = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe.run;
    const result = await run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

export const describeViolations = (vs: readonly AxeViolation[]): string =>
  vs
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
    .join('\n');

/** How many pixels the page scrolls sideways (0 is what a phone needs). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The newest change to the web's sources (web/index.html, web/vite.config.ts, web/src/**). */
export function newestWebSource(webRoot: string): number {
  const files = [join(webRoot, 'index.html'), join(webRoot, 'vite.config.ts')];
  for (const f of readdirSync(join(webRoot, 'src'), { recursive: true, encoding: 'utf8' }))
    files.push(join(webRoot, 'src', f));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

/**
 * web/dist when it is newer than the sources, else a build of the web into a temporary folder (the
 * caller removes it when `temporary`).
 */
export async function freshWebBuild(
  webRoot: string,
  who: string,
): Promise<{ dir: string; temporary: boolean }> {
  const index = join(webRoot, 'dist', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestWebSource(webRoot))
    return { dir: join(webRoot, 'dist'), temporary: false };
  console.warn(`${who}: web/dist is missing or older than web/src; building it.`);
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-web-'));
  const { build } = await import('vite');
  await build({
    configFile: join(webRoot, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, temporary: true };
}

/** The web build the browser tests serve: web/dist when fresh, else a temporary build (see freshWebBuild). */
export function webBuild(): Promise<{ dir: string; temporary: boolean }> {
  return freshWebBuild(join(import.meta.dirname, '..'), 'web/test');
}

/**
 * The check every visited page passes: its level-1 heading and data shown (no `loading` status left),
 * no error thrown, the run's language and direction, no axe violation, no sideways scrolling.
 */
export function pageChecker(page: Page, lang: string, loading: string, errors: readonly string[]) {
  return async (heading: string | RegExp): Promise<void> => {
    await page.getByRole('main').getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.waitForFunction(
      (text) =>
        ![...document.querySelectorAll('main [role="status"]')].some((e) => e.textContent?.trim() === text),
      loading,
    );
    if (errors.length > 0) throw new Error(`errors thrown in the page: ${errors.join('; ')}`);
    const html = {
      lang: await page.getAttribute('html', 'lang'),
      dir: await page.getAttribute('html', 'dir'),
    };
    const expected = { lang, dir: lang === 'ar' ? 'rtl' : 'ltr' };
    if (html.lang !== expected.lang || html.dir !== expected.dir)
      throw new Error(`${page.url()}: html is ${JSON.stringify(html)}, not ${JSON.stringify(expected)}`);
    const violations = await axe(page);
    if (violations.length > 0) throw new Error(`${page.url()}\n${describeViolations(violations)}`);
    const overflow = await sidewaysOverflow(page);
    if (overflow > 0) throw new Error(`sideways scrolling on ${page.url()}: ${overflow}px`);
  };
}

/** Signs a page in as a demo user of a running system (its dev sign-in), in a language kept on the device. */
export async function signInWithToken(
  page: Page,
  baseUrl: string,
  email: string,
  lang: string,
): Promise<void> {
  const res = await fetch(`${baseUrl}/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const { token } = (await res.json()) as { token: string };
  await page.goto(`${baseUrl}/sign-in`);
  await page.evaluate(
    ([t, l]) => {
      sessionStorage.setItem('passerelle.token', t);
      localStorage.setItem('passerelle.lang', l);
    },
    [token, lang] as const,
  );
}

/** A screen a browser test runs on: its language, the browser's locale and the window's size. */
export interface Screen {
  readonly lang: string;
  readonly locale: string;
  readonly viewport: { readonly width: number; readonly height: number };
}

/** A new page, in its own context, signed in with `token` and in the screen's language and size. */
export async function pageSignedIn(browser: Browser, token: string, screen: Screen): Promise<Page> {
  const context = await browser.newContext({ viewport: screen.viewport, locale: screen.locale });
  await context.addInitScript(
    ([t, lang]) => {
      sessionStorage.setItem('passerelle.token', t);
      localStorage.setItem('passerelle.lang', lang);
    },
    [token, screen.lang] as const,
  );
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** The screens the browser tests use: Arabic on a 360-px phone, French and English on a desktop. */
export const SCREENS = {
  arPhone: { lang: 'ar', locale: 'ar-TN', viewport: { width: 360, height: 780 } },
  frDesktop: { lang: 'fr', locale: 'fr-FR', viewport: { width: 1280, height: 900 } },
  enDesktop: { lang: 'en', locale: 'en-GB', viewport: { width: 1280, height: 900 } },
} as const satisfies Record<string, Screen>;

/** A new page, in its own context, signed out, in the screen's language and size; it collects what it throws. */
export async function pageSignedOut(
  browser: Browser,
  screen: Screen,
): Promise<{ page: Page; errors: readonly string[] }> {
  const context = await browser.newContext({ viewport: screen.viewport, locale: screen.locale });
  await context.addInitScript((lang) => localStorage.setItem('passerelle.lang', lang), screen.lang);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

/** Stops what a browser test started, whatever happened: the browser, the systems, the temporary build. */
export async function stopAll(
  browser: Browser | undefined,
  systems: readonly ({ close(): Promise<void> } | undefined)[],
  web: { readonly dir: string; readonly temporary: boolean } | undefined,
): Promise<void> {
  await Promise.allSettled([browser?.close(), ...systems.map((s) => s?.close())]);
  if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
}
