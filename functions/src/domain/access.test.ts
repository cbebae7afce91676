import { describe, expect, it } from 'vitest';
import { actors, BUDGET_FUNDER_ID, CITY_ID, FUNDER_ID, ORG_ID, OTHER_CITY_ID } from '#test/fixtures/domain';
import { type AccessSubject, belongsTo, canRead, rolesOn } from './access.ts';
import type { Actor } from './types.ts';

const grantOfAmal: AccessSubject = {
  cityId: CITY_ID,
  organisationId: ORG_ID,
  funderIds: [BUDGET_FUNDER_ID, FUNDER_ID],
};
const draftOfAmal: AccessSubject = { cityId: CITY_ID, organisationId: ORG_ID };

describe('rolesOn(): a role counts only in its relation to the record', () => {
  it.each<[string, Actor, string[]]>([
    ['a member of the applying CSO is its cso', actors.cso, ['cso']],
    ['a member of another CSO is nothing', actors.otherCso, []],
    ['an officer of the record’s city is its city_officer', actors.officer, ['city_officer']],
    ['an officer of another city is nothing', actors.otherCityOfficer, []],
    ['the mayor’s office of the record’s city is its mayor_office', actors.mayor, ['mayor_office']],
    ['the mayor’s office of another city is nothing', actors.otherCityMayor, []],
    ['a member of one of the funders is its funder', actors.funder, ['funder']],
    ['a member of a funder that does not fund it is nothing', actors.otherFunder, []],
    ['the admin of the record’s city is its admin', actors.admin, ['admin']],
    ['the admin of another city is nothing', actors.otherCityAdmin, []],
  ])('%s', (_, actor, roles) => {
    expect(rolesOn(actor, grantOfAmal)).toEqual(roles);
  });

  it('a funder has no role on a record that names no funders yet', () => {
    expect(rolesOn(actors.funder, draftOfAmal)).toEqual([]);
  });

  it('a cso role holds only in its own city, even for a record naming its organisation', () => {
    expect(rolesOn(actors.cso, { cityId: OTHER_CITY_ID, organisationId: ORG_ID })).toEqual([]);
  });

  it('a cso role without an organisation gives nothing, even on a record without organisation', () => {
    const loose: Actor = { userId: 'u-x', cityId: CITY_ID, roles: ['cso', 'funder'] };
    expect(rolesOn(loose, { cityId: CITY_ID })).toEqual([]);
  });

  it('a city role is about the city, not the organisation: staff of Sfax act on any Sfax record', () => {
    expect(rolesOn(actors.officer, { cityId: CITY_ID, organisationId: 'any-org' })).toEqual(['city_officer']);
    expect(rolesOn(actors.officer, { cityId: OTHER_CITY_ID, organisationId: ORG_ID })).toEqual([]);
  });

  it('keeps, of several roles, only those in relation, in the actor’s order', () => {
    const both: Actor = {
      userId: 'u-both',
      cityId: CITY_ID,
      organisationId: FUNDER_ID,
      roles: ['funder', 'cso', 'city_officer'],
    };
    expect(rolesOn(both, grantOfAmal)).toEqual(['funder', 'city_officer']);
    expect(rolesOn(both, draftOfAmal)).toEqual(['city_officer']);
  });
});

describe('canRead(): who sees a workflow record', () => {
  it('the applying CSO, the city’s staff and the record’s funders see it', () => {
    for (const a of [actors.cso, actors.officer, actors.mayor, actors.funder]) {
      expect(canRead(a, grantOfAmal)).toBe(true);
    }
  });

  it('another CSO, another city’s staff and other funders do not', () => {
    for (const a of [actors.otherCso, actors.otherCityOfficer, actors.otherCityMayor, actors.otherFunder]) {
      expect(canRead(a, grantOfAmal)).toBe(false);
    }
  });

  it('an admin of the city does not read workflow records through the admin role', () => {
    expect(rolesOn(actors.admin, grantOfAmal)).toEqual(['admin']);
    expect(canRead(actors.admin, grantOfAmal)).toBe(false);
  });
});

describe('belongsTo(): segregation of duties', () => {
  it('staff who are members of the applying organisation belong to it', () => {
    expect(belongsTo(actors.officerOfApplicant, draftOfAmal)).toBe(true);
    expect(belongsTo(actors.mayorOfApplicant, draftOfAmal)).toBe(true);
  });

  it('staff without an organisation, or of another one, do not', () => {
    expect(belongsTo(actors.officer, draftOfAmal)).toBe(false);
    expect(belongsTo(actors.funder, draftOfAmal)).toBe(false);
  });

  it('nobody belongs to a record without organisation', () => {
    expect(belongsTo(actors.cso, { cityId: CITY_ID })).toBe(false);
  });
});
