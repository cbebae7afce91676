import { describe, expect, it } from 'vitest';
import {
  anchorSchema,
  apiSchema,
  ConfigError,
  checkCliSchema,
  exportsClientSchema,
  localServerSchema,
  parseConfig,
  tickCliSchema,
  tickSchema,
  webClientSchema,
} from './config.ts';

describe('the validated configuration of each entry point', () => {
  it('refuses a deployed function without its table, naming every setting at fault', () => {
    // Act
    const missing = () => parseConfig('tick', tickSchema, {});
    // Assess
    expect(missing).toThrow(ConfigError);
    expect(missing).toThrow(/^tick: invalid configuration: TABLE_NAME must be set; MAIL_FROM must be set$/);
  });

  it('refuses a malformed address rather than using it', () => {
    expect(() =>
      parseConfig('api', apiSchema, { TABLE_NAME: 't', DYNAMODB_ENDPOINT: 'localhost:8000' }),
    ).toThrow(/DYNAMODB_ENDPOINT must be an http\(s\) URL/);
    expect(
      parseConfig('api', apiSchema, {
        TABLE_NAME: 't',
        WEB_ORIGIN: 'https://a.example',
        DOCUMENTS_BUCKET: 'docs',
      }),
    ).toEqual({
      TABLE_NAME: 't',
      DYNAMODB_ENDPOINT: undefined,
      WEB_ORIGIN: 'https://a.example',
      DOCUMENTS_BUCKET: 'docs',
      S3_ENDPOINT: undefined,
    });
  });

  it('gives a local tool the embedded table, but wants TABLE_NAME with an outside DynamoDB', () => {
    // Act
    const embedded = parseConfig('audit:verify', checkCliSchema, {});
    const outside = () =>
      parseConfig('audit:verify', checkCliSchema, { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' });
    // Assess
    expect(embedded).toMatchObject({ dataDir: '.data', tableName: 'passerelle', dynamoEndpoint: undefined });
    expect(outside).toThrow(/TABLE_NAME must be set with DYNAMODB_ENDPOINT/);
  });

  it('reads the local server’s port and DEMO_DATA, and refuses values it does not know', () => {
    expect(parseConfig('passerelle', localServerSchema, {})).toMatchObject({ PORT: 3000, DEMO_DATA: true });
    expect(parseConfig('passerelle', localServerSchema, { PORT: '8080', DEMO_DATA: 'OFF' })).toMatchObject({
      PORT: 8080,
      DEMO_DATA: false,
    });
    expect(() => parseConfig('passerelle', localServerSchema, { PORT: 'eighty' })).toThrow(
      /PORT must be a port/,
    );
    expect(() => parseConfig('passerelle', localServerSchema, { DEMO_DATA: 'maybe' })).toThrow(
      /DEMO_DATA is "maybe"/,
    );
  });

  it('names what each deployed function misses, and keeps only the settings it reads', () => {
    // Act
    const anchor = () => parseConfig('anchor', anchorSchema, { ANCHOR_BUCKET: ' ', S3_ENDPOINT: 'ftp://x' });
    const pool = () => parseConfig('api', webClientSchema, { COGNITO_CLIENT_ID: 'web' });
    const exportsClient = () => parseConfig('exports', exportsClientSchema, { COGNITO_USER_POOL_ID: 'p' });
    const read = parseConfig('anchor', anchorSchema, {
      ANCHOR_BUCKET: ' anchors ',
      S3_ENDPOINT: '',
      TABLE_NAME: 'not-read',
    });
    // Assess
    expect(anchor).toThrow(
      /^anchor: invalid configuration: ANCHOR_BUCKET must be set; S3_ENDPOINT must be an http\(s\) URL$/,
    );
    expect(pool).toThrow(/^api: invalid configuration: COGNITO_USER_POOL_ID must be set$/);
    expect(exportsClient).toThrow(/COGNITO_CLIENT_ID or COGNITO_CLIENT_ID_PARAMETER must be set/);
    expect(read).toEqual({ ANCHOR_BUCKET: 'anchors' });
    expect(Object.keys(read)).not.toContain('TABLE_NAME');
  });

  it('gives `npm run tick` the local server’s address for links unless PUBLIC_URL is set', () => {
    expect(parseConfig('tick', tickCliSchema, { PORT: '8080' })).toEqual({
      dataDir: '.data',
      dynamoEndpoint: undefined,
      tableName: 'passerelle',
      publicUrl: 'http://localhost:8080',
    });
    expect(parseConfig('tick', tickCliSchema, { PUBLIC_URL: 'https://city.example' })).toMatchObject({
      publicUrl: 'https://city.example',
    });
    expect(() => parseConfig('tick', tickCliSchema, { PORT: '70000', DATA_DIR: '' })).toThrow(
      /^tick: invalid configuration: PORT must be a port number; DATA_DIR must not be blank$/,
    );
  });
});
