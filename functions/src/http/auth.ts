/**
 * Authentication: the verifier of a bearer JWT (middleware/auth.ts uses it to yield the actor).
 * Locally the token is signed with a local key (HS256) by POST /auth/dev-login; deployed, it is a
 * Cognito ID token verified against the user pool's JWKS, and its groups are the roles.
 */
import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { type Actor, ROLES, type Role, type User } from '#domain/types';

export type AuthConfig =
  | {
      readonly mode: 'local';
      readonly secret: Uint8Array;
      readonly issuer: string;
      readonly audience: string;
    }
  | {
      readonly mode: 'cognito';
      readonly region: string;
      readonly userPoolId: string;
      /** The app client (the web's) every ID token must be for: a token of another client is refused. */
      readonly clientId: string;
      readonly domain?: string;
      /**
       * The user pool's issuer, where its keys are published. Default: AWS's
       * (`https://cognito-idp.<region>.amazonaws.com/<pool>`); the tests name cognito-local's.
       */
      readonly issuer?: string;
    };

export const LOCAL_ISSUER = 'passerelle-local';
export const LOCAL_AUDIENCE = 'passerelle';

export type Verifier = (token: string) => Promise<Actor>;

const roleList = (value: unknown): Role[] =>
  Array.isArray(value)
    ? value.filter((r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r))
    : [];

function actorFrom(payload: JWTPayload, city: unknown, org: unknown, roles: unknown): Actor {
  if (typeof payload.sub !== 'string' || typeof city !== 'string')
    throw new Error('token lacks subject or city');
  return {
    userId: payload.sub,
    cityId: city,
    organisationId: typeof org === 'string' && org.length > 0 ? org : undefined,
    roles: roleList(roles),
  };
}

export function createVerifier(config: AuthConfig): Verifier {
  if (config.mode === 'local') {
    // The key is imported once, not at every request (jose would import raw bytes each time).
    const key = crypto.subtle.importKey(
      'raw',
      new Uint8Array(config.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    return async (token) => {
      const { payload } = await jwtVerify(token, await key, {
        algorithms: ['HS256'],
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['exp', 'sub'],
      });
      return actorFrom(payload, payload.city, payload.org, payload.roles);
    };
  }
  const issuer = config.issuer ?? `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  return async (token) => {
    const { payload } = await jwtVerify(token, jwks, {
      algorithms: ['RS256'],
      issuer,
      audience: config.clientId,
      requiredClaims: ['exp', 'sub'],
    });
    if (payload.token_use !== 'id') throw new Error('not an ID token');
    return actorFrom(
      payload,
      payload['custom:city'],
      payload['custom:organisation'],
      payload['cognito:groups'],
    );
  };
}

export async function signLocalToken(
  config: Extract<AuthConfig, { mode: 'local' }>,
  user: User,
  now: Date,
  ttlSeconds = 12 * 3600,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    city: user.cityId,
    org: user.organisationId ?? '',
    roles: user.roles,
    email: user.email,
    name: user.name,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(config.secret);
}

/** The city of an organisation, or undefined when it is unknown. */
export type OrganisationCity = (organisationId: string) => Promise<string | undefined>;

/** Organisations do not move between cities: keep each one's city for a few minutes per process. */
export function cachedOrganisationCity(
  load: (organisationId: string) => Promise<{ cityId: string } | undefined>,
  ttlMs = 5 * 60_000,
  now: () => number = Date.now,
): OrganisationCity {
  const entries = new Map<string, { cityId: string | undefined; until: number }>();
  return async (organisationId) => {
    const hit = entries.get(organisationId);
    if (hit && hit.until > now()) return hit.cityId;
    const cityId = (await load(organisationId))?.cityId;
    if (entries.size > 10_000) entries.clear();
    entries.set(organisationId, { cityId, until: now() + ttlMs });
    return cityId;
  };
}
