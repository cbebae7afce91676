import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEXES, PRIMARY_KEY, TABLE_NAME_DEFAULT, TTL_ATTRIBUTE } from '../functions/src/store/table.ts';
import { CSP_FILE, cspFileText } from '../web/csp.ts';
import { buildApp, cdkJsonContext } from './build.ts';
import { stageConfig } from './config.ts';
import { ADMIN_ROUTES } from './constructs/api.ts';
import { USER_GROUPS } from './constructs/auth.ts';
import { USER_DIRECTORY_ACTIONS } from './constructs/functions.ts';
import { API_PATHS, CACHED_PUBLIC_PATH, STREAMED_PATHS } from './constructs/web.ts';

// Template assertions for each point of issue 4, for both stages, and the cdk-nag AwsSolutions pack.
// Bundling is skipped (context aws:cdk:bundling-stacks = []) except in the one test that checks the bundle.

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
/** The path of SES's SendEmail, which only the tick job's bundle sends to. */
const SES_SEND_EMAIL = '/v2/email/outbound-emails';
/** A boot script's hash as the web build writes it (web/csp.ts). */
const BOOT_HASH = "'sha256-p5XYCExlIjSsK14stDdvFnGEJAvFAb0jSbsFK8ZBsxE='";
/** What prod requires (infra/config.ts): the edge stack's web ACL and a custom domain of the API. */
const PROD_EDGE = {
  webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/passerelle-prod-web/abc',
  apiDomainName: 'api.passerelle.example.org',
  apiCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
};
type Json = Record<string, unknown>;

interface Synth {
  app: App;
  template: Template;
  resources: (type: string) => Record<string, Json>;
  edge: Template;
}

let outRoot: string;
const outdir = () => mkdtempSync(join(outRoot, 'cdk.out-'));

function synth(context: Record<string, unknown>, options: Parameters<typeof buildApp>[0] = {}): Synth {
  const { app, stack, edge } = buildApp({
    web: 'none',
    outdir: outdir(),
    ...options,
    context: { ...cdkJsonContext(), ...context },
  });
  const template = Template.fromStack(stack); // runs the cdk-nag plugin: throws on any unacknowledged finding
  return {
    app,
    template,
    resources: (type) => template.findResources(type) as Record<string, Json>,
    edge: Template.fromStack(edge),
  };
}

function only<T>(record: Record<string, T>): T {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0] as T;
}

const props = (resource: Json) => resource.Properties as Json;

let dev: Synth;
let prod: Synth;
let withWeb: Synth;
let webDir: string;

