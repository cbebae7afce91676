/**
 * The web front end on a slow phone connection, in a real (headless) Chromium at 360 px in Arabic, the
 * network emulated through the DevTools protocol as a slow 3G link (400 ms latency, 500 kbit/s each
 * way). It PRINTS the timings and bytes of a cold and a warm visit of the public register, a CSO's home
 * and the sign-in page (docs/benchmarks.md keeps them), and asserts only behaviour: the content shows,
 * every text answer comes compressed, a second visit takes the app from the browser's cache.
 *
 * It serves web/dist when it is newer than the sources (else builds into a temporary folder);
 * SLOW_LINK_WEB_DIR serves another build instead (to measure a "before"). It skips, and says why, when
 * no Chromium is found.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningSystem, startSystem } from '../../functions/src/local/system.ts';
import { fastApplication } from '../../test/support/harness.ts';
import { ar } from '../src/i18n/ar.ts';
import {
  axe,
  describeViolations,
  findChromium,
  freshWebBuild,
  launch,
  NO_CHROMIUM_MESSAGE,
  sidewaysOverflow,
} from './browser.ts';

const WEB = join(import.meta.dirname, '..');
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`web/test/slow-link.e2e.test.ts: ${NO_CHROMIUM_MESSAGE}`);

/** Slow 3G as the issue measured it: 400 ms round trip, 500 kbit/s down and up (bytes per second). */
export const SLOW_3G = {
  offline: false,
  latency: 400,
  downloadThroughput: 500_000 / 8,
  uploadThroughput: 500_000 / 8,
} as const;
const ONLINE = { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 } as const;
const OFFLINE = { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 } as const;
const VIEWPORT = { width: 360, height: 780 };
const m = ar;

interface Fetched {
  readonly url: string;
  readonly startedMs: number;
  /** The script that asked for it, when one did. */
  readonly by?: string;
  /** When its last byte arrived (from the first request of the visit). */
  endedMs?: number;
  status?: number;
  mime?: string;
  encoding?: string;
  bytes?: number;
  /** The body's size once decoded. */
  size?: number;
  fromCache?: boolean;
}

/** Every request of a page, as the DevTools protocol reports it, for the visit being measured. */
class NetworkLog {
  private byId = new Map<string, Fetched>();
  constructor(cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (e) => {
      const by = e.initiator.stack?.callFrames[0]?.url || e.initiator.url;
      this.byId.set(e.requestId, {
        url: e.request.url,
        startedMs: Math.round(e.timestamp * 1000),
        ...(by ? { by } : {}),
      });
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = this.byId.get(e.requestId);
      if (!r) return;
      r.status = e.response.status;
      r.mime = e.response.mimeType;
      const headers = Object.fromEntries(
        Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      r.encoding = headers['content-encoding'];
      r.fromCache = !!(
        e.response.fromDiskCache ||
        e.response.fromServiceWorker ||
        e.response.fromPrefetchCache
      );
    });
    cdp.on('Network.requestServedFromCache', (e) => {
      const r = this.byId.get(e.requestId);
      if (r) r.fromCache = true;
    });
    cdp.on('Network.dataReceived', (e) => {
      const r = this.byId.get(e.requestId);
      if (r) r.size = (r.size ?? 0) + e.dataLength;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = this.byId.get(e.requestId);
      if (!r) return;
      r.bytes = e.encodedDataLength;
      r.endedMs = Math.round(e.timestamp * 1000);
    });
  }

  /** Forgets what was seen. */
  reset(): void {
    this.byId.clear();
  }

  requests(): Fetched[] {
    const all = [...this.byId.values()].filter((r) => !r.url.startsWith('data:'));
    const first = Math.min(...all.map((r) => r.startedMs));
    return all
      .map((r) => ({
        ...r,
        startedMs: r.startedMs - first,
        ...(r.endedMs === undefined ? {} : { endedMs: r.endedMs - first }),
      }))
      .sort((a, b) => a.startedMs - b.startedMs);
  }
}

interface Visit {
  readonly name: string;
  readonly ms: number;
  readonly bytes: number;
  readonly requests: readonly Fetched[];
  /** The main thread's busy time during the visit (DevTools `Performance.getMetrics`), in ms. */
  readonly cpu: { readonly script: number; readonly layout: number; readonly tasks: number };
}

