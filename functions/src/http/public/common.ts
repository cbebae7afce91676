/** What the register's and the 360Giving routes share: the city in the path, their problems, their caching. */
import { z } from 'zod';
import { Id } from '#contract/fields';
import { pathParam, problem } from '../openapi.ts';

export const problems = {
  400: problem('Invalid request'),
  404: problem('No such city, or (360Giving) no awarded grant yet'),
};
export const params = z.object({ cityId: pathParam(Id, 'cityId', 'sfax') });

export const PUBLIC_CACHE = 'public, max-age=300';
