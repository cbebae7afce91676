/** The city's coordination map: who serves which focus area and target group, when (schemas). */
import { z } from 'zod';
import { FOCUS_AREAS, LocalDate } from './fields.ts';

const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const CoordinationQuery = z.object({
  focusArea: z.enum(FOCUS_AREAS).optional(),
  targetGroup: z.string().max(100).optional().meta({ description: 'A target group, as the grants name it' }),
});

const Initiative = z.object({
  type: z.enum(['partnership', 'grant']),
  id: z.string(),
  title: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  start: LocalDate,
  end: LocalDate,
});

export const CoordinationMap = z
  .object({
    cityId: z.string(),
    cells: list(
      z.object({
        focusArea: z.string(),
        targetGroup: z
          .string()
          .nullable()
          .meta({ description: 'null: a partnership, which serves the focus area for every group' }),
        initiatives: list(Initiative),
      }),
    ),
    overlaps: list(
      z.object({
        focusArea: z.string(),
        targetGroup: z.string().nullable(),
        from: LocalDate,
        to: LocalDate,
        initiatives: list(z.string()).meta({ description: 'The ids of the two initiatives' }),
      }),
    ).meta({ description: 'Two initiatives serving the same focus area and target group at the same time' }),
  })
  .meta({
    id: 'CoordinationMap',
    description: 'Active partnerships and grants by focus area × target group × period',
  });

export type CoordinationMapView = z.output<typeof CoordinationMap>;
export type CoordinationQueryInput = z.output<typeof CoordinationQuery>;