beforeAll(() => {
  outRoot = mkdtempSync(join(tmpdir(), 'passerelle-infra-'));
  webDir = mkdtempSync(join(outRoot, 'web-'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Passerelle</title>');
  writeFileSync(join(webDir, 'app.js'), 'console.log(1);');
  writeFileSync(join(webDir, CSP_FILE), cspFileText([BOOT_HASH]));
  dev = synth({ ...NO_BUNDLING, stage: 'dev' });
  prod = synth({
    ...NO_BUNDLING,
    stage: 'prod',
    ...PROD_EDGE,
    alarmEmail: 'ops@example.org',
    mailFrom: 'alerts@city.example.org',
  });
  withWeb = synth(
    { ...NO_BUNDLING, stage: 'prod', ...PROD_EDGE },
    { web: webDir, env: { account: '123456789012', region: 'eu-west-1' } },
  );
}, 60_000);

afterAll(() => {
  rmSync(outRoot, { recursive: true, force: true });
});

describe('DynamoDB', () => {
  it('defines the table and indexes of functions/src/store/table.ts, on demand', () => {
    // Prepare
    const table = props(only(dev.resources('AWS::DynamoDB::Table')));
    // Act
    const indexes = table.GlobalSecondaryIndexes as Json[];
    // Assess
    expect(table.TableName).toBe(`${TABLE_NAME_DEFAULT}-dev`);
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.KeySchema).toEqual([
      { AttributeName: PRIMARY_KEY.partitionKey, KeyType: 'HASH' },
      { AttributeName: PRIMARY_KEY.sortKey, KeyType: 'RANGE' },
    ]);
    expect(indexes).toEqual(
      INDEXES.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(table.AttributeDefinitions).toEqual(
      expect.arrayContaining(
        [
          PRIMARY_KEY.partitionKey,
          PRIMARY_KEY.sortKey,
          ...INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
        ].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      ),
    );
  });

  it('has point-in-time recovery, deletion protection, TTL and encryption at rest, and is retained, in both stages', () => {
    for (const { template } of [dev, prod]) {
      // Prepare
      const expected = {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        SSESpecification: { SSEEnabled: true }, // the AWS-managed KMS key (aws/dynamodb)
      };
      // Act / Assess
      template.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike(expected),
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
  });
});

describe('Lambda', () => {
  it('builds the api, admin, tick and exports functions for arm64 on Node.js 22 or newer, with structured JSON logs', () => {
    // Prepare
    const functions = Object.values(dev.resources('AWS::Lambda::Function')).map(props);
    // Act
    const names = functions.map((fn) => fn.FunctionName).sort();
    // Assess
    expect(names).toEqual([
      'passerelle-dev-admin',
      'passerelle-dev-anchor',
      'passerelle-dev-api',
      'passerelle-dev-exports',
      'passerelle-dev-tick',
    ]);
    for (const fn of functions) {
      expect(fn.Architectures).toEqual(['arm64']);
      expect(Number(/^nodejs(\d+)\.x$/.exec(String(fn.Runtime))?.[1])).toBeGreaterThanOrEqual(22);
      expect(fn.Handler).toBe('index.handler');
      expect(fn.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } });
    }
  });

  it('gives the api, admin and tick functions the environment the code reads', () => {
    // Prepare
    const functions = Object.values(dev.resources('AWS::Lambda::Function'))
      .map(props)
      .filter((fn) =>
        ['passerelle-dev-api', 'passerelle-dev-admin', 'passerelle-dev-tick'].includes(
          String(fn.FunctionName),
        ),
      );
    expect(functions).toHaveLength(3);
    for (const fn of functions) {
      // Act
      const variables = (fn.Environment as { Variables: Json }).Variables;
      // Assess
      expect(variables).toMatchObject({
        TABLE_NAME: { Ref: expect.stringMatching(/^DataTable/) },
        COGNITO_USER_POOL_ID: { Ref: expect.stringMatching(/^AuthUserPool/) },
        COGNITO_CLIENT_ID: { Ref: expect.stringMatching(/^AuthUserPoolWebClient/) },
        COGNITO_DOMAIN: expect.objectContaining({ 'Fn::Join': expect.anything() }),
        WEB_ORIGIN: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }]] },
        PUBLIC_URL: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }]] },
        MAIL_FROM: expect.stringContaining('@'),
        NODE_OPTIONS: '--enable-source-maps',
      });
      // Only what the code reads (functions/src/runtime/config.ts): no setting that nothing reads.
      expect(Object.keys(variables)).not.toContain('STAGE');
      expect(Object.keys(variables)).not.toContain('AUTH_MODE');
      // The admin function's routes keep no file: it is not told of the documents bucket.
      expect(Object.keys(variables).includes('DOCUMENTS_BUCKET')).toBe(
        fn.FunctionName !== 'passerelle-dev-admin',
      );
    }
  });

  it('keeps logs by stage: a week in dev, three months in prod, retained in prod only', () => {
    for (const [{ template }, days, policy] of [
      [dev, 7, 'Delete'],
      [prod, 90, 'Retain'],
    ] as const) {
      // Prepare
      const groups = template.findResources('AWS::Logs::LogGroup');
      // Act
      const values = Object.values(groups) as Json[];
      // Assess
      expect(values.length).toBe(6); // api, admin, tick, exports, anchor, API access logs
      for (const group of values) {
        expect(props(group).RetentionInDays).toBe(days);
        expect(group.DeletionPolicy).toBe(policy);
      }
    }
  });

  it('bundles with esbuild: ESM, minified, with a source map, the AWS SDK inside', () => {
    // Prepare: a real synthesis of the dev stage, bundling on (local esbuild, no Docker)
    const { app, stack } = buildApp({
      web: 'none',
      outdir: outdir(),
      context: { ...cdkJsonContext(), stage: 'dev' },
    });
    // Act
    const assembly = app.synth();
    // Each function's bundle, by the asset its code is (`asset.<hash>` holds `<hash>.zip`'s files).
    const bundleOf = Object.fromEntries(
      Object.values(
        Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template).findResources(
          'AWS::Lambda::Function',
        ),
      ).map((fn) => [
        String(props(fn).FunctionName).replace(/^passerelle-dev-/, ''),
        join(assembly.directory, `asset.${String((props(fn).Code as Json).S3Key).replace(/\.zip$/, '')}`),
      ]),
    );
    const bundles = readdirSync(assembly.directory)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(assembly.directory, name))
      .filter((dir) => readdirSync(dir).includes('index.mjs'));
    // Assess
    expect(bundles).toHaveLength(5);
    expect(Object.values(bundleOf).sort()).toEqual([...bundles].sort());
    for (const dir of bundles) {
      // Beside the entry: the chunks it imports on demand and the fonts of the PDF renderer, if it has them.
      const extra = readdirSync(dir).filter((f) => !['index.mjs', 'index.mjs.map'].includes(f));
      expect(readdirSync(dir)).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map']));
      expect(extra.filter((f) => f !== 'chunks' && f !== 'fonts')).toEqual([]);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code).toMatch(/^import ?\{ ?createRequire as [\w$]+ ?\} ?from ?["']node:module["'];/); // ESM, with require()
      expect(code).toMatch(/export\{[^}]*\b[\w$]{1,3} as handler\b[^}]*\}/); // ESM export, minified (mangled)
      expect(code).toMatch(/sourceMappingURL=index\.mjs\.map/);
      // The SDK is bundled: no static import of it is left to the runtime.
      expect(code.match(/\bfrom\s*["']@aws-sdk\/[^"']+["']/g)).toBeNull();
      // Nothing is left to a dynamic import() that the bundler could not follow.
      expect(code.match(/\bimport\s*\(\s*["']@aws-sdk\/[^"']+["']/g)).toBeNull();
    }
    const sources = bundles.map((dir) => readFileSync(join(dir, 'index.mjs'), 'utf8'));
    expect(new Set(sources).size).toBe(5); // each function its own bundle
    for (const code of sources) {
      // infra/bundling.ts: zod's messages in English only, AWS credentials from the environment only
      expect(code).not.toContain('Input non valido'); // zod's Italian locale
      expect(code).not.toContain('sso_start_url'); // the SDK's SSO credential provider
      // The exports bundle also carries the SSM client (the web client's id, read at cold start), in a chunk
      // of its own; the api, exports and tick the S3 client, its presigners and file-type (documents:
      // functions/src/files/), also each in a chunk loaded on first use.
    }
    // What each cold start parses (index.mjs and the chunks it imports statically), held just above its size
    // so that growth is a decision: see bench/findings.md, sections "Cold start", "The rarely used routes" and
    // the table's own client; the top-level arrows written as functions add about 2.6 % ("Arrows of the top level").
    const BOUND_KB = { api: 284, admin: 253, exports: 228, tick: 147, anchor: 18 };
    expect(Object.keys(bundleOf).sort()).toEqual(Object.keys(BOUND_KB).sort());
    for (const [name, bound] of Object.entries(BOUND_KB)) {
      const loaded = loadedCode(bundleOf[name] as string);
      expect(
        loaded.reduce((sum, file) => sum + Buffer.byteLength(file), 0),
        name,
      ).toBeLessThan(bound * 1024);
      // The table is reached through store/dynamo-client.ts: neither the SDK's DynamoDB client nor its
      // document client is parsed at a cold start (both names were in every bundle that had them).
      const code = loaded.join('\n');
      expect(code).not.toContain('@aws-sdk/client-dynamodb');
      expect(code).not.toContain('DynamoDBDocumentClient');
    }
    expect(sources.some((code) => code.includes('DynamoDB_20120810'))).toBe(true); // the api's DynamoDB client
    // Only the tick job sends mail (SES's SendEmail, functions/src/jobs/ses-mailer.ts), and none carries the SES client.
    expect(sources.filter((code) => code.includes(SES_SEND_EMAIL))).toHaveLength(1);
    expect(sources.filter((code) => code.includes('SimpleEmailService_v2'))).toEqual([]);
  }, 150_000); // five bundles; the api's and the exports' each build the OpenAPI document from the sources
});

