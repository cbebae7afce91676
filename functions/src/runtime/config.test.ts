import { describe, expect, it } from 'vitest';
import {
  apiSchema,
  ConfigError,
  checkCliSchema,
  localServerSchema,
  parseConfig,
  tickSchema,
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
});
