/**
 * Opening a city on the real DynamoDB Local, and the directory's rules on the users of that city.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EventNotAllowedError, NotFoundError, RuleViolationError } from '#domain/errors';
import type { Actor } from '#domain/types';
import { createDeps, type Deps } from '#services/deps';
import { createDocumentClient } from '#store/client';
import { AlreadyExistsError } from '#store/errors';
import { ensureTable } from '#store/schema';
import { Store } from '#store/store';
import { createDirectory, type UserDirectory } from '#users/directory';
import { type CityArgs, CityCreateError, createCity, parseCityArgs } from './city-create.ts';

const db = createDocumentClient({ endpoint: inject('dynamoEndpoint') });
let deps: Deps;
let directory: UserDirectory;

const TUNIS = {
  id: 'tunis',
  name: 'Tunis',
  country: 'TN',
  currency: 'TND',
  timeZone: 'Africa/Tunis',
  adminEmail: 'admin@tunis.example',
  adminName: 'Tunis Administrator',
  language: 'fr',
};
const args = (over: Record<string, string> = {}): CityArgs => parseCityArgs({ ...TUNIS, ...over });

beforeAll(async () => {
  const tableName = `city-create-${process.pid}-${Date.now()}`;
  await ensureTable(db, tableName);
  deps = createDeps(new Store(db, tableName));
  directory = createDirectory(deps);
});
afterAll(() => db.destroy());

describe('npm run city:create', () => {
  it('opens a city with the defaults, its own-budget funder and its first admin', async () => {
    // Act
    const result = await createCity(deps, directory, args());
    // Assess
    expect(result.created).toEqual(['city', 'funder', 'admin']);
    const city = await deps.store.getCity('tunis');
    expect(city).toMatchObject({
      name: 'Tunis',
      names: { fr: 'Tunis' },
      country: 'TN',
      currency: 'TND',
      calendar: { timeZone: 'Africa/Tunis', weekend: [6, 7], holidays: [] },
      fastTrackCeiling: { amount: 15_000_000, currency: 'TND' },
      decisionWorkingDays: 10,
      maxOpenFastGrants: 2,
      partnershipTermYears: 3,
      finalReportWeeks: 8,
      reminderOffsets: [-30, -7, 0, 5],
      budgetFunderId: 'tunis-city-budget',
      version: 1,
    });
    expect(await deps.store.getOrganisation('tunis-city-budget')).toMatchObject({
      kind: 'funder',
      cityId: 'tunis',
    });
    const admin = await deps.store.findUserByEmail('admin@tunis.example');
    expect(admin).toMatchObject({ id: result.adminId, cityId: 'tunis', roles: ['admin'], language: 'fr' });
    expect(await directory.get('tunis', result.adminId)).toMatchObject({ state: 'invited' });
  });

  it('changes nothing when run again with the same values', async () => {
    // Prepare
    const before = await deps.store.getCity('tunis');
    // Act
    const again = await createCity(deps, directory, args());
    // Assess
    expect(again.created).toEqual([]);
    expect(await deps.store.getCity('tunis')).toEqual(before);
    expect((await deps.store.listUsersOfCity('tunis')).length).toBe(1);
  });

  it('refuses another currency for an existing city', async () => {
    await expect(createCity(deps, directory, args({ currency: 'EUR' }))).rejects.toThrow(
      /its currency is TND, not EUR.*keeps its currency and time zone/,
    );
    expect((await deps.store.getCity('tunis'))?.currency).toBe('TND');
  });

  it('refuses another time zone for an existing city', async () => {
    await expect(createCity(deps, directory, args({ timeZone: 'Europe/Paris' }))).rejects.toThrow(
      /its time zone is Africa\/Tunis, not Europe\/Paris/,
    );
  });

  it('refuses an admin address already used in another city', async () => {
    // Prepare
    await createCity(
      deps,
      directory,
      parseCityArgs({ ...TUNIS, id: 'sousse', name: 'Sousse', adminEmail: 'admin@sousse.example' }),
    );
    // Act, Assess
    await expect(
      createCity(
        deps,
        directory,
        parseCityArgs({ ...TUNIS, id: 'sousse', name: 'Sousse', adminEmail: 'admin@tunis.example' }),
      ),
    ).rejects.toThrow(CityCreateError);
  });

  it('says what is wrong with each bad argument', () => {
    const wrong = () =>
      parseCityArgs({
        ...TUNIS,
        id: 'Tunis City',
        country: 'TUN',
        currency: 'XYZ',
        timeZone: 'Africa/Nowhere',
        adminEmail: 'not-an-address',
        weekend: '6,8',
      });
    expect(wrong).toThrow(/--id/);
    expect(wrong).toThrow(/--country/);
    expect(wrong).toThrow(/--currency: XYZ/);
    expect(wrong).toThrow(/--time-zone: Africa\/Nowhere/);
    expect(wrong).toThrow(/--admin-email/);
    expect(wrong).toThrow(/--weekend/);
    expect(() => parseCityArgs({ ...TUNIS, currency: 'JPY' })).toThrow(
      /--fast-track-ceiling is required in JPY/,
    );
    expect(parseCityArgs({ ...TUNIS, currency: 'jpy', fastTrackCeiling: '500000' })).toMatchObject({
      currency: 'JPY',
      fastTrackCeiling: 500_000,
    });
  });
});

describe('the user directory of a city', () => {
  let admin: Actor;
  beforeAll(async () => {
    const id = (await deps.store.findUserByEmail('admin@tunis.example'))?.id as string;
    await directory.activate(id);
    admin = { userId: id, cityId: 'tunis', roles: ['admin'] };
  });

  it('refuses an e-mail address in use, whatever its case (409)', async () => {
    await expect(
      directory.invite(admin, 'tunis', {
        email: 'ADMIN@tunis.example',
        name: 'Twin',
        roles: ['city_officer'],
        language: 'en',
      }),
    ).rejects.toThrow(AlreadyExistsError);
  });

  it('refuses a staff member with an organisation, a CSO member without a CSO of the city, and a funder member of a CSO (422)', async () => {
    const rule = async (input: Parameters<UserDirectory['invite']>[2]) => {
      const e = await directory.invite(admin, 'tunis', input).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RuleViolationError);
      return (e as RuleViolationError).failures.map((f) => f.rule);
    };
    const base = { email: 'x@tunis.example', name: 'X', language: 'fr' as const };
    expect(await rule({ ...base, roles: ['city_officer'], organisationId: 'tunis-city-budget' })).toContain(
      'staff_not_member',
    );
    expect(await rule({ ...base, roles: ['admin', 'cso'] })).toContain('staff_not_member');
    expect(await rule({ ...base, roles: ['cso'] })).toContain('organisation_of_kind');
    expect(await rule({ ...base, roles: ['cso'], organisationId: 'tunis-city-budget' })).toContain(
      'organisation_of_kind',
    );
    expect(await rule({ ...base, roles: ['funder'], organisationId: 'sousse-city-budget' })).toContain(
      'organisation_of_kind',
    );
    // and a funder member of the city's own funder is fine
    const funder = await directory.invite(admin, 'tunis', {
      ...base,
      roles: ['funder'],
      organisationId: 'tunis-city-budget',
    });
    expect(funder).toMatchObject({
      roles: ['funder'],
      organisationId: 'tunis-city-budget',
      state: 'invited',
    });
  });

  it('keeps the last active admin: no disabling themselves, no dropping their admin role (409)', async () => {
    await expect(directory.change(admin, 'tunis', admin.userId, { disabled: true })).rejects.toThrow(
      EventNotAllowedError,
    );
    await expect(directory.change(admin, 'tunis', admin.userId, { roles: ['city_officer'] })).rejects.toThrow(
      EventNotAllowedError,
    );
    // Once a second admin is active, the first may step down
    const second = await directory.invite(admin, 'tunis', {
      email: 'admin2@tunis.example',
      name: 'Second',
      roles: ['admin'],
      language: 'en',
    });
    await directory.activate(second.id);
    const steppedDown = await directory.change(admin, 'tunis', admin.userId, { roles: ['city_officer'] });
    expect(steppedDown.roles).toEqual(['city_officer']);
  });

  it("does not show another city's user (404) and lists its own with role and search filters", async () => {
    const sousseAdmin = await deps.store.findUserByEmail('admin@sousse.example');
    await expect(directory.get('tunis', sousseAdmin?.id as string)).rejects.toThrow(NotFoundError);
    const admins = await directory.list('tunis', { role: 'admin' });
    expect(admins.items.map((u) => u.email)).toEqual(['admin2@tunis.example']);
    const found = await directory.list('tunis', { q: 'second' });
    expect(found.items.map((u) => u.email)).toEqual(['admin2@tunis.example']);
  });
});
