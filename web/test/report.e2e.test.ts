/**
 * Reports funders can use, in a real (headless) Chromium, in Arabic on a 360-px phone and in French and
 * English on a desktop: the CSO writes a final report with each result beside its target, counts by
 * category, spending per budget line and the underspend returned; the officer reads targets beside
 * results and spent against budgeted (charts and tables) and accepts; the co-funder that asked to review
 * queries the report, then accepts the report sent again, which makes it accepted. An annual partnership
 * review asks how each activity went and no amount. On every page axe finds no violation and nothing
 * scrolls sideways; the pages are kept as docs/screenshots/report-<lang>-*.png.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeGrant,
  activePartnership,
  tnd,
  WINTER_AWARD,
  WINTER_INDICATORS,
  winterReport,
} from '../../test/support/grants.ts';
import { type Client, startTestSystem, type TestSystem } from '../../test/support/harness.ts';
import { ar } from '../src/i18n/ar.ts';
import { en, type MessageKey, type Messages } from '../src/i18n/en.ts';
import { fr } from '../src/i18n/fr.ts';
import { type Lang, type Params, translate } from '../src/i18n/index.ts';
import {
  findChromium,
  launch,
  NO_CHROMIUM_MESSAGE,
  pageChecker,
  pageSignedIn,
  SCREENS,
  webBuild,
} from './browser.ts';

const RUNS = [SCREENS.arPhone, SCREENS.frDesktop, SCREENS.enDesktop];
const CATALOGUES: Record<Lang, Messages> = { en, fr, ar };
const SHOTS = join(import.meta.dirname, '../../docs/screenshots');
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`web/test/report.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);

describe.skipIf(!chromiumPath)('reports funders can use, in a real browser', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let browser: Browser | undefined;
  let sys: TestSystem;
  /** The demo users of the story: Amal's member, the officer, the mayor's office, Fondation Sud, Jisr. */
  let users: Record<'cso' | 'officer' | 'mayor' | 'funder' | 'newcso', Client>;
  let annualReviews: string[] = [];

  beforeAll(async () => {
    web = await webBuild();
    [sys, browser] = await Promise.all([startTestSystem(true, { webDir: web.dir }), launch(chromiumPath)]);
    const as = (name: string) => sys.as(`${name}@sfax.demo`);
    const [cso, officer, mayor, funder, newcso] = await Promise.all([
      as('cso'),
      as('officer'),
      as('mayor'),
      as('funder'),
      as('newcso'),
    ]);
    users = { cso, officer, mayor, funder, newcso };
    // A partnership whose action plan has a city activity and a CSO one: three annual reviews, one a run.
    const pid = await activePartnership({ cso: newcso, officer: await as('officer2'), mayor }, [
      {
        activity: 'Welcome desk at the town hall',
        quarter: '2027-Q1',
        lead: 'city',
        indicator: 'people',
        target: 80,
      },
      {
        activity: 'Neighbourhood language cafés',
        quarter: '2027-Q2',
        lead: 'cso',
        indicator: 'people',
        target: 40,
      },
    ]);
    const milestones = await newcso.get('/v1/milestones');
    annualReviews = milestones.body.items
      .filter(
        (m: { kind: string; partnershipId?: string }) =>
          m.kind === 'annual_review' && m.partnershipId === pid,
      )
      .map((m: { id: string }) => m.id);
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), sys?.close()]);
    if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
  }, 30_000);

  /** `who`'s page at `path`, in the run's language and size, with its checker and the texts of the run. */
  async function openAs(who: Client, run: (typeof RUNS)[number], path: string) {
    const page = await pageSignedIn(browser as Browser, who.token, run);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${sys.url}${path}`);
    const m = CATALOGUES[run.lang];
    const check = pageChecker(page, run.lang, m['common.loading'], errors);
    const t = (key: MessageKey, params?: Params) => translate(m, run.lang, key, params);
    return { page, main: page.getByRole('main'), check, t };
  }

  const shot = (page: Page, lang: string, name: string) =>
    page.screenshot({ path: join(SHOTS, `report-${lang}-${name}.png`), fullPage: true });

  /** The milestone page is checked once its report, charts and review status have loaded. */
  const title = (t: (k: MessageKey) => string) => new RegExp(t('kind.final_report'));

  it.each(RUNS)(
    '$lang: the CSO reports against targets and budget lines, the officer and the co-funder accept it',
    async (run) => {
      const { cso, officer, mayor, funder } = users;
      // Prepare: an active (standard) grant of Amal with its final report to write, a co-funder that asked to review
      const grantId = await activeGrant(
        { cso, officer, mayor },
        { indicators: WINTER_INDICATORS, track: 'standard', title: `Winter ${run.lang}` },
        WINTER_AWARD,
      );
      const milestoneId = (await cso.get(`/v1/grants/${grantId}/milestones`)).body.items.find(
        (m: { kind: string }) => m.kind === 'final_report',
      ).id as string;
      const path = `/milestones/${milestoneId}`;
      const writer = await openAs(cso, run, path);
      const { t, main } = writer;

      // Act: the CSO gives the results (with counts by category), the amount spent and each line's share
      await main.getByLabel(t('report.narrative'), { exact: true }).fill('We supported 131 families.');
      const families = main.getByLabel(t('report.count', { name: 'families supported' }), { exact: true });
      await families.fill('131');
      await main.getByLabel(t('report.categoryCount', { category: 'with children' })).fill('90');
      await main.getByLabel(t('report.categoryCount', { category: 'without children' })).fill('41');
      await main.getByLabel(t('report.count', { name: 'distributions' }), { exact: true }).fill('6');
      await main.getByLabel(t('report.spentLabel', { currency: 'TND' }), { exact: true }).fill('4800');
      await main
        .getByLabel(t('report.lineSpent', { label: 'Clothes', currency: 'TND' }), { exact: true })
        .fill('3900');
      await main
        .getByLabel(t('report.lineSpent', { label: 'Transport', currency: 'TND' }), { exact: true })
        .fill('900');
      await main.getByRole('button', { name: t('event.submit_report'), exact: true }).click();

      // Assess: each target is beside its field; the underspend is shown and its fate is asked before sending
      await main.getByText(t('report.target', { n: 120 }), { exact: true }).waitFor();
      await main.getByRole('group', { name: t('report.underspendLegend') }).waitFor();
      await writer.page.getByRole('alert').getByText(t('rule.underspend_choice'), { exact: false }).waitFor();
      expect((await cso.get(`/v1/milestones/${milestoneId}`)).body.state).toBe('scheduled');

      // Act: the underspend goes back to the funders; the report is sent
      await main.getByLabel(t('underspend.returned'), { exact: true }).check();
      await writer.check(title(t));
      await shot(writer.page, run.lang, 'cso-form');
      await main.getByRole('button', { name: t('event.submit_report'), exact: true }).click();

      // Assess: sent as written
      await main.getByRole('heading', { name: t('report.title'), exact: true }).waitFor();
      const sent = (await cso.get(`/v1/milestones/${milestoneId}`)).body;
      expect(sent).toMatchObject({ state: 'submitted', underspent: tnd(200_000) });
      expect(sent.report).toMatchObject(winterReport('We supported 131 families.'));
      await writer.page.context().close();

      // Act: the officer reads the report, its charts and tables, and accepts it
      const reader = await openAs(officer, run, path);
      const results = reader.main.getByRole('table', { name: reader.t('report.resultsTable') });
      await results
        .getByRole('row', { name: /families supported/ })
        .getByText('131')
        .waitFor();
      await reader.main.getByRole('img', { name: reader.t('report.resultsChart') }).waitFor();
      const spending = reader.main.getByRole('table', { name: reader.t('report.spendingTable') });
      await spending.getByRole('row', { name: /Transport/ }).waitFor();
      await reader.main.getByText(reader.t('underspend.returned'), { exact: true }).waitFor();
      await reader.main.getByText(reader.t('review.waitingCount', { n: 2 }), { exact: true }).waitFor();
      await reader.check(title(reader.t));
      await shot(reader.page, run.lang, 'officer');
      await reader.main.getByRole('button', { name: reader.t('event.accept'), exact: true }).click();
      await reader.main
        .getByRole('button', {
          name: reader.t('confirm.yes', { action: reader.t('event.accept') }),
          exact: true,
        })
        .click();

      // Assess: the city has accepted; the co-funder is still to accept, so the report is not accepted yet
      await reader.main.getByText(reader.t('review.waitingCount', { n: 1 }), { exact: true }).waitFor();
      expect((await officer.get(`/v1/milestones/${milestoneId}`)).body.state).toBe('submitted');
      await reader.page.context().close();

      // Act: the co-funder queries the report (a query needs its question), the CSO answers
      const cofunder = await openAs(funder, run, path);
      await cofunder.main.getByRole('button', { name: cofunder.t('event.query'), exact: true }).click();
      await cofunder.main
        .getByLabel(cofunder.t('actions.reason'), { exact: true })
        .fill('Which receipts cover transport?');
      await cofunder.check(title(cofunder.t));
      await cofunder.main.getByRole('button', { name: cofunder.t('event.query'), exact: true }).click();
      await cofunder.main
        .getByText(cofunder.t('state.revision_requested'), { exact: true })
        .first()
        .waitFor();
      const again = await cso.event(`/v1/milestones/${milestoneId}`, {
        type: 'submit_report',
        report: winterReport('Receipts 12 to 19 cover transport.'),
      });
      expect(again.status).toBe(200);
      expect((await officer.event(`/v1/milestones/${milestoneId}`, { type: 'accept' })).status).toBe(200);

      // Act: the co-funder reads the answer and accepts
      await cofunder.page.reload();
      await cofunder.main.getByText(cofunder.t('review.waitingCount', { n: 1 }), { exact: true }).waitFor();
      await cofunder.main.getByRole('button', { name: cofunder.t('event.accept'), exact: true }).click();
      await cofunder.main
        .getByRole('button', {
          name: cofunder.t('confirm.yes', { action: cofunder.t('event.accept') }),
          exact: true,
        })
        .click();

      // Assess: accepted, by the city and the co-funder
      await cofunder.main.getByText(cofunder.t('review.allAccepted'), { exact: true }).waitFor();
      await cofunder.main.getByText(cofunder.t('state.accepted'), { exact: true }).first().waitFor();
      expect((await funder.get(`/v1/milestones/${milestoneId}`)).body.state).toBe('accepted');
      await cofunder.check(title(cofunder.t));
      await shot(cofunder.page, run.lang, 'funder-accepted');
      await cofunder.page.context().close();
    },
    240_000,
  );

  it.each(RUNS)(
    '$lang: an annual partnership review asks how each activity went, and no amount',
    async (run) => {
      // Prepare: one of the partnership's annual reviews
      const { newcso } = users;
      const id = annualReviews[RUNS.indexOf(run)];
      expect(id).toBeDefined();
      const writer = await openAs(newcso, run, `/milestones/${id}`);
      const { t, main } = writer;

      // Act: the CSO says how the city's activity and its own went, with the count of people
      await main
        .getByLabel(t('report.narrative'), { exact: true })
        .fill('The desk opened; the cafés are weekly.');
      await main.getByLabel(t('report.count', { name: 'people' }), { exact: true }).fill('97');
      const desk = main.getByRole('group', { name: 'Welcome desk at the town hall' });
      await desk.getByLabel(t('activity.done'), { exact: true }).check();
      const cafes = main.getByRole('group', { name: 'Neighbourhood language cafés' });
      await cafes.getByLabel(t('activity.partly_done'), { exact: true }).check();
      await cafes.getByLabel(t('report.activityNote')).fill('Two cafés of four so far.');

      // Assess: no amount is asked
      expect(
        await main.getByLabel(t('report.spentLabel', { currency: 'TND' }), { exact: true }).count(),
      ).toBe(0);
      await main.getByText(t('report.noAmount'), { exact: true }).waitFor();
      await writer.check(new RegExp(t('kind.annual_review')));
      await shot(writer.page, run.lang, 'annual-form');

      // Act
      await main.getByRole('button', { name: t('event.submit_report'), exact: true }).click();

      // Assess: sent with each activity, both sides', and no amount; the page lists them back
      const activities = main.getByRole('table').filter({ hasText: t('report.activityH') });
      await activities.getByRole('row', { name: /Neighbourhood language cafés/ }).waitFor();
      const sent = (await newcso.get(`/v1/milestones/${id}`)).body;
      expect(sent.state).toBe('submitted');
      expect(sent.report.spent).toBeUndefined();
      expect(sent.report.activityResults).toEqual([
        { activity: 'Welcome desk at the town hall', status: 'done' },
        {
          activity: 'Neighbourhood language cafés',
          status: 'partly_done',
          note: 'Two cafés of four so far.',
        },
      ]);
      await writer.check(new RegExp(t('kind.annual_review')));
      await shot(writer.page, run.lang, 'annual-sent');
      await writer.page.context().close();
    },
    120_000,
  );
});
