/**
 * Browser test helpers: Debian's chromium driven by playwright-core, axe-core injected into each page,
 * and the checks every page must pass (no axe violation, no sideways scrolling on a 360-px phone).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

const WEB_ROOT = join(import.meta.dirname, '..');

/** The newest change to the web's sources, to tell whether web/dist is up to date. */
function newestWebSource(): number {
  const files = [join(WEB_ROOT, 'index.html'), join(WEB_ROOT, 'vite.config.ts')];
  for (const f of readdirSync(join(WEB_ROOT, 'src'), { recursive: true, encoding: 'utf8' }))
    files.push(join(WEB_ROOT, 'src', f));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

/**
 * web/dist when it is newer than the sources, else a build of the web into a temporary folder (`temporary`:
 * the caller removes it). `who` names the test in the warning.
 */
export async function freshWebBuild(who: string): Promise<{ dir: string; temporary: boolean }> {
  const index = join(WEB_ROOT, 'dist', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestWebSource())
    return { dir: join(WEB_ROOT, 'dist'), temporary: false };
  console.warn(`${who}: web/dist is missing or older than web/src; building it.`);
  const { build } = await import('vite');
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-web-'));
  await build({
    configFile: join(WEB_ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, temporary: true };
}
