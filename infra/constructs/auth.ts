import { Aws, Duration, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';

/** The Cognito groups, one per role of the spec; a user's groups arrive in the `cognito:groups` claim. */
export const USER_GROUPS = [
  { name: 'cso', description: 'Member of a registered civil-society organisation' },
  { name: 'city_officer', description: 'Migration / social-cohesion department of a city' },
  { name: 'mayor_office', description: "The mayor's office of a city" },
  { name: 'funder', description: 'Member of a funding organisation' },
  { name: 'admin', description: "A city's administrator" },
] as const;

/** Custom attributes (claims `custom:city` and `custom:organisation` of the ID token). */
export const CUSTOM_ATTRIBUTES = ['city', 'organisation'] as const;

/**
 * Cognito sign-in: a user pool with the role groups and the tenancy attributes, a Cognito-hosted
 * sign-in domain, and (once the web origin is known) the public client of the web front end.
 * Accounts are created by a city's admin (no self sign-up), so nobody chooses their own city,
 * organisation or group.
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `${config.prefix}-users`,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: Object.fromEntries(
        CUSTOM_ATTRIBUTES.map((name) => [name, new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true })]),
      ),
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.stage === 'prod',
      removalPolicy: config.removalPolicy,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is available to every user (TOTP, optional) as the issue asks; it is not forced because members of small CSOs sign in rarely and may have no authenticator app. Officers and the mayor’s office are asked to enrol during onboarding (docs/deploy.md).',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Essentials feature plan is free for the first 10,000 monthly active users; the Plus plan (threat protection) is billed per MAU from the first user, which a network of small cities cannot justify for now. Switching is one property (featurePlan) when a city asks for it.',
      },
    );

    for (const [precedence, group] of USER_GROUPS.entries()) {
      new cognito.UserPoolGroup(this, `Group-${group.name}`, {
        userPool: this.userPool,
        groupName: group.name,
        description: group.description,
        precedence,
      });
    }

    this.domain = this.userPool.addDomain('Domain', {
      // Unique per account and region, as a Cognito prefix must be.
      cognitoDomain: { domainPrefix: `${config.prefix}-${Aws.ACCOUNT_ID}` },
    });
  }

  /** The hosted sign-in base URL, e.g. `https://passerelle-dev-123456789012.auth.eu-west-1.amazoncognito.com`. */
  get signInUrl(): string {
    return this.domain.baseUrl();
  }

  /**
   * The public client of the web front end: authorisation code grant with PKCE, no secret, tokens for
   * one hour, refresh for seven days. The client can read the tenancy attributes but never write them
   * (only an admin, through the Cognito API, sets city and organisation).
   */
  addWebClient(webOrigin: string): cognito.UserPoolClient {
    return this.userPool.addClient('WebClient', {
      userPoolClientName: 'web',
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${webOrigin}/`, `${webOrigin}/auth/callback`],
        logoutUrls: [`${webOrigin}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES),
      // Cognito requires the required attributes (email) to be writable; a new address is used only once verified.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });
  }
}
