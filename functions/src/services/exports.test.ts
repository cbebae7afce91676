/**
 * The staff exports name what a grant serves: its focus areas (its own, else its organisation's, as the
 * 360Giving file does) and its target groups, in the CSV's last grant columns (known rows).
 */
import { describe, expect, it } from 'vitest';
import type { Organisation } from '#domain/types';
import { ORGANISATIONS } from '#seed/data';
import { grant, NOW, sfax } from '../../../test/fixtures/domain.ts';
import { exportGrant, PORTFOLIO_CSV_COLUMNS, portfolioCsvRows } from './exports.ts';

const byId = new Map<string, Organisation>(ORGANISATIONS.map((o) => [o.id, o]));
const orgs = { get: (id: string) => byId.get(id), name: (id: string) => byId.get(id)?.name ?? id };
const city = { kind: 'city', cityId: 'sfax' } as const;

describe('the staff portfolio export', () => {
  it('carries a grant’s own focus areas and its target groups (known row)', () => {
    // Prepare: an active grant that names two focus areas of its own
    const g = grant('active', { focusAreas: ['legal_counselling', 'housing'] });

    // Act
    const row = portfolioCsvRows(exportGrant(g, sfax, orgs, [], city, new Date(NOW)));

    // Assess
    expect(row).toBe(ROW_OWN);
    expect(PORTFOLIO_CSV_COLUMNS.slice(27, 29)).toEqual(['focus_areas', 'target_groups']);
  });

  it('names the organisation’s focus areas for a grant that names none, as the 360Giving file does', () => {
    // Prepare: the same grant without focus areas of its own (Amal: legal counselling, access to services)
    const g = grant('active');

    // Act
    const e = exportGrant(g, sfax, orgs, [], city, new Date(NOW));

    // Assess
    expect(e.focusAreas).toEqual(['legal_counselling', 'access_to_services']);
    expect(e.targetGroups).toEqual(['migrants', 'host community']);
    expect(portfolioCsvRows(e)).toContain(
      ',"legal_counselling; access_to_services","migrants; host community",',
    );
  });
});

/** Amal's fast grant of 12,000 TND, co-funded, all of it released at acceptance, no milestone yet. */
const ROW_OWN =
  'g-1,360G-passerelle-sfax-g-1,sfax,Legal counselling desk at the port,fast,active,amal-sfax,' +
  'Association Amal Sfax,TND,12000.000,12000.000,,' +
  '"city-budget (8000.000); Fondation Méditerranée Sud (fictional) (4000.000)",12000.000,2027-01-29,' +
  '2027-03-01,2027-06-30,true,,,,,,,,,,"legal_counselling; housing","migrants; host community",,,\r\n';
