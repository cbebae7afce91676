/**
 * Opening a city (`npm run city:create`): its settings with the spec's defaults, the funder that
 * stands for its own budget, and its first admin through the user directory (Cognito when a user pool
 * is named). Idempotent: each piece is written only when missing, so a run that stopped half-way
 * (Cognito down, say) is finished by running the same command again.
 */
import { z } from 'zod';
import {
  type CityRecord,
  cityBudgetFunderId,
  cityDifferences,
  DEFAULT_FAST_TRACK_CEILING,
  newCityRecord,
} from '#domain/city';
import { isCurrency } from '#domain/money';
import type { Organisation } from '#domain/types';
import type { Deps } from '#services/deps';
import { normaliseEmail, systemActor, type UserDirectory } from '#users/directory';

export const USAGE = `Opens a city: its settings, its own-budget funder and its first admin. Idempotent.

npm run city:create -- --id tunis --name "Tunis" --country TN --currency TND \\
  --time-zone Africa/Tunis --admin-email admin@tunis.example --admin-name "Name Surname" \\
  [--language fr] [--weekend 6,7] [--fast-track-ceiling 15000] [--user-pool-id eu-west-1_AbC123]

  --id                  the city's id: lower-case letters, digits and dashes (tunis, la-marsa)
  --name                the city's name, in --language
  --country             ISO 3166 two-letter country code (TN)
  --currency            ISO 4217 code of the city's money (TND); cannot change later
  --time-zone           IANA time zone (Africa/Tunis); cannot change later
  --admin-email         the first admin's e-mail address (deployed, Cognito mails the invitation there)
  --admin-name          the first admin's name
  --language            ar, fr or en (default en): the admin's language and the name's
  --weekend             ISO weekdays off, 1 = Monday … 7 = Sunday (default 6,7)
  --fast-track-ceiling  in major units of the currency (default 15000 TND, 5000 EUR; needed otherwise)
  --user-pool-id        deployed: the stack's UserPoolId output (or env COGNITO_USER_POOL_ID)

Store: DYNAMODB_ENDPOINT and TABLE_NAME (default passerelle), or else the embedded DynamoDB Local of
DATA_DIR (default .data/; stop \`npm start\` first).`;

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
};

/** The arguments as the command line gives them (strings), checked and turned into values. */
export const cityArgs = z
  .object({
    id: z
      .string({ error: '--id is required' })
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, '--id: lower-case letters, digits and dashes (tunis)'),
    name: z.string({ error: '--name is required' }).trim().min(1, '--name is empty').max(120),
    country: z
      .string({ error: '--country is required' })
      .regex(/^[A-Za-z]{2}$/, '--country: a two-letter ISO 3166 code (TN)')
      .transform((c) => c.toUpperCase()),
    currency: z
      .string({ error: '--currency is required' })
      .transform((c) => c.toUpperCase())
      .refine(isCurrency, {
        error: (i) =>
          `--currency: ${String(i.input)} is not a currency Passerelle knows (ISO 4217, e.g. TND, EUR)`,
      }),
    timeZone: z.string({ error: '--time-zone is required' }).refine(isTimeZone, {
      error: (i) => `--time-zone: ${String(i.input)} is not an IANA time zone (Africa/Tunis)`,
    }),
    adminEmail: z
      .string({ error: '--admin-email is required' })
      .transform(normaliseEmail)
      .pipe(z.email('--admin-email: not an e-mail address')),
    adminName: z
      .string({ error: '--admin-name is required' })
      .trim()
      .min(1, '--admin-name is empty')
      .max(200),
    language: z.enum(['ar', 'fr', 'en'], '--language: ar, fr or en').default('en'),
    weekend: z
      .string()
      .default('6,7')
      .transform((w) => w.split(',').map((d) => Number(d.trim())))
      .refine(
        (days) => days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7),
        '--weekend: ISO weekdays 1–7, e.g. 6,7',
      )
      .refine(
        (days) => new Set(days).size === days.length && days.length < 7,
        '--weekend: distinct days, at least one working day',
      ),
    fastTrackCeiling: z.coerce
      .number('--fast-track-ceiling: a number')
      .positive('--fast-track-ceiling: more than zero')
      .optional(),
    userPoolId: z.string().min(1).optional(),
  })
  .refine((a) => a.fastTrackCeiling !== undefined || DEFAULT_FAST_TRACK_CEILING[a.currency] !== undefined, {
    error: (i) =>
      `--fast-track-ceiling is required in ${String((i.input as { currency?: string }).currency)}: the spec gives defaults only in ${Object.keys(DEFAULT_FAST_TRACK_CEILING).join(' and ')}`,
  });

