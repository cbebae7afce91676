/**
 * The whole journey through the web front end, in a real (headless) Chromium: a CSO applies for a
 * fast-track grant, the officer recommends it, the mayor's office approves it, the CSO accepts the award
 * and reports, and the funder accepts the report and sees it in its portfolio. Once in English on a
 * desktop screen, once in Arabic on a 360-px phone; axe-core runs on every page visited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningSystem, startSystem } from '../../functions/src/local/system.ts';
import { ar } from '../src/i18n/ar.ts';
import { en, type Messages } from '../src/i18n/en.ts';
import { axe, describeViolations, launch, sidewaysOverflow } from './browser.ts';

const CATALOGUES: Record<'en' | 'ar', Messages> = { en, ar };
const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));

let webDir: string;
let browser: Browser;

beforeAll(async () => {
  // Prepare: the web front end, built once for this file, and one browser.
  webDir = mkdtempSync(join(tmpdir(), 'passerelle-web-'));
  await build({
    configFile: join(import.meta.dirname, '../vite.config.ts'),
    logLevel: 'error',
    build: { outDir: webDir },
  });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

describe.each([
  { lang: 'en' as const, viewport: { width: 1280, height: 900 } },
  { lang: 'ar' as const, viewport: { width: 360, height: 780 } },
])('the fast-track journey in $lang', ({ lang, viewport }) => {
  const m = CATALOGUES[lang];
  let system: RunningSystem;
  let context: BrowserContext;
  let page: Page;
  const visited: string[] = [];
  const title = lang === 'en' ? 'Saturday bicycle repair workshop' : 'ورشة إصلاح الدراجات يوم السبت';

  beforeAll(async () => {
    system = await startSystem({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `web-e2e-${lang}-${Date.now()}`,
      seed: true,
      webDir,
    });
    context = await browser.newContext({ viewport });
    page = await context.newPage();
    page.on('pageerror', (e) => {
      throw e;
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await system?.close();
  });

  /** Waits for the page's heading, then checks it with axe and for sideways scrolling. */
  async function check(heading: string | RegExp): Promise<void> {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page
      .locator('[role="status"]:has-text("…")')
      .waitFor({ state: 'detached' })
      .catch(() => {});
    visited.push(new URL(page.url()).pathname);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    const violations = await axe(page);
    expect(violations, `${page.url()}\n${describeViolations(violations)}`).toEqual([]);
    expect(await sidewaysOverflow(page), `sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(0);
  }

  async function signInAs(name: string): Promise<void> {
    await page.goto(`${system.url}/sign-in`);
    await page.getByRole('button', { name: m[`lang.${lang}`], exact: true }).click();
    await check(m['signIn.title']);
    await page.getByRole('button', { name: fill(m['signIn.as'], { name }), exact: true }).click();
    await page.getByRole('button', { name: m['nav.signOut'] }).waitFor();
  }

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: m['nav.signOut'] }).click();
    await page.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
  }

  const stateIs = (state: string) =>
    page.locator('main p.row .tag').first().filter({ hasText: state }).waitFor();

  it('a CSO applies for a fast-track grant, step by step, and sees the rules before submitting', async () => {
    // Prepare
    await signInAs('Leila Ben Salah');
    await check(m['home.title']);

    // Act: one idea per step, with the keyboard's Enter to go on
    await page.getByRole('link', { name: m['home.newGrant'] }).click();
    await check(m['wizard.title']);
    await page.getByRole('button', { name: m['wizard.next'] }).click();
    await expect.poll(() => page.getByText(m['v.required']).count()).toBeGreaterThan(0);
    await page.getByLabel(m['wizard.title.label'], { exact: true }).fill(title);
    await page.getByLabel(m['wizard.title.label'], { exact: true }).press('Enter');
    await page
      .getByLabel(m['wizard.need.label'], { exact: true })
      .fill('Children who arrived this year have nowhere quiet to do homework.');
    await page.getByRole('button', { name: m['wizard.next'] }).click();
    await page
      .getByLabel(m['wizard.summary.label'], { exact: true })
      .fill('Three afternoons a week, volunteers help with homework in our centre.');
    await page.getByRole('button', { name: m['wizard.next'] }).click();
    await page.getByLabel(m['wizard.groups.label'], { exact: true }).fill('Newcomer children\nHost families');
    await page.getByRole('button', { name: m['wizard.next'] }).click();
    await page.getByLabel(fill(m['wizard.money.label'], { currency: 'TND' }), { exact: true }).fill('20000');
    await page
      .getByText(fill(m['elig.within_ceiling.fail'], { ceiling: '' }).slice(0, 12))
      .first()
      .waitFor();
    await page.getByLabel(fill(m['wizard.money.label'], { currency: 'TND' }), { exact: true }).fill('12000');
    await page
      .getByLabel(fill(m['wizard.budget.label'], { n: 1 }), { exact: true })
      .fill('Snacks and materials');
    await page.getByLabel(fill(m['wizard.budget.amount'], { n: 1 }), { exact: true }).fill('2000');
    await page.getByRole('button', { name: m['wizard.budget.add'] }).click();
    await page.getByLabel(fill(m['wizard.budget.label'], { n: 2 }), { exact: true }).fill('Coordinator');
    await page.getByLabel(fill(m['wizard.budget.amount'], { n: 2 }), { exact: true }).fill('10000');
    await check(m['wizard.title']);
    await page.getByRole('button', { name: m['wizard.next'] }).click();
    await page.getByLabel(m['wizard.dates.start'], { exact: true }).fill('2027-01-15');
    await page.getByLabel(m['wizard.dates.end'], { exact: true }).fill('2027-04-15');
    await page.getByRole('button', { name: m['wizard.next'] }).click();
    await page
      .getByLabel(fill(m['wizard.indicators.name'], { n: 1 }), { exact: true })
      .fill('Children helped');
    await page.getByLabel(fill(m['wizard.indicators.target'], { n: 1 }), { exact: true }).fill('40');
    await page.getByRole('button', { name: m['wizard.saveAndCheck'] }).click();

    // Assess: the draft is saved and every fast-track rule is shown, met
    await page.getByText(m['eligibility.yes']).waitFor();
    await check(m['wizard.title']);
    await page.getByRole('button', { name: m['event.submit'], exact: true }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await stateIs(m['state.submitted']);
    await check(title);
    await signOut();
  });

  it('the city officer reviews it, declares no conflict and recommends it', async () => {
    // Prepare
    await signInAs('Karim Officer');
    await check(m['queue.title']);

    // Act
    await page.getByRole('link', { name: title }).click();
    await check(title);
    await page.getByRole('button', { name: m['event.start_review'], exact: true }).click();
    await stateIs(m['state.in_review']);
    await page.getByLabel(m['conflict.statement']).check();
    await page.getByRole('button', { name: m['event.declare_no_conflict'], exact: true }).click();
    await page.getByText(m['conflict.declared']).waitFor();
    await check(title);
    await page.getByRole('button', { name: m['event.recommend'], exact: true }).click();
    await page.getByText(m['v.required']).first().waitFor();
    await page.getByLabel(m['grant.recommendApprove'], { exact: true }).check();
    await page
      .getByLabel(m['grant.recommendReason'], { exact: true })
      .fill('Meets a real need; the budget is sound.');
    await page.getByRole('button', { name: m['event.recommend'], exact: true }).click();

    // Assess
    await stateIs(m['state.recommended']);
    await page.getByText('Meets a real need; the budget is sound.').first().waitFor();
    await check(title);
    await signOut();
  });

  it("the mayor's office decides from its queue, with the officer's recommendation, co-funded by the foundation", async () => {
    // Prepare
    await signInAs('Office of the Mayor of Sfax');
    await check(m['queue.decisionsTitle']);
    await page
      .locator('.queue li', { hasText: title })
      .getByText(fill(m['queue.daysLeft'], { n: '' }).trim())
      .waitFor();

    // Act
    await page.getByRole('link', { name: title }).click();
    await check(title);
    await page.getByRole('heading', { name: m['grant.recommendation'] }).waitFor();
    await page.getByLabel(m['conflict.statement']).check();
    await page.getByRole('button', { name: m['event.declare_no_conflict'], exact: true }).click();
    await page.getByRole('heading', { name: m['award.decideTitle'] }).waitFor();
    await check(title);
    await page.locator('#funder-0 option[value="fondation-sud"]').waitFor({ state: 'attached' });
    await page.getByLabel(fill(m['award.funder'], { n: 1 }), { exact: true }).selectOption('fondation-sud');
    await page.getByRole('button', { name: m['event.approve'], exact: true }).click();

    // Assess
    await stateIs(m['state.approved']);
    await page.getByRole('heading', { name: m['award.title'] }).waitFor();
    await check(title);
    await signOut();
  });

  it('the CSO accepts the award and submits its final report', async () => {
    // Prepare
    await signInAs('Leila Ben Salah');
    await check(m['home.title']);
    await page.locator('section:has(#apps-h)').getByRole('link', { name: title }).click();

    // Act
    await page.getByRole('button', { name: m['event.accept_award'], exact: true }).click();
    await stateIs(m['state.active']);
    await check(title);
    await page.locator('section:has(#ms-h)').getByRole('link', { name: title }).click();
    await check(new RegExp(m['kind.final_report']));
    await page
      .getByLabel(m['report.narrative'], { exact: true })
      .fill('Forty-two children came regularly; reading improved.');
    await page.getByLabel(fill(m['report.count'], { name: 'Children helped' }), { exact: true }).fill('42');
    await page
      .getByLabel(fill(m['report.spentLabel'], { currency: 'TND' }), { exact: true })
      .fill('11850.500');
    await page.getByRole('button', { name: m['event.submit_report'], exact: true }).click();

    // Assess
    await stateIs(m['state.submitted']);
    await page.getByRole('heading', { name: m['report.title'], exact: true }).waitFor();
    await check(new RegExp(m['kind.final_report']));
    await signOut();
  });

  it('the funder accepts the report and sees it in its portfolio', async () => {
    // Prepare
    await signInAs('Fondation Méditerranée Sud');
    await check(m['funder.title']);

    // Act
    await page.getByRole('link', { name: m['nav.reportsToReview'] }).click();
    await check(m['queue.title']);
    await page.getByRole('link', { name: title }).click();
    await check(new RegExp(m['kind.final_report']));
    await page.getByRole('button', { name: m['event.accept'], exact: true }).click();
    await stateIs(m['state.accepted']);
    await page.getByRole('link', { name: m['nav.portfolio'] }).click();
    await check(m['funder.title']);

    // Assess: the grant with the foundation's share, the accepted report on the timeline, the CSV
    const row = page.locator('tbody tr', { hasText: title });
    await row.getByText(m['state.active']).waitFor();
    const item = page.locator('.timeline li', { hasText: title });
    await item.getByText(m['state.accepted']).waitFor();
    const csv = decodeURIComponent(
      (await page.getByRole('link', { name: m['funder.csv'] }).getAttribute('href')) ?? '',
    );
    expect(csv).toContain(title);
    expect(csv).toContain('accepted');
    expect(visited.length).toBeGreaterThan(15);
  });
});
