import { Aws, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ssm from 'aws-cdk-lib/aws-ssm';
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

/** The page of the web front end that Cognito's hosted sign-in returns to (web/src/session.ts). */
export const SIGN_IN_PATH = '/sign-in';

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
  /** Holds the web client's id for the exports function, which cannot have it in its environment. */
  readonly clientIdParameterName: string;
  private readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    this.clientIdParameterName = `/${config.prefix}/web-client-id`;

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
        CUSTOM_ATTRIBUTES.map((name) => [
          name,
          new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        ]),
      ),
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff decide and pay: a second factor for every account. Cognito has no per-group switch, so the
      // whole pool requires it, with codes a CSO member can use too: an authenticator app or e-mail.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, email: true, sms: false },
      // E-mail codes need Cognito to send through SES, from the stage's verified sender.
      email: cognito.UserPoolEmail.withSES({
        fromEmail: config.mailFrom,
        fromName: 'Passerelle',
        sesVerifiedDomain: config.mailFrom.split('@')[1] ?? config.mailFrom,
        sesRegion: Token.isUnresolved(Stack.of(this).region) ? config.sesRegion : Stack.of(this).region,
      }),
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.stage === 'prod',
      removalPolicy: config.removalPolicy,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Essentials feature plan is free for the first 10,000 monthly active users; the Plus plan (threat protection) is billed per MAU from the first user, which a network of small cities cannot justify for now. Switching is one property (featurePlan) when a city asks for it.',
    });

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

  /** The hosted sign-in host, e.g. `passerelle-dev-123456789012.auth.eu-west-1.amazoncognito.com`. */
  get signInHost(): string {
    return `${this.domain.domainName}.auth.${Stack.of(this).region}.amazoncognito.com`;
  }

  /** The hosted sign-in base URL: `https://` and the host. */
  get signInUrl(): string {
    return `https://${this.signInHost}`;
  }

  /**
   * The public client of the web front end, no secret, ID and access tokens for one hour. Only the
   * authorisation code grant (the web sends PKCE, `state` and `nonce`): the implicit grant would hand
   * tokens over in the URL, where history, logs and other scripts can read them.
   * The client can read the tenancy attributes but never write them (only an admin, through the Cognito
   * API, sets city and organisation).
   */
  addWebClient(webOrigin: string): cognito.UserPoolClient {
    const client = this.userPool.addClient('WebClient', {
      userPoolClientName: 'web',
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { implicitCodeGrant: false, authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${webOrigin}${SIGN_IN_PATH}`],
        logoutUrls: [`${webOrigin}${SIGN_IN_PATH}`],
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
    new ssm.StringParameter(this, 'WebClientIdParameter', {
      parameterName: this.clientIdParameterName,
      description: `Passerelle ${this.config.stage}: the web client whose ID tokens the exports function accepts`,
      stringValue: client.userPoolClientId,
    });
    return client;
  }

  /** The parameter's ARN built from its name, so that reading it does not depend on the client (no cycle). */
  get clientIdParameterArn(): string {
    return Stack.of(this).formatArn({
      service: 'ssm',
      resource: 'parameter',
      resourceName: this.clientIdParameterName.slice(1),
    });
  }
}
