import { describe, expect, it } from 'vitest';
import {
  type RecordedRequest,
  recordingServerForTests,
  sigV4Signature,
} from '#test/support/recording-server';
import { mailHtml } from './mailer.ts';
import { SesMailer, type SesMailerOptions } from './ses-mailer.ts';

const mail = {
  id: 'm1',
  to: 'amal@example.org',
  language: 'ar',
  subject: 'تذكير: تقرير المرحلة',
  text: 'موعد التقرير بعد 7 أيام.',
  createdAt: '2027-06-01T07:00:00.000Z',
};

describe('SesMailer', () => {
  it('sends the text in UTF-8 from the configured address, in the recipient’s language', () => {
    // Prepare
    const mailer = new SesMailer('no-reply@passerelle.example.org', 'eu-west-1');
    // Act
    const request = mailer.request(mail);
    // Assess
    expect(request).toEqual({
      FromEmailAddress: 'no-reply@passerelle.example.org',
      Destination: { ToAddresses: ['amal@example.org'] },
      Content: {
        Simple: {
          Subject: { Data: 'تذكير: تقرير المرحلة', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'موعد التقرير بعد 7 أيام.', Charset: 'UTF-8' },
            Html: { Data: mailHtml(mail), Charset: 'UTF-8' },
          },
          Headers: [{ Name: 'Content-Language', Value: 'ar' }],
        },
      },
    });
  });

  it('names the configuration set when one is given, so bounces and complaints are tracked', () => {
    // Prepare
    const mailer = new SesMailer('no-reply@passerelle.example.org', 'eu-west-1', 'passerelle-prod');
    // Act
    const request = mailer.request(mail);
    // Assess
    expect(request.ConfigurationSetName).toBe('passerelle-prod');
  });

  it('sends an Arabic mail’s HTML marked Arabic and right to left', () => {
    // Prepare
    const mailer = new SesMailer('no-reply@passerelle.example.org', 'eu-west-1');
    // Act
    const html = mailer.request(mail).Content.Simple.Body.Html.Data;
    // Assess
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<p>موعد التقرير بعد 7 أيام.</p>');
  });
});

describe('SesMailer, as SES receives it', () => {
  const env = {
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'session-token-of-the-role',
  };
  const retry = { retries: 2, baseMs: 1, maxMs: 5 };
  const accepted = () => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"MessageId":"0100018c-example"}',
  });

  const ses = recordingServerForTests(accepted);
  /** A mailer that sends to the local stand-in for SES, with short waits between attempts. */
  const localMailer = (configurationSet?: string, options: SesMailerOptions = {}) =>
    new SesMailer('no-reply@passerelle.example.org', 'eu-west-1', configurationSet, {
      env,
      endpoint: ses().url,
      retry,
      ...options,
    });

  it('posts the mail to SendEmail as JSON, signed for SES in the region with the role’s session', async () => {
    // Prepare
    const mailer = localMailer('passerelle-prod');
    // Act
    await mailer.send(mail);
    // Assess
    expect(ses().requests).toHaveLength(1);
    const [req] = ses().requests as [RecordedRequest];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v2/email/outbound-emails');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual(mailer.request(mail));
    expect(req.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req.headers['x-amz-security-token']).toBe('session-token-of-the-role');
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ses\/aws4_request, SignedHeaders=[a-z0-9;-]*host;[a-z0-9;-]*x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(String(req.headers.authorization).slice(-64)).toBe(
      sigV4Signature(req, env.AWS_SECRET_ACCESS_KEY, 'eu-west-1', 'ses'),
    );
  });

  it('sends no session token header when the credentials have none', async () => {
    // Prepare
    const mailer = localMailer(undefined, {
      env: { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY },
    });
    // Act
    await mailer.send(mail);
    // Assess
    const [req] = ses().requests as [RecordedRequest];
    expect(req.headers['x-amz-security-token']).toBeUndefined();
    expect(req.headers.authorization).toContain('SignedHeaders=host;x-amz-date,');
  });

  it('names SES’s refusal and its reason, without the addresses SES quotes, and does not retry it', async () => {
    // Prepare
    ses().answer = () => ({
      status: 400,
      headers: {
        'content-type': 'application/json',
        'x-amzn-ErrorType': 'MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/',
      },
      body: JSON.stringify({
        message:
          'Email address is not verified. The following identities failed the check in region EU-WEST-1: amal@example.org',
      }),
    });
    const mailer = localMailer();
    // Act
    const sent = mailer.send(mail);
    // Assess
    await expect(sent).rejects.toThrow(
      'ses: MessageRejected (HTTP 400): Email address is not verified. The following identities failed the check in region EU-WEST-1: <address>',
    );
    expect(ses().requests).toHaveLength(1);
  });

  it('tries again when SES throttles or fails on its side, and sends once it accepts', async () => {
    // Prepare
    ses().answer = (_, n) =>
      n === 0
        ? {
            status: 429,
            headers: { 'x-amzn-ErrorType': 'TooManyRequestsException' },
            body: '{"message":"Too many requests"}',
          }
        : n === 1
          ? { status: 503, body: '' }
          : accepted();
    const mailer = localMailer();
    // Act
    await mailer.send(mail);
    // Assess
    expect(ses().requests).toHaveLength(3);
    expect(new Set(ses().requests.map((r) => r.body)).size).toBe(1);
  });

  it('gives up after a bounded number of attempts and says SES was throttling', async () => {
    // Prepare
    ses().answer = () => ({
      status: 429,
      headers: { 'x-amzn-ErrorType': 'TooManyRequestsException' },
      body: '{"message":"Maximum sending rate exceeded."}',
    });
    const mailer = localMailer();
    // Act
    const sent = mailer.send(mail);
    // Assess
    await expect(sent).rejects.toThrow(
      'ses: TooManyRequestsException (HTTP 429): Maximum sending rate exceeded.',
    );
    expect(ses().requests).toHaveLength(1 + retry.retries);
  });

  it('refuses to send without credentials in the environment, naming them', async () => {
    // Prepare
    const mailer = localMailer(undefined, { env: {} });
    // Act
    const sent = mailer.send(mail);
    // Assess
    await expect(sent).rejects.toThrow('AWS_ACCESS_KEY_ID');
    expect(ses().requests).toHaveLength(0);
  });
});
