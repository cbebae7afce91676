/**
 * The routes of the downloads function (lambda/exports.ts), streamed: a city's 360Giving package and CSV
 * (open to everyone) and the portfolio exports (signed in). Nothing else: its bundle carries only them.
 */
import { type AppOptions, appOf } from '../compose.ts';
import { exportRoutes } from '../exports/routes.ts';
import { giving360Routes } from '../public/giving360.ts';

/** The app of the downloads function. */
export const createDownloadsApp = (options: AppOptions) =>
  appOf(options, () => giving360Routes, exportRoutes);
