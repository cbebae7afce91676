/** Test data for agreements and letters: a Sfax partnership with lines on both sides and a joint one. */
import type { CityRecord } from '#domain/city';
import type { Partnership } from '#domain/partnership';
import type { CitySettings, Organisation } from '#domain/types';

export const papersCity: CitySettings & { names: CityRecord['names'] } = {
  id: 'sfax',
  name: 'Sfax',
  names: { ar: 'صفاقس', fr: 'Sfax', en: 'Sfax' },
  country: 'TN',
  currency: 'TND',
  calendar: { timeZone: 'Africa/Tunis', weekend: [6, 7], holidays: [] },
  fastTrackCeiling: { amount: 15_000_000, currency: 'TND' },
  decisionWorkingDays: 10,
  standardDecisionWorkingDays: 40,
  maxOpenFastGrants: 2,
  partnershipTermYears: 3,
  finalReportWeeks: 8,
  reminderOffsets: [-30, -7, 0, 5],
  budgetFunderId: 'sfax-city-budget',
};

export const papersOrganisation: Pick<Organisation, 'id' | 'name' | 'registrationNumber'> = {
  id: 'amal-sfax',
  name: 'جمعية الأمل Amal Sfax',
  registrationNumber: 'JORT-2019-123',
};

export const papersPartnership: Pick<
  Partnership,
  'id' | 'cityId' | 'organisationId' | 'focusAreas' | 'motivation' | 'actionPlan'
> = {
  id: 'p-2027-0042',
  cityId: 'sfax',
  organisationId: 'amal-sfax',
  focusAreas: ['legal_counselling', 'access_to_services'],
  motivation: 'نرافق المهاجرين في الإجراءات الإدارية منذ 2019 ونريد أن نعمل مع البلدية.',
  actionPlan: [
    {
      activity: 'Permanences juridiques hebdomadaires',
      quarter: '2027-Q1',
      lead: 'cso',
      indicator: 'personnes conseillées',
      target: 120,
    },
    {
      activity: 'فتح قاعة بلدية للحصص',
      quarter: '2027-Q2',
      lead: 'city',
      indicator: 'حصص',
      target: 24,
    },
    {
      activity: 'Joint information days',
      quarter: '2027-Q3',
      lead: 'joint',
      indicator: 'information days held',
      target: 4,
    },
  ],
};

export const papersTerm = { start: '2027-02-01', end: '2030-01-31' } as const;