const isText = (mime: string | undefined) => !!mime && /javascript|json|css|html|text\//.test(mime);
const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

function print(v: Visit): void {
  const lines = v.requests.map(
    (r) =>
      `  +${String(r.startedMs).padStart(5)} → ${String(r.endedMs ?? '?').padStart(5)} ms  ${String(r.bytes ?? 0).padStart(7)} B  ${(r.fromCache ? 'cache' : (r.encoding ?? '-')).padEnd(5)}  ${path(r.url)}`,
  );
  console.log(
    `[slow 3G] ${v.name}: ${v.ms} ms to content, ${(v.bytes / 1024).toFixed(1)} KB over the network, ${v.requests.length} requests; main thread busy ${v.cpu.tasks} ms (script ${v.cpu.script} ms, layout ${v.cpu.layout} ms)\n${lines.join('\n')}`,
  );
}

describe.skipIf(!chromiumPath)('on a slow phone connection (emulated slow 3G, 360 px, Arabic)', () => {
  let web: { dir: string; temporary: boolean } | undefined;
  let browser: Browser | undefined;
  let system: RunningSystem;
  let served = '';
  const errors: string[] = [];

  beforeAll(async () => {
    // Prepare: the web front end, the system with the demo data, one browser
    const other = process.env.SLOW_LINK_WEB_DIR;
    web = other
      ? { dir: other, temporary: false }
      : await freshWebBuild(WEB, 'web/test/slow-link.e2e.test.ts');
    // A copy is served, so that a test can deploy a new version of the service worker into it.
    served = mkdtempSync(join(tmpdir(), 'passerelle-slow-web-'));
    cpSync(web.dir, served, { recursive: true });
    const dir = served;
    const [s, b] = await Promise.all([
      startSystem({
        dynamoEndpoint: inject('dynamoEndpoint'),
        tableName: `web-slow-${Date.now()}`,
        seed: true,
        webDir: dir,
      }),
      launch(chromiumPath),
    ]);
    system = s;
    browser = b;
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), system?.close()]);
    if (web?.temporary) rmSync(web.dir, { recursive: true, force: true });
    if (served) rmSync(served, { recursive: true, force: true });
  }, 30_000);

  /** A new browser profile (cold cache) in Arabic, optionally signed in as a demo user. */
  async function profile(email?: string): Promise<BrowserContext> {
    const context = await (browser as Browser).newContext({ viewport: VIEWPORT, locale: 'ar-TN' });
    await context.addInitScript(() => localStorage.setItem('passerelle.lang', 'ar'));
    if (email) {
      const token = await tokenOf(email);
      await context.addInitScript((t) => {
        if (!sessionStorage.getItem('passerelle.token')) sessionStorage.setItem('passerelle.token', t);
      }, token);
    }
    return context;
  }

  async function tokenOf(email: string): Promise<string> {
    const res = await fetch(`${system.url}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    return ((await res.json()) as { token: string }).token;
  }

  /** A new tab of the profile on the emulated link (slow 3G unless told), its requests logged. */
  async function tab(
    context: BrowserContext,
    link: typeof SLOW_3G | typeof ONLINE = SLOW_3G,
  ): Promise<{ page: Page; cdp: CDPSession; log: NetworkLog }> {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => {
      errors.push(e.message);
      console.log(`[page error] ${e.message}`);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    await cdp.send('Network.emulateNetworkConditions', link);
    return { page, cdp, log: new NetworkLog(cdp) };
  }

  /** Opens `url` and waits for `shown`; the time from the navigation's start, and what went over the wire. */
  async function visit(
    name: string,
    p: { page: Page; cdp: CDPSession; log: NetworkLog },
    url: string,
    shown: () => Promise<unknown>,
  ): Promise<Visit> {
    p.log.reset();
    const started = Date.now();
    await p.page.goto(url, { waitUntil: 'commit' });
    await shown();
    const ms = Date.now() - started;
    const requests = p.log.requests();
    const bytes = requests.reduce((sum, r) => sum + (r.fromCache ? 0 : (r.bytes ?? 0)), 0);
    // A new tab for each visit: its counters are this visit's.
    const { metrics } = await p.cdp.send('Performance.getMetrics');
    const busy = (name: string) => Math.round((metrics.find((x) => x.name === name)?.value ?? 0) * 1000);
    const cpu = {
      script: busy('ScriptDuration'),
      layout: busy('LayoutDuration') + busy('RecalcStyleDuration'),
      tasks: busy('TaskDuration'),
    };
    const v = { name, ms, bytes, requests, cpu };
    print(v);
    return v;
  }

  /** Every text answer over the network of more than a kilobyte came compressed. */
  function expectCompressed(v: Visit): void {
    const plain = v.requests.filter(
      (r) => !r.fromCache && isText(r.mime) && (r.size ?? 0) > 1024 && !r.encoding,
    );
    expect(
      plain.map((r) => path(r.url)),
      `${v.name}: uncompressed text answers`,
    ).toEqual([]);
  }

  const loaded = (page: Page) =>
    page.waitForFunction(
      (loading) =>
        !!document.querySelector('main h1') &&
        ![...document.querySelectorAll('main [role="status"]')].some(
          (e) => e.textContent?.trim() === loading,
        ),
      m['common.loading'],
    );

  /**
   * A first visit in a new tab, then another in a new tab once the service worker is ready; the second
   * tab is left open for the checks.
   */
  async function coldThenWarm(
    context: BrowserContext,
    name: string,
    url: string,
    shown: (page: Page) => Promise<unknown>,
  ): Promise<{ cold: Visit; warm: Visit; page: Page }> {
    const first = await tab(context);
    const cold = await visit(`${name}, cold`, first, url, () => shown(first.page));
    await first.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await first.page.close();
    const second = await tab(context);
    const warm = await visit(`${name}, warm`, second, url, () => shown(second.page));
    return { cold, warm, page: second.page };
  }

  /**
   * The API calls of a visit: each asked once, all by the page's boot script (so while the app's JavaScript is
   * still on its way: HTML → JavaScript and data together → the page, no longer waterfall).
   */
  function expectStartedByBoot(v: Visit, api: RegExp): string[] {
    const calls = v.requests.filter((r) => api.test(path(r.url)));
    const paths = calls.map((r) => path(r.url));
    expect(new Set(paths).size, `${v.name}: an API call asked twice`).toBe(paths.length);
    expect(
      // The boot script is inline: what it starts is initiated by the page itself, not by a file of the app.
      calls.filter((r) => !r.by || /\/assets\//.test(r.by)).map((r) => path(r.url)),
      `${v.name}: API calls not started by the boot script`,
    ).toEqual([]);
    return paths;
  }

  /** Downloaded, not taken from a cache (the memory cache reports 0 bytes). */
  const downloaded = (r: Fetched) => !r.fromCache && (r.bytes ?? 0) > 0;

  it('the public register shows its first amounts, compressed, and the app comes from the phone the second time', async () => {
    // Prepare
    const context = await profile();
    const register = `${system.url}/register/sfax`;
    const firstAmount = (page: Page) => page.locator('main .num').first().waitFor();

    // Act: a first visit, then another in a new tab once the service worker is ready
    const { cold, warm, page } = await coldThenWarm(context, 'public register', register, firstAmount);

    // Assess: the amounts are there, in Arabic, right to left, nothing scrolls sideways
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expectCompressed(cold);
    const js = (v: Visit) => v.requests.filter((r) => r.mime?.includes('javascript'));
    expect(js(cold).length).toBeGreaterThan(0);
    expect(
      js(warm)
        .filter(downloaded)
        .map((r) => path(r.url)),
      'JavaScript downloaded again on the second visit',
    ).toEqual([]);
    // The page and its catalogue start together: the register's data waits on no JavaScript but the boot's
    const data = cold.requests.find((r) => path(r.url).startsWith('/v1/public/cities/sfax/register'));
    const catalogue = cold.requests.find((r) => /\/assets\/ar-[\w-]+\.js$/.test(r.url));
    expect(data, 'the register’s data').toBeDefined();
    expect(catalogue, 'the Arabic catalogue').toBeDefined();
    expect(expectStartedByBoot(cold, /^\/v1\//)).toEqual(['/v1/public/cities/sfax/register']);
    await context.close();
  }, 120_000);

  it('a CSO’s home shows its applications, compressed', async () => {
    // Prepare
    const context = await profile('cso@sfax.demo');
    const home = `${system.url}/`;
    const shown = async (page: Page) => {
      await page.getByRole('heading', { level: 1, name: m['home.title'] }).waitFor();
      await loaded(page);
    };

    // Act
    const { cold, warm, page } = await coldThenWarm(context, 'CSO home', home, shown);

    // Assess
    await page.getByRole('heading', { level: 2, name: m['home.applications'] }).waitFor();
    expectCompressed(cold);
    expectCompressed(warm);
    for (const v of [cold, warm])
      expect(expectStartedByBoot(v, /^\/v1\//).sort()).toEqual([
        '/v1/grants',
        '/v1/me',
        '/v1/milestones',
        '/v1/notifications?limit=1',
        '/v1/queue',
      ]);
    await context.close();
  }, 120_000);

  it('a grant opened from a mail’s link: its page’s files and the grant start with the app’s', async () => {
    // Prepare: the link of a notice about one of the CSO's grants
    const context = await profile('cso@sfax.demo');
    const token = await tokenOf('cso@sfax.demo');
    const res = await fetch(`${system.url}/v1/grants`, { headers: { Authorization: `Bearer ${token}` } });
    const grant = ((await res.json()) as { items: { id: string; title: string }[] }).items[0];
    expect(grant, 'a grant of the CSO').toBeDefined();
    const { id, title } = grant as { id: string; title: string };
    // The grant's title and state; its milestones, history and messages follow.
    const shown = (page: Page) => page.getByRole('heading', { level: 1, name: title }).waitFor();

    // Act
    const p = await tab(context);
    const cold = await visit('grant from a mail, cold', p, `${system.url}/grants/${id}?from=notice`, () =>
      shown(p.page),
    );

    // Assess: the grant's page loads on demand, yet neither its files nor the grant wait for the app
    const pageFiles = cold.requests.filter((r) => /\/assets\/grant-[\w-]+\.js$/.test(r.url));
    expect(pageFiles.length, 'the grant page’s files').toBeGreaterThan(0);
    expect(
      pageFiles.filter((r) => !r.by || /\/assets\//.test(r.by)).map((r) => path(r.url)),
      'grant page files asked for by the app instead of the page',
    ).toEqual([]);
    expect(expectStartedByBoot(cold, new RegExp(`^/v1/(me|grants/${id})$`)).sort()).toEqual([
      `/v1/grants/${id}`,
      '/v1/me',
    ]);
    expectCompressed(cold);
    expect(errors, 'errors thrown in the pages').toEqual([]);
    await context.close();
  }, 120_000);

  it('the sign-in page lists the demo users, compressed', async () => {
    // Prepare
    const context = await profile();
    const signIn = `${system.url}/sign-in`;
    const shown = async (page: Page) => {
      await page.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
      await loaded(page);
    };

    // Act
    const { cold, warm } = await coldThenWarm(context, 'sign-in', signIn, shown);

    // Assess
    expectCompressed(cold);
    expect(expectStartedByBoot(cold, /^\/(v1|auth)\//)).toEqual(['/auth/config', '/auth/dev-users']);
    // The second time the device knows this site signs in locally: the demo users come beside the
    // configuration, not one round trip after it.
    expect(expectStartedByBoot(warm, /^\/(v1|auth)\//).sort()).toEqual(['/auth/config', '/auth/dev-users']);
    const [config, users] = ['/auth/config', '/auth/dev-users'].map((p) =>
      warm.requests.find((r) => path(r.url) === p),
    );
    expect(users?.startedMs ?? Infinity).toBeLessThan(config?.endedMs ?? 0);
    expect(errors, 'errors thrown in the pages').toEqual([]);
    await context.close();
  }, 120_000);

  it('a draft typed offline survives a reload; a message sent offline is kept, and sent once when the user confirms', async () => {
    // Prepare: a CSO's phone with the app on it (the service worker ready), one of its grants
    const context = await profile('cso@sfax.demo');
    const token = await tokenOf('cso@sfax.demo');
    const asCso = { headers: { Authorization: `Bearer ${token}` } };
    const grants = (await (await fetch(`${system.url}/v1/grants`, asCso)).json()) as {
      items: { id: string }[];
    };
    const grantId = grants.items[0]?.id ?? '';
    const messagesNamed = async (body: string) => {
      const res = await fetch(`${system.url}/v1/grants/${grantId}/messages?limit=100`, asCso);
      const page = (await res.json()) as { items: { body: string }[] };
      return page.items.filter((x) => x.body === body).length;
    };
    const p = await tab(context, ONLINE);
    const link = async (offline: boolean) => {
      await context.setOffline(offline);
      await p.cdp.send('Network.emulateNetworkConditions', offline ? OFFLINE : ONLINE);
    };
    const main = p.page.getByRole('main');
    await p.page.goto(`${system.url}/grants/new`);
    await main.getByRole('heading', { level: 1, name: m['wizard.title'] }).waitFor();
    await p.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    const title = `ورشة دراجات بلا اتصال ${Date.now()}`;

    // Act: the connection drops; the user types the title and reloads
    await link(true);
    await main.getByLabel(m['wizard.title.label'], { exact: true }).fill(title);
    await p.page.reload();

    // Assess: the page opens without a connection, and the title is still there
    await main.getByRole('heading', { level: 1, name: m['wizard.title'] }).waitFor();
    expect(await main.getByLabel(m['wizard.title.label'], { exact: true }).inputValue()).toBe(title);

    // Act: online, the user opens the grant; offline again, writes a message and sends it
    await link(false);
    await p.page.goto(`${system.url}/grants/${grantId}`);
    const box = main.getByLabel(m['thread.label'], { exact: true });
    await box.waitFor();
    await link(true);
    const body = `سؤال كُتب بلا اتصال ${Date.now()}`;
    await box.fill(body);
    await main.getByRole('button', { name: m['thread.send'], exact: true }).click();

    // Assess: said plainly, nothing sent, the text kept
    await main.getByText(m['offline.kept'], { exact: true }).waitFor();
    expect(await box.inputValue()).toBe(body);
    expect(await messagesNamed(body)).toBe(0);
    const violations = await axe(p.page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(await sidewaysOverflow(p.page)).toBeLessThanOrEqual(0);
    await p.page.screenshot({ path: join(tmpdir(), 'passerelle-offline-kept-ar-360.png'), fullPage: true });

    // Act: the connection returns; nothing goes until the user confirms
    await link(false);
    const sendNow = main.getByRole('button', { name: m['offline.sendNow'], exact: true });
    await sendNow.waitFor();
    await main.getByText(m['offline.back'], { exact: true }).waitFor();
    expect(await messagesNamed(body)).toBe(0);
    await p.page.screenshot({ path: join(tmpdir(), 'passerelle-offline-back-ar-360.png'), fullPage: true });
    await sendNow.click();

    // Assess: sent exactly once, shown in the thread, the box emptied
    await main.getByText(body, { exact: true }).waitFor();
    expect(await box.inputValue()).toBe('');
    expect(await messagesNamed(body)).toBe(1);

    // Act: the user signs out of the shared phone
    await p.page.getByRole('button', { name: m['nav.signOut'], exact: true }).click();
    await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();

    // Assess: no draft left on the phone, the language kept; the worker's caches hold no API answer
    const kept = await p.page.evaluate(async () => ({
      storage: Object.keys(localStorage).filter((k) => k.startsWith('passerelle.')),
      session: Object.keys(sessionStorage).filter((k) => k.startsWith('passerelle.')),
      cached: (
        await Promise.all(
          (await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).map((r) => r.url)),
        )
      ).flat(),
    }));
    // Only the language and how this site signs in (the same for everyone): nothing about the person.
    expect(kept.storage.sort()).toEqual(['passerelle.authMode', 'passerelle.lang']);
    expect(kept.session).toEqual([]);
    expect(kept.cached.length).toBeGreaterThan(0);
    expect(kept.cached.filter((u) => /\/(v1|auth)\//.test(new URL(u).pathname))).toEqual([]);
    expect(errors, 'errors thrown in the pages').toEqual([]);
    await context.close();
  }, 120_000);

  it('an event pressed without a connection says so at its button; pressed again online, it is recorded once', async () => {
    // Prepare: a CSO's draft application, its page open on the phone
    const context = await profile('cso@sfax.demo');
    const headers = {
      Authorization: `Bearer ${await tokenOf('cso@sfax.demo')}`,
      'content-type': 'application/json',
    };
    const title = `توزيع ملابس شتوية ${Date.now()}`;
    const created = await fetch(`${system.url}/v1/grants`, {
      method: 'POST',
      headers,
      body: JSON.stringify(fastApplication({ title })),
    });
    expect(created.status).toBe(201);
    const grantId = ((await created.json()) as { id: string }).id;
    const submits = async () => {
      const res = await fetch(`${system.url}/v1/audit/grant/${grantId}`, { headers });
      const trail = (await res.json()) as { items: { event: string }[] };
      return trail.items.filter((e) => e.event === 'submit').length;
    };
    const p = await tab(context, ONLINE);
    const link = async (offline: boolean) => {
      await context.setOffline(offline);
      await p.cdp.send('Network.emulateNetworkConditions', offline ? OFFLINE : ONLINE);
    };
    const main = p.page.getByRole('main');
    await p.page.goto(`${system.url}/grants/${grantId}`);
    const submit = main.getByRole('button', { name: m['event.submit'], exact: true });
    await submit.waitFor();

    // Act: the connection drops; the CSO submits its application
    await link(true);
    await submit.click();

    // Assess: said plainly at the buttons, not as a failure of the server; nothing sent; the button still there
    const actions = main.getByRole('region', { name: m['actions.title'], exact: true });
    await actions.getByRole('status').filter({ hasText: m['offline.eventNotSent'] }).waitFor();
    expect(await actions.getByRole('alert').count()).toBe(0);
    expect(await submits()).toBe(0);
    expect(await submit.isVisible()).toBe(true);
    const violations = await axe(p.page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(await sidewaysOverflow(p.page)).toBeLessThanOrEqual(0);
    await p.page.screenshot({ path: join(tmpdir(), 'passerelle-event-offline-ar-360.png'), fullPage: true });

    // Act: the connection returns, the notice says so; the CSO presses again
    await link(false);
    await actions.getByRole('status').filter({ hasText: m['offline.eventBack'] }).waitFor();
    await submit.click();

    // Assess: submitted once, as the API records it
    await actions.getByRole('status').filter({ hasText: m['history.submit'] }).waitFor();
    expect(await submits()).toBe(1);
    const grant = (await (await fetch(`${system.url}/v1/grants/${grantId}`, { headers })).json()) as {
      state: string;
    };
    expect(grant.state).toBe('submitted');
    expect(errors, 'errors thrown in the pages').toEqual([]);
    await context.close();
  }, 120_000);

  it('after a deploy, the app says a new version is ready and reloads into it when asked', async () => {
    // Prepare: a phone with this version of the app on it, the page controlled by its service worker
    const context = await profile();
    const p = await tab(context, ONLINE);
    const main = p.page.getByRole('main');
    await p.page.goto(`${system.url}/sign-in`);
    await p.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await p.page.reload();
    await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
    expect(await p.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    // Act: a new version is deployed (its worker differs), and the user comes back
    appendFileSync(join(served, 'sw.js'), '\n// the next version\n');
    rmSync(join(served, 'sw.js.br'), { force: true });
    rmSync(join(served, 'sw.js.gz'), { force: true });
    await p.page.reload();

    // Assess: said, in the user's language, with a way to take it
    const banner = p.page.getByRole('status').filter({ hasText: m['update.ready'] });
    await banner.waitFor();
    const violations = await axe(p.page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await p.page.screenshot({ path: join(tmpdir(), 'passerelle-update-ar-360.png') });

    // Act
    await Promise.all([
      p.page.waitForEvent('framenavigated'),
      banner.getByRole('button', { name: m['update.reload'], exact: true }).click(),
    ]);

    // Assess: the new version runs, nothing waits any more
    await main.getByRole('heading', { level: 1, name: m['signIn.title'] }).waitFor();
    expect(
      await p.page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return { waiting: r?.waiting ?? null, controlled: navigator.serviceWorker.controller !== null };
      }),
    ).toEqual({ waiting: null, controlled: true });
    expect(await banner.count()).toBe(0);
    expect(errors, 'errors thrown in the pages').toEqual([]);
    await context.close();
  }, 120_000);
});
