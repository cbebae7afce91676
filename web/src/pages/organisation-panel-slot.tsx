/** The organisation panel, loaded after the record's page (its own chunk), for the city's reviewers. */
import type { Me } from '../api/types.ts';
import { lazyPage } from '../lazy.tsx';
import { hasRole } from '../session.ts';

/** Who sees the organisation behind an application: the officers and the mayor's office. */
export const reviewsOrganisations = (me: Me): boolean =>
  hasRole(me, 'city_officer') || hasRole(me, 'mayor_office');

export const OrganisationPanel = lazyPage(() =>
  import('./organisation-panel.tsx').then((m) => m.OrganisationPanel),
);
