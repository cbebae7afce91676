/**
 * The routes of the admin function (lambda/admin.ts): what a city's administration, and now and then a
 * CSO, does — the city's settings and agreement template, its users and an organisation's members, the
 * registrations of new CSOs and their review, impact pages and their links, organisation records,
 * coordination and insights. Each is used a few times a month: they cold-start a function of their own
 * rather than weigh on every cold start of the api.
 */
import { cityRoutes } from '../city/routes.ts';
import { type AppOptions, appOf } from '../compose.ts';
import { coordinationRoutes } from '../coordination/routes.ts';
import { publicImpactRoutes } from '../impact/public-routes.ts';
import { impactRoutes } from '../impact/routes.ts';
import { insightRoutes } from '../insights/routes.ts';
import { organisationRecordRoutes } from '../organisations/record-routes.ts';
import { publicRegistrationRoutes, registrationRoutes } from '../registrations/routes.ts';
import { router } from '../router.ts';
import { userRoutes } from '../users/routes.ts';

/** Open to everyone: a CSO's registration, and an impact page shared by its link. */
export const adminOpenRoutes = router().route('/', publicRegistrationRoutes).route('/', publicImpactRoutes);

export const adminSignedInRoutes = router()
  .route('/', cityRoutes)
  .route('/', userRoutes)
  .route('/', registrationRoutes)
  .route('/', impactRoutes)
  .route('/', coordinationRoutes)
  .route('/', organisationRecordRoutes)
  .route('/', insightRoutes);

/** The app of the admin function. */
export const createAdminApp = (options: AppOptions) =>
  appOf(options, () => adminOpenRoutes, adminSignedInRoutes);
