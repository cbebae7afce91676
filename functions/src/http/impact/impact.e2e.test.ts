import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { impactPortfolio, tnd } from '../../../../test/support/grants.ts';
import { type Client, startTestSystem, type TestSystem } from '../../../../test/support/harness.ts';

/** Jisr (newcso@sfax.demo) starts with no grant: its profile is exactly what this suite builds. */
describe('a CSO’s impact profile, across funders, shared by a link that expires', () => {
  let sys: TestSystem;
  let jisr: Client;
  let officer: Client;
  let first: string;
  let second: string;

  beforeAll(async () => {
    sys = await startTestSystem();
    officer = await sys.as('officer@sfax.demo');
    ({ jisr, first, second } = await impactPortfolio(sys));
  }, 240_000);
  afterAll(async () => {
    await sys.close();
  });

  it('sums what the organisation did across grants and funders (known answer)', async () => {
    // Act
    const profile = await jisr.get('/v1/organisations/jisr-sfax/impact');
    // Assess
    expect(profile.status).toBe(200);
    expect(profile.body.totals).toEqual({
      awarded: tnd(16_000_000),
      paid: tnd(8_000_000),
      spent: tnd(9_500_000),
    });
    expect(profile.body.indicators).toEqual([
      { name: 'families supported', target: 150, result: 95 },
      { name: 'workshops held', target: 10, result: 0 },
    ]);
    expect(profile.body.reports).toEqual({ submitted: 2, onTime: 2, late: 0, overdue: 0 });
    expect(profile.body.grants.map((g: { id: string }) => g.id).sort()).toEqual([first, second].sort());
    const coFunded = profile.body.grants.find((g: { id: string }) => g.id === second);
    expect(coFunded.funders.map((f: { id: string; share: unknown }) => [f.id, f.share])).toEqual([
      ['sfax-city-budget', tnd(4_000_000)],
      ['fondation-sud', tnd(2_000_000)],
    ]);
    expect(profile.body.milestones).toHaveLength(4);
    expect((await officer.get('/v1/organisations/jisr-sfax/impact')).body).toEqual(profile.body);
  });

  it('is not shown to another CSO (404) nor to a funder without a link (403)', async () => {
    // Prepare
    const other = await sys.as('cso@sfax.demo');
    const funder = await sys.as('funder@sfax.demo');
    // Act / Assess
    expect((await other.get('/v1/organisations/jisr-sfax/impact')).status).toBe(404);
    expect((await funder.get('/v1/organisations/jisr-sfax/impact')).status).toBe(403);
    expect((await other.post('/v1/organisations/jisr-sfax/impact/links', {})).status).toBe(404);
  });

  it('opens through a shared link without an account, showing the profile and nothing beyond it', async () => {
    // Prepare
    const made = await jisr.post('/v1/organisations/jisr-sfax/impact/links', { days: 7 });
    const token = String(made.body.url).split('/impact/shared/')[1];
    // Act
    const opened = await fetch(`${sys.url}/v1/public/impact/${token}`);
    const tampered = await fetch(`${sys.url}/v1/public/impact/${made.body.id}.${'A'.repeat(43)}`);
    // Assess
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ active: true, url: expect.stringContaining('/impact/shared/il') });
    expect(Date.parse(made.body.expiresAt) - Date.parse(made.body.createdAt)).toBe(7 * 86_400_000);
    expect(opened.status).toBe(200);
    expect(await opened.json()).toEqual((await jisr.get('/v1/organisations/jisr-sfax/impact')).body);
    expect(tampered.status).toBe(404);
    const listed = await jisr.get('/v1/organisations/jisr-sfax/impact/links');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: made.body.id, active: true })]);
    expect(listed.body.items[0].url).toBeUndefined();
  });

  it('stops opening once revoked, or once expired (404)', async () => {
    // Prepare
    const revoked = await jisr.post('/v1/organisations/jisr-sfax/impact/links', {});
    const expiring = await jisr.post('/v1/organisations/jisr-sfax/impact/links', { days: 1 });
    const open = (url: string) => fetch(`${sys.url}/v1/public/impact/${url.split('/impact/shared/')[1]}`);
    // Act
    const revoking = await jisr.post(
      `/v1/organisations/jisr-sfax/impact/links/${revoked.body.id}/revoke`,
      {},
    );
    const afterRevoke = await open(revoked.body.url);
    const beforeExpiry = await open(expiring.body.url);
    sys.setNow(new Date(Date.now() + 2 * 86_400_000).toISOString());
    const afterExpiry = await open(expiring.body.url);
    const listed = await jisr.get('/v1/organisations/jisr-sfax/impact/links');
    sys.setNow(undefined);
    // Assess
    expect(revoking.body).toMatchObject({ active: false, revokedAt: expect.any(String) });
    expect(afterRevoke.status).toBe(404);
    expect(beforeExpiry.status).toBe(200);
    expect(afterExpiry.status).toBe(404);
    const states = Object.fromEntries(
      listed.body.items.map((l: { id: string; active: boolean }) => [l.id, l.active]),
    );
    expect(states[revoked.body.id]).toBe(false);
    expect(states[expiring.body.id]).toBe(false);
  });
});
