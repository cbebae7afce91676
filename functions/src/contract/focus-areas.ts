/** The focus areas of organisations, partnerships and grants, in display order; without zod, for the web's first load. */
export const FOCUS_AREAS = [
  'legal_counselling',
  'access_to_services',
  'housing',
  'health',
  'education',
  'employment',
  'language',
  'social_cohesion',
  'protection',
  'culture',
] as const;
export type FocusArea = (typeof FOCUS_AREAS)[number];