describe('IAM: least privilege', () => {
  const ITEM_ACTIONS = [
    'dynamodb:BatchGetItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
  ];

  function statementsOf(roleFunctionName: string): Json[] {
    const functions = dev.resources('AWS::Lambda::Function');
    const fn = Object.values(functions).find((f) => props(f).FunctionName === roleFunctionName) as Json;
    const roleId = ((props(fn).Role as Json)['Fn::GetAtt'] as string[])[0];
    const policies = Object.values(dev.resources('AWS::IAM::Policy')).filter((p) =>
      (props(p).Roles as Json[]).some((r) => r.Ref === roleId),
    );
    const role = dev.resources('AWS::IAM::Role')[roleId as string] as Json;
    expect(props(role).ManagedPolicyArns).toBeUndefined();
    return policies.flatMap((p) => (props(p).PolicyDocument as { Statement: Json[] }).Statement);
  }

  it.each(['passerelle-dev-api', 'passerelle-dev-admin', 'passerelle-dev-tick'])(
    '%s may use only this table and its indexes',
    (name) => {
      // Prepare
      const statements = statementsOf(name);
      // Act
      // The tick's conditional DeleteItem of unattached uploads has its own test (documents bucket, below).
      const dynamo = statements.filter(
        (s) =>
          s.Sid !== 'SweepUnattachedItems' &&
          [s.Action].flat().some((a) => String(a).startsWith('dynamodb:')),
      );
      const actions = dynamo.flatMap((s) => [s.Action].flat()).sort();
      // Assess
      expect(actions).toEqual([...ITEM_ACTIONS, 'dynamodb:Query'].sort());
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions).not.toContain('dynamodb:DeleteItem');
      const items = dynamo.find((s) => s.Sid === 'TableItems') as Json;
      expect(items.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataTable/), 'Arn'] });
      const query = dynamo.find((s) => s.Sid === 'TableAndIndexQuery') as Json;
      expect(JSON.stringify(query.Resource)).not.toContain('*');
      for (const index of INDEXES) expect(JSON.stringify(query.Resource)).toContain(`/index/${index.name}"`);
      for (const statement of statements) expect(statement.Resource).not.toBe('*');
    },
  );

  it('gives the api its documents bucket and the object rights of Documents.grantApi, and the tick only the sweep’s deletes', () => {
    // Prepare
    const api = statementsOf('passerelle-dev-api');
    const tick = statementsOf('passerelle-dev-tick');
    const fn = Object.values(dev.resources('AWS::Lambda::Function'))
      .map(props)
      .find((f) => f.FunctionName === 'passerelle-dev-api') as Json;
    const bucketName = (fn.Environment as { Variables: Json }).Variables.DOCUMENTS_BUCKET;
    // Assess
    expect(bucketName).toEqual({ Ref: expect.stringMatching(/^DocumentsBucket/) });
    expect(api.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(['DocumentObjects', 'DocumentScanVerdict', 'DocumentMissingIs404']),
    );
    const s3 = tick.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('s3:')));
    expect(s3.map((s) => [s.Sid, s.Action])).toEqual([['SweepUnattachedObjects', 's3:DeleteObject']]);
    const sweep = tick.find((s) => s.Sid === 'SweepUnattachedItems') as Json;
    expect(sweep.Action).toBe('dynamodb:DeleteItem');
    expect(sweep.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DOC#*'] } });
    expect(api.some((s) => [s.Action].flat().includes('dynamodb:DeleteItem'))).toBe(false);
  });

  it('lets only the tick job send e-mail, only from MAIL_FROM', () => {
    // Prepare
    const api = statementsOf('passerelle-dev-api');
    const tick = statementsOf('passerelle-dev-tick');
    // Act
    const ses = tick.find((s) => s.Action === 'ses:SendEmail') as Json;
    // Assess
    expect(JSON.stringify(api)).not.toContain('ses:');
    expect(ses.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'no-reply@passerelle.example.org' } });
    expect(JSON.stringify(ses.Resource)).toContain(':identity/no-reply@passerelle.example.org');
    expect(JSON.stringify(ses.Resource)).not.toContain('*');
  });

  it('lets only the admin function, which serves the users routes, change users in the pool, and that pool only', () => {
    // Prepare
    const admin = statementsOf('passerelle-dev-admin');
    // Act
    const cognito = admin.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('cognito-idp:')));
    // Assess
    expect(cognito).toHaveLength(1);
    expect([cognito[0]?.Action].flat().sort()).toEqual([...USER_DIRECTORY_ACTIONS].sort());
    expect(cognito[0]?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AuthUserPool/), 'Arn'] });
    for (const other of ['api', 'tick', 'exports', 'anchor']) {
      expect(JSON.stringify(statementsOf(`passerelle-dev-${other}`)), other).not.toContain('cognito-idp:');
    }
  });
});