export type CityArgs = z.output<typeof cityArgs>;

/** A refusal the operator can act on: the CLI prints it and exits 1. */
export class CityCreateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CityCreateError';
  }
}

export interface CityCreateResult {
  readonly cityId: string;
  /** What this run wrote; empty when everything was there already. */
  readonly created: readonly ('city' | 'funder' | 'admin')[];
  readonly adminId: string;
}

/** Parses `--key value` arguments (kebab-case) into CityArgs, or CityCreateError with every problem. */
export function parseCityArgs(raw: Record<string, string | undefined>): CityArgs {
  const parsed = cityArgs.safeParse(raw);
  if (!parsed.success) throw new CityCreateError(parsed.error.issues.map((i) => `  ${i.message}`).join('\n'));
  return parsed.data;
}

export async function createCity(
  deps: Deps,
  directory: UserDirectory,
  args: CityArgs,
): Promise<CityCreateResult> {
  const { store } = deps;
  const now = deps.clock().toISOString();
  const created: CityCreateResult['created'][number][] = [];
  const wanted: CityRecord = newCityRecord(
    {
      id: args.id,
      name: args.name,
      country: args.country,
      currency: args.currency,
      timeZone: args.timeZone,
      weekend: args.weekend,
      language: args.language,
      fastTrackCeiling: args.fastTrackCeiling,
    },
    now,
  );

  const existing = await store.getCity(args.id);
  if (existing) {
    const differences = cityDifferences(existing, wanted);
    if (differences.length > 0)
      throw new CityCreateError(
        `The city ${args.id} exists already and ${differences.join('; ')}. ` +
          (differences.some((d) => d.startsWith('its currency') || d.startsWith('its time zone'))
            ? 'A city keeps its currency and time zone: amounts and deadlines depend on them.'
            : 'Its admin changes its settings in the app (PATCH /v1/city); this command only opens a city.'),
      );
  } else {
    await store.putCity(wanted);
    deps.cities.forget(args.id);
    created.push('city');
  }

  const funderId = cityBudgetFunderId(args.id);
  const funder = await store.getOrganisation(funderId);
  if (!funder) {
    const org: Organisation = {
      id: funderId,
      kind: 'funder',
      cityId: args.id,
      name: `${args.name} — own budget`,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await store.putOrganisation(org);
    created.push('funder');
  } else if (funder.cityId !== args.id || funder.kind !== 'funder') {
    throw new CityCreateError(`The organisation ${funderId} exists and is not the funder of ${args.id}.`);
  }

  const admin = await store.findUserByEmail(args.adminEmail);
  let adminId: string;
  if (admin) {
    if (admin.cityId !== args.id || !admin.roles.includes('admin'))
      throw new CityCreateError(
        `${args.adminEmail} is already a user${admin.cityId === args.id ? ` of ${args.id} without the admin role` : ` of another city (${admin.cityId})`}: give another address.`,
      );
    adminId = admin.id;
  } else {
    const invited = await directory.invite(systemActor(args.id), args.id, {
      email: args.adminEmail,
      name: args.adminName,
      roles: ['admin'],
      language: args.language,
    });
    adminId = invited.id;
    created.push('admin');
  }
  return { cityId: args.id, created, adminId };
}
