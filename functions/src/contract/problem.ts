/**
 * The error body of every failed request (`application/problem+json`, RFC 9457), and how a zod issue
 * becomes one of its field errors. Clients translate a field error by its structured fields (`code`,
 * `minimum`, `maximum`, `format`, …) and a broken domain rule by its `rule`; `message` is English for
 * people reading the raw answer, and may be reworded at any time.
 */
import { z } from 'zod';
import { PATTERNS, type PatternName } from './fields.ts';

export const FieldErrorSchema = z
  .object({
    path: z.string().meta({ description: 'The field, dotted (`budget.0.label`); empty for the whole body' }),
    message: z.string().meta({ description: 'In English, for people; never parse it' }),
    code: z.string().optional().meta({
      description:
        'What is wrong: zod’s issue code (`too_small`, `too_big`, `invalid_type`, `invalid_format`, `invalid_value`, `unrecognized_keys`) or the contract’s own (`invisible`, `control_characters`, `one_line`, `real_date`, `date_range`, `quarter_range`, `not_allowed`, `invalid`)',
      example: 'too_big',
    }),
    rule: z
      .string()
      .optional()
      .meta({ description: 'The domain rule that is broken (422)', example: 'within_ceiling' }),
    origin: z.string().optional().meta({ description: 'What was measured: `string`, `array`, `number`' }),
    minimum: z.union([z.number(), z.string()]).optional(),
    maximum: z.union([z.number(), z.string()]).optional(),
    format: z
      .string()
      .optional()
      .meta({ description: 'The expected form: `date`, `quarter`, `currency`, `id`, `url`, `email`' }),
    expected: z.string().optional(),
    keys: z.array(z.string()).optional().meta({ description: 'The unknown fields (`unrecognized_keys`)' }),
  })
  .meta({ id: 'FieldError', description: 'One field that is not valid, or one rule that is broken' });
export type FieldError = z.output<typeof FieldErrorSchema>;

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'An error (RFC 9457)' });
export type ProblemBody = z.output<typeof Problem>;

const PATTERN_NAMES = new Map(
  Object.entries(PATTERNS).map(([name, re]) => [String(re), name as PatternName] as const),
);

/** The bound of a size issue or of a refinement's params, as a number or a date. */
const bound = (v: unknown): number | string | undefined =>
  typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'bigint' ? Number(v) : undefined;

/** One field error per zod issue, with the structured fields a client translates by. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((i) => {
    const params = i.code === 'custom' ? (i.params ?? {}) : {};
    const error: FieldError = {
      path: i.path.map(String).join('.'),
      message: i.code === 'unrecognized_keys' ? `Unknown field(s): ${i.keys.join(', ')}.` : i.message,
      code: i.code === 'custom' && typeof params.code === 'string' ? params.code : i.code,
    };
    if ('origin' in i && typeof i.origin === 'string') error.origin = i.origin;
    const minimum = bound('minimum' in i ? i.minimum : params.minimum);
    if (minimum !== undefined) error.minimum = minimum;
    const maximum = bound('maximum' in i ? i.maximum : params.maximum);
    if (maximum !== undefined) error.maximum = maximum;
    if (i.code === 'invalid_format') error.format = (i.pattern && PATTERN_NAMES.get(i.pattern)) || i.format;
    if (i.code === 'invalid_type') error.expected = i.expected;
    if (i.code === 'unrecognized_keys') error.keys = [...i.keys];
    return error;
  });
}