describe('API Gateway HTTP API', () => {
  it('serves the $default stage, auto-deployed, with JSON access logs and throttling by stage', () => {
    for (const [{ template }, rate, burst] of [
      [dev, 20, 40],
      [prod, 100, 200],
    ] as const) {
      // Act / Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst },
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
          Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
        },
      });
    }
  });

  it('puts the Cognito JWT authorizer on every route but the public ones, and does not route dev-login', () => {
    const PUBLIC = [
      'GET /health',
      'GET /openapi.json',
      'GET /docs',
      'GET /auth/config',
      'GET /v1/public/{proxy+}',
      // The admin function's: a CSO's registration before it has an account, an impact page by its link.
      'POST /v1/public/cities/{cityId}/registrations',
      'GET /v1/public/impact/{token}',
    ];
    // Prepare
    const routes = Object.values(dev.resources('AWS::ApiGatewayV2::Route')).map(props);
    const signedIn = [
      'ANY /v1/{proxy+}',
      ...ADMIN_ROUTES.filter((r) => !r.why).map((r) => `${r.method} ${r.path}`),
    ];
    // Act
    const byKey = Object.fromEntries(routes.map((r) => [r.RouteKey, r]));
    // Assess
    expect(Object.keys(byKey).sort()).toEqual([...PUBLIC, ...signedIn].sort());
    for (const key of PUBLIC) expect(byKey[key]?.AuthorizationType).toBe('NONE');
    for (const key of signedIn) {
      expect(byKey[key], key).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: expect.stringMatching(/Cognito/) },
      });
    }
    // Of /auth/*, only the public Cognito settings: never the local dev sign-in.
    expect(routes.filter((r) => String(r.RouteKey).includes('/auth')).map((r) => r.RouteKey)).toEqual([
      'GET /auth/config',
    ]);
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('^AuthUserPoolWebClient') }],
        Issuer: Match.objectLike({
          'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: Match.stringLikeRegexp('^AuthUserPool') }])]),
        }),
      },
    });
  });

  it('integrates every route with the api function, or the admin function the admin routes (payload 2.0), and has no CORS', () => {
    // Prepare
    const integrations = dev.resources('AWS::ApiGatewayV2::Integration');
    const routes = Object.values(dev.resources('AWS::ApiGatewayV2::Route')).map(props);
    const api = props(only(dev.resources('AWS::ApiGatewayV2::Api')));
    const admin = new Set(ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`));
    // Act
    // A route's target is `integrations/<the integration's Ref>`; the integration's URI names the function.
    const functionOf = (route: Json) => {
      const [, integration] =
        Object.entries(integrations).find(([id]) => JSON.stringify(route.Target).includes(`"${id}"`)) ?? [];
      return JSON.stringify(integration && props(integration).IntegrationUri);
    };
    // Assess
    expect(Object.keys(integrations)).toHaveLength(2);
    for (const integration of Object.values(integrations)) {
      expect(props(integration)).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    }
    for (const route of routes) {
      const expected = admin.has(String(route.RouteKey)) ? /Functionsadmin/ : /Functionsapi/;
      expect(functionOf(route), String(route.RouteKey)).toMatch(expected);
    }
    expect(api).toMatchObject({ ProtocolType: 'HTTP' });
    expect(api.CorsConfiguration).toBeUndefined();
  });
});

describe('Cognito', () => {
  it('has the five role groups and the city and organisation attributes', () => {
    // Prepare
    const groups = Object.values(dev.resources('AWS::Cognito::UserPoolGroup')).map((g) => props(g).GroupName);
    const pool = props(only(dev.resources('AWS::Cognito::UserPool')));
    // Assess
    expect(groups.sort()).toEqual(USER_GROUPS.map((g) => g.name).sort());
    expect(groups.sort()).toEqual(['admin', 'city_officer', 'cso', 'funder', 'mayor_office']);
    expect(pool.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: 'city', AttributeDataType: 'String', Mutable: true }),
        expect.objectContaining({ Name: 'organisation', AttributeDataType: 'String', Mutable: true }),
      ]),
    );
  });

  it('has a strong password policy, MFA available (TOTP) and admin-created accounts only', () => {
    // Act / Assess
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      MfaConfiguration: 'ON',
      EnabledMfas: Match.arrayWith(['SOFTWARE_TOKEN_MFA']),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    const pool = props(only(dev.resources('AWS::Cognito::UserPool')));
    expect(
      (pool.Policies as { PasswordPolicy: { MinimumLength: number } }).PasswordPolicy.MinimumLength,
    ).toBeGreaterThanOrEqual(12);
  });

  it('has a hosted sign-in client for the web front end: code flow only, no secret, returning to /sign-in on CloudFront', () => {
    // Prepare
    const client = props(only(dev.resources('AWS::Cognito::UserPoolClient')));
    // Assess
    expect(client).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email', 'profile']),
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(client.CallbackURLs).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'https://',
            { 'Fn::GetAtt': [expect.stringMatching(/^WebDistribution/), 'DomainName'] },
            '/sign-in',
          ],
        ],
      },
    ]);
    expect(client.WriteAttributes).not.toContain('custom:city');
    expect(client.WriteAttributes).not.toContain('custom:organisation');
    dev.template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('is protected and retained in prod, removable in dev', () => {
    // Act / Assess
    prod.template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE', UserPoolName: 'passerelle-prod-users' }),
      DeletionPolicy: 'Retain',
    });
    dev.template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
      DeletionPolicy: 'Delete',
    });
  });
});

describe('EventBridge Scheduler', () => {
  it('runs the tick function daily, with a role that may invoke only that function', () => {
    // Prepare
    const schedule = props(only(dev.resources('AWS::Scheduler::Schedule')));
    const roleId = ((schedule.Target as Json).RoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    // Act
    const statements = Object.values(dev.resources('AWS::IAM::Policy'))
      .filter((p) => (props(p).Roles as Json[]).some((r) => r.Ref === roleId))
      .flatMap((p) => (props(p).PolicyDocument as { Statement: Json[] }).Statement);
    // Assess
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 4 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^Functionstick/), 'Arn'] } },
    });
    expect(statements).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Functionstick/), 'Arn'] },
      },
    ]);
  });
});

describe('Web: S3 and CloudFront', () => {
  it('keeps every bucket private, encrypted and TLS-only', () => {
    // Prepare
    const buckets = dev.resources('AWS::S3::Bucket');
    const policies = Object.values(dev.resources('AWS::S3::BucketPolicy')).map(props);
    // Assess
    expect(Object.keys(buckets)).toHaveLength(4); // site, access logs, audit anchors, documents
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(props(bucket)).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      });
      const policy = policies.find((p) => (p.Bucket as Json).Ref === id) as Json;
      expect((policy.PolicyDocument as { Statement: Json[] }).Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('serves the site bucket through Origin Access Control only', () => {
    // Prepare
    const distribution = props(only(dev.resources('AWS::CloudFront::Distribution')))
      .DistributionConfig as Json;
    const origins = distribution.Origins as Json[];
    // Act
    const s3Origin = origins.find((o) => o.S3OriginConfig) as Json;
    // Assess
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect(s3Origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    dev.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    dev.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('serves the API under the same distribution, uncached, with every viewer header but Host', () => {
    // Prepare
    const distribution = props(only(dev.resources('AWS::CloudFront::Distribution')))
      .DistributionConfig as Json;
    const apiOrigin = (distribution.Origins as Json[]).find((o) =>
      JSON.stringify(o.DomainName).includes('.execute-api.'),
    ) as Json;
    // Act
    const behaviors = (distribution.CacheBehaviors as Json[]).filter(
      (b) =>
        !(STREAMED_PATHS as readonly string[]).includes(String(b.PathPattern)) &&
        b.PathPattern !== CACHED_PUBLIC_PATH,
    );
    // Assess
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('.execute-api.');
    expect(apiOrigin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(behaviors.map((b) => b.PathPattern)).toEqual([...API_PATHS]);
    expect(API_PATHS).toContain('/v1/*');
    for (const behavior of behaviors) {
      expect(behavior).toMatchObject({
        TargetOriginId: apiOrigin.Id,
        ViewerProtocolPolicy: 'https-only',
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
        AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']),
      });
    }
    expect(distribution.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https' });
    expect(distribution.Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('streams the big downloads from their own read-only function, matched before /v1/*', () => {
    // Prepare
    const distribution = props(only(dev.resources('AWS::CloudFront::Distribution')))
      .DistributionConfig as Json;
    const url = props(only(dev.resources('AWS::Lambda::Url')));
    const exportsFn = Object.entries(dev.resources('AWS::Lambda::Function')).find(
      ([, fn]) => props(fn).FunctionName === 'passerelle-dev-exports',
    );
    const origin = (distribution.Origins as Json[]).find((o) =>
      JSON.stringify(o.DomainName).includes('FunctionUrl'),
    ) as Json;
    // Act
    const patterns = (distribution.CacheBehaviors as Json[]).map((b) => String(b.PathPattern));
    const streamed = (distribution.CacheBehaviors as Json[]).filter((b) => b.TargetOriginId === origin.Id);
    // Assess: CloudFront takes the first pattern that matches, so the downloads come before /v1/*
    expect(url).toMatchObject({ InvokeMode: 'RESPONSE_STREAM', AuthType: 'NONE' });
    expect(url.TargetFunctionArn).toEqual({ 'Fn::GetAtt': [exportsFn?.[0], 'Arn'] });
    expect(streamed.map((b) => b.PathPattern)).toEqual([...STREAMED_PATHS]);
    expect(Math.max(...STREAMED_PATHS.map((p) => patterns.indexOf(p)))).toBeLessThan(
      patterns.indexOf('/v1/*'),
    );
    for (const behavior of streamed) {
      expect(behavior).toMatchObject({
        ViewerProtocolPolicy: 'https-only',
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      });
    }
    // The exports function reads only; the web client's id reaches it through SSM (Trust tests below).
    const variables = (props(exportsFn?.[1] as Json).Environment as { Variables: Json }).Variables;
    expect(variables.COGNITO_USER_POOL_ID).toBeDefined();
    const policies = Object.values(dev.resources('AWS::IAM::Policy')).map((p) => JSON.stringify(props(p)));
    const exportsPolicy = policies.find((p) => p.includes('exportsrole'));
    expect(exportsPolicy).toBeDefined();
    expect(exportsPolicy).not.toMatch(/dynamodb:(PutItem|UpdateItem|DeleteItem|Scan)/);
  });

  it('sends the security headers on the web and the API', () => {
    // Prepare
    const policies = Object.values(dev.resources('AWS::CloudFront::ResponseHeadersPolicy')).map(
      (p) => (props(p).ResponseHeadersPolicyConfig as Json).SecurityHeadersConfig as Json,
    );
    const distribution = props(only(dev.resources('AWS::CloudFront::Distribution')))
      .DistributionConfig as Json;
    // Assess
    expect(policies).toHaveLength(2);
    for (const headers of policies) {
      expect(headers).toMatchObject({
        StrictTransportSecurity: {
          AccessControlMaxAgeSec: 63_072_000,
          IncludeSubdomains: true,
          Override: true,
        },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
      });
    }
    const csp = policies.find((h) => h.ContentSecurityPolicy)?.ContentSecurityPolicy as Json;
    expect(JSON.stringify(csp)).toContain("default-src 'self'");
    expect(JSON.stringify(csp)).toContain("frame-ancestors 'none'");
    expect((distribution.DefaultCacheBehavior as Json).ResponseHeadersPolicyId).toEqual({
      Ref: expect.any(String),
    });
    for (const behavior of distribution.CacheBehaviors as Json[]) {
      expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: expect.any(String) });
    }
  });

  it('uploads the web build only when one exists', () => {
    // Act / Assess
    dev.template.resourceCountIs('Custom::CDKBucketDeployment', 0);
    withWeb.template.resourceCountIs('Custom::CDKBucketDeployment', 2);
    withWeb.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/*'],
      Include: ['index.html', 'sw.js'],
    });
    // The service worker goes with index.html (never cached), the build's .br/.gz copies not at all.
    withWeb.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      Exclude: ['index.html', 'sw.js', '*.br', '*.gz', CSP_FILE],
    });
  });

  it('lets the page run its boot script, by the hash the web build wrote, and no other inline script', () => {
    // Act
    const csp = (template: Template) =>
      JSON.stringify(
        Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))
          .map((r) => (props(r).ResponseHeadersPolicyConfig as Json).SecurityHeadersConfig as Json)
          .find((h) => h.ContentSecurityPolicy),
      );
    // Assess
    expect(csp(withWeb.template)).toContain(`script-src 'self' ${BOOT_HASH};`);
    expect(csp(prod.template)).toContain("script-src 'self';");
  });
});

describe('Alarms', () => {
  it('sends API 5xx, Lambda errors and throttles and DynamoDB throttles to the SNS topic', () => {
    // Prepare
    const alarms = Object.values(prod.resources('AWS::CloudWatch::Alarm')).map(props);
    const topicId = Object.keys(prod.resources('AWS::SNS::Topic'))[0];
    // Act
    const metricOf = (a: Json) => `${a.Namespace}/${a.MetricName}`;
    const simple = alarms
      .filter((a) => a.MetricName)
      .map(metricOf)
      .sort();
    const expression = alarms.find((a) => a.Metrics) as Json;
    const throttleMetrics = (expression.Metrics as Json[])
      .filter((m) => m.MetricStat)
      .map((m) => ((m.MetricStat as Json).Metric as Json).MetricName);
    // Assess
    expect(simple).toEqual(
      [
        'AWS/ApiGateway/5xx',
        ...Array(5).fill('AWS/Lambda/Errors'),
        ...Array(5).fill('AWS/Lambda/Throttles'),
      ].sort(),
    );
    expect(throttleMetrics).toHaveLength(2 * (1 + INDEXES.length));
    expect(new Set(throttleMetrics)).toEqual(new Set(['ReadThrottleEvents', 'WriteThrottleEvents']));
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    prod.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
    dev.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('Stages', () => {
  it('names every resource by stage', () => {
    // Prepare
    const names = (s: Synth) => [
      props(only(s.resources('AWS::DynamoDB::Table'))).TableName,
      props(only(s.resources('AWS::ApiGatewayV2::Api'))).Name,
      props(only(s.resources('AWS::SNS::Topic'))).TopicName,
      props(only(s.resources('AWS::Scheduler::Schedule'))).Name,
    ];
    // Assess
    expect(names(dev)).toEqual([
      'passerelle-dev',
      'passerelle-dev-api',
      'passerelle-dev-alarms',
      'passerelle-dev-daily-deadlines',
    ]);
    expect(names(prod)).toEqual([
      'passerelle-prod',
      'passerelle-prod-api',
      'passerelle-prod-alarms',
      'passerelle-prod-daily-deadlines',
    ]);
  });

  it('destroys buckets in dev and retains them in prod', () => {
    for (const [{ template }, policy] of [
      [dev, 'Delete'],
      [prod, 'Retain'],
    ] as const) {
      const buckets = Object.values(template.findResources('AWS::S3::Bucket')) as Json[];
      for (const bucket of buckets) {
        // The audit anchors are locked for years whatever the stage: their bucket is always retained.
        const expected = props(bucket).ObjectLockEnabled ? 'Retain' : policy;
        expect(bucket.DeletionPolicy).toBe(expected);
      }
    }
  });

  it('reads per-stage settings from `stages.<stage>` in cdk.json, overridden by -c', () => {
    // Prepare
    const stages = { prod: { mailFrom: 'reminders@city.example.org', alarmEmail: 'ops@city.example.org' } };
    // Act
    const fromFile = stageConfig(new App({ context: { stage: 'prod', stages, ...PROD_EDGE } }).node);
    const overridden = stageConfig(
      new App({ context: { stage: 'prod', stages, mailFrom: 'x@example.org', ...PROD_EDGE } }).node,
    );
    const otherStage = stageConfig(new App({ context: { stage: 'dev', stages } }).node);
    // Assess
    expect(fromFile).toMatchObject({
      mailFrom: 'reminders@city.example.org',
      alarmEmail: 'ops@city.example.org',
    });
    expect(overridden.mailFrom).toBe('x@example.org');
    expect(otherStage).toMatchObject({ mailFrom: 'no-reply@passerelle.example.org', alarmEmail: undefined });
  });

  it('rejects an unknown stage and a malformed sender', () => {
    // Act / Assess
    expect(() => buildApp({ outdir: outdir(), context: { ...NO_BUNDLING, stage: 'staging' } })).toThrow(
      /stage/,
    );
    expect(() => buildApp({ outdir: outdir(), context: { ...NO_BUNDLING, mailFrom: 'nobody' } })).toThrow(
      /mailFrom/,
    );
  });
});

describe('cdk-nag AwsSolutions (v3, Validations API)', () => {
  function acknowledgements(app: App): Map<string, string> {
    const found = new Map<string, string>();
    const visit = (construct: IConstruct) => {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          found.set(`${construct.node.path} ${id.replace(/^annotation::/i, '')}`, reason);
        }
      }
      for (const child of construct.node.children) visit(child);
    };
    visit(app);
    return found;
  }

  it.each([
    ['dev', () => dev],
    ['prod', () => prod],
    ['prod with a web build', () => withWeb],
  ])('%s: no unacknowledged finding, each acknowledgement with a reason and needed', (_name, get) => {
    // Prepare
    const { app } = get();
    const everything = new AwsSolutionsChecks();
    Object.defineProperty(everything, 'isAcknowledged', { value: () => false });
    // Act
    const report = new AwsSolutionsChecks().validateScope(app);
    const raw = everything.validateScope(app).violations.map((v) => v.ruleName);
    const acks = acknowledgements(app);
    // Assess
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
    for (const [where, reason] of acks) {
      expect(reason.length, where).toBeGreaterThan(40);
      const id = where.split(' ')[1] as string;
      expect(raw, `${where} is acknowledged but never reported`).toContain(id);
    }
  });
});

describe('Trust: evidence and limits', () => {
  const fn = (s: Synth, name: string) =>
    Object.entries(s.resources('AWS::Lambda::Function')).find(
      ([, f]) => props(f).FunctionName === `passerelle-dev-${name}`,
    ) as [string, Json];
  const policiesOfRole = (s: Synth, roleId: string) =>
    Object.values(s.resources('AWS::IAM::Policy'))
      .filter((p) => (props(p).Roles as Json[]).some((r) => r.Ref === roleId))
      .flatMap((p) => (props(p).PolicyDocument as { Statement: Json[] }).Statement);
  const roleOf = (f: [string, Json]) => ((props(f[1]).Role as Json)['Fn::GetAtt'] as string[])[0] as string;

  it('anchors each new audit entry from the table stream in an Object Lock bucket, compliance mode', () => {
    // Prepare
    const table = props(only(dev.resources('AWS::DynamoDB::Table')));
    const buckets = Object.entries(dev.resources('AWS::S3::Bucket')).filter(
      ([, b]) => props(b).ObjectLockEnabled === true,
    );
    const [bucketId, bucket] = only(Object.fromEntries(buckets.map(([id, b]) => [id, [id, b] as const])));
    const mapping = props(only(dev.resources('AWS::Lambda::EventSourceMapping')));
    const anchor = fn(dev, 'anchor');
    // Assess
    expect(table.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(props(bucket)).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [expect.anything()] },
    });
    expect((bucket as Json).DeletionPolicy).toBe('Retain');
    prod.template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
    });
    const bucketPolicy = JSON.stringify(
      Object.values(dev.resources('AWS::S3::BucketPolicy')).find(
        (p) => (props(p).Bucket as Json).Ref === bucketId,
      ),
    );
    expect(bucketPolicy).toContain('"aws:SecureTransport":"false"');
    expect(bucketPolicy).toContain('OnlyTheAnchorFunctionWrites');
    expect(mapping).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^DataTable/), 'StreamArn'] },
      FunctionName: { Ref: anchor[0] },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
    });
    expect(JSON.stringify(mapping.FilterCriteria)).toContain('INSERT');
    expect((props(anchor[1]).Environment as { Variables: Json }).Variables.ANCHOR_BUCKET).toEqual({
      Ref: bucketId,
    });
  });

  it('lets the anchor function only put anchors, and no other function write to the anchor bucket', () => {
    // Prepare
    const bucketId = Object.entries(dev.resources('AWS::S3::Bucket')).find(
      ([, b]) => props(b).ObjectLockEnabled === true,
    )?.[0] as string;
    const anchorStatements = policiesOfRole(dev, roleOf(fn(dev, 'anchor')));
    // Act
    const s3Actions = anchorStatements
      .flatMap((st) => [st.Action].flat())
      .filter((a) => String(a).startsWith('s3:'));
    // Assess
    expect(s3Actions).toEqual(['s3:PutObject']);
    expect(JSON.stringify(anchorStatements)).not.toMatch(
      /s3:Delete|dynamodb:(PutItem|UpdateItem|DeleteItem|Scan)/,
    );
    for (const other of ['api', 'admin', 'tick', 'exports']) {
      const statements = JSON.stringify(policiesOfRole(dev, roleOf(fn(dev, other))));
      expect(statements, other).not.toContain(bucketId);
      // The api writes documents only (Documents.grantApi), the tick deletes unattached uploads only
      // (Documents.grantSweep): on the documents bucket, not the anchors'.
      const writes = policiesOfRole(dev, roleOf(fn(dev, other))).filter((st) =>
        [st.Action].flat().some((a) => /^s3:(Put|Delete)/.test(String(a))),
      );
      for (const st of writes) expect(JSON.stringify(st.Resource), other).toMatch(/DocumentsBucket/);
      expect(writes.length > 0, other).toBe(other === 'api' || other === 'tick');
    }
  });

  it('requires a second factor of every account, TOTP or an e-mail code sent through SES', () => {
    for (const { template } of [dev, prod]) {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: 'ON',
        EnabledMfas: Match.arrayEquals(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']),
        EmailConfiguration: Match.objectLike({ EmailSendingAccount: 'DEVELOPER' }),
        UserPoolTier: 'ESSENTIALS',
      });
    }
  });

  it('gives the exports function the web client, through an SSM parameter it alone may read', () => {
    // Prepare
    const exportsFn = fn(dev, 'exports');
    const variables = (props(exportsFn[1]).Environment as { Variables: Json }).Variables;
    const parameter = props(only(dev.resources('AWS::SSM::Parameter')));
    const statements = policiesOfRole(dev, roleOf(exportsFn));
    // Assess
    expect(variables.COGNITO_CLIENT_ID_PARAMETER).toBe('/passerelle-dev/web-client-id');
    expect(parameter).toMatchObject({
      Name: '/passerelle-dev/web-client-id',
      Value: { Ref: expect.stringMatching(/^AuthUserPoolWebClient/) },
    });
    const read = statements.find((st) => st.Action === 'ssm:GetParameter') as Json;
    expect(JSON.stringify(read.Resource)).toContain(':parameter/passerelle-dev/web-client-id');
    for (const other of ['api', 'admin', 'tick', 'anchor']) {
      expect(JSON.stringify(policiesOfRole(dev, roleOf(fn(dev, other))))).not.toContain('ssm:');
    }
  });

  it('rate-limits each IP with a CloudFront web ACL in us-east-1, stricter on registrations, the register and sign-in', () => {
    // Prepare
    const acl = props(only(prod.edge.findResources('AWS::WAFv2::WebACL') as Record<string, Json>));
    const distribution = props(only(prod.resources('AWS::CloudFront::Distribution')))
      .DistributionConfig as Json;
    // Act
    const rules = acl.Rules as Json[];
    const limits = Object.fromEntries(
      rules.map((r) => [r.Name, ((r.Statement as Json).RateBasedStatement as Json).Limit]),
    );
    // Assess
    expect(acl.Scope).toBe('CLOUDFRONT');
    expect(prod.edge.toJSON()).toBeDefined();
    expect(Object.keys(limits)).toEqual(['registrations-per-ip', 'public-and-sign-in-per-ip', 'all-per-ip']);
    expect(Number(limits['registrations-per-ip'])).toBeLessThan(Number(limits['public-and-sign-in-per-ip']));
    expect(Number(limits['public-and-sign-in-per-ip'])).toBeLessThan(Number(limits['all-per-ip']));
    for (const rule of rules) {
      expect((rule.Statement as Json).RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP' });
      expect(rule.Action).toEqual({ Block: {} });
    }
    const scopes = JSON.stringify(rules.map((r) => r.Statement));
    for (const path of ['/v1/public/', '/auth/', '/registrations']) expect(scopes).toContain(path);
    expect(distribution.WebACLId).toBe(PROD_EDGE.webAclArn);
    expect(() =>
      buildApp({ outdir: outdir(), context: { ...cdkJsonContext(), ...NO_BUNDLING, stage: 'prod' } }),
    ).toThrow(/webAclArn/);
  });

  it('caches the public register for the max-age the API sends, with the query string in the key', () => {
    // Prepare
    const distribution = props(only(dev.resources('AWS::CloudFront::Distribution')))
      .DistributionConfig as Json;
    const behaviors = distribution.CacheBehaviors as Json[];
    const policy = props(only(dev.resources('AWS::CloudFront::CachePolicy'))).CachePolicyConfig as Json;
    // Act
    const patterns = behaviors.map((b) => b.PathPattern);
    const publicBehavior = behaviors.find((b) => b.PathPattern === '/v1/public/*') as Json;
    // Assess
    expect(patterns.indexOf('/v1/public/*')).toBeLessThan(patterns.indexOf('/v1/*'));
    expect(Math.max(...STREAMED_PATHS.map((p) => patterns.indexOf(p)))).toBeLessThan(
      patterns.indexOf('/v1/public/*'),
    );
    expect(publicBehavior.CachePolicyId).toEqual({ Ref: expect.stringMatching(/PublicCache/) });
    expect(policy).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 86_400 });
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      CookiesConfig: { CookieBehavior: 'none' },
    });
    expect(JSON.stringify(policy)).not.toContain('Authorization');
  });

  it('bounds the exports function with reserved concurrency', () => {
    expect(props(fn(dev, 'exports')[1]).ReservedConcurrentExecutions).toBe(2);
    prod.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'passerelle-prod-exports',
      ReservedConcurrentExecutions: 10,
    });
  });

  it('disables the default execute-api endpoint in prod, where CloudFront reaches the API by its own domain', () => {
    // Prepare
    const api = props(only(prod.resources('AWS::ApiGatewayV2::Api')));
    const distribution = props(only(prod.resources('AWS::CloudFront::Distribution')))
      .DistributionConfig as Json;
    // Assess
    expect(api.DisableExecuteApiEndpoint).toBe(true);
    prod.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: PROD_EDGE.apiDomainName,
    });
    prod.template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    expect((distribution.Origins as Json[]).map((o) => o.DomainName)).toContain(PROD_EDGE.apiDomainName);
  });
});

/** The code of a bundle's index.mjs and of the chunks it imports statically (what a cold start parses). */
function loadedCode(dir: string, file = 'index.mjs', seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const code = readFileSync(join(dir, file), 'utf8');
  const imports = [...code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\/[\w./-]+\.mjs)["']/g)];
  return [
    code,
    ...imports.flatMap((m) => loadedCode(dir, posix.join(posix.dirname(file), m[1] as string), seen)),
  ];
}
